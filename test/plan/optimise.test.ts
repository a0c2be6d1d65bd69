import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { UsageError } from "../../src/errors.js";
import { evaluatePortfolio } from "../../src/plan/evaluate.js";
import { leverFileSchema, type Portfolio } from "../../src/plan/lever.js";
import { optimisePlan, type PlanProblem } from "../../src/plan/optimise.js";
import { applyPortfolio } from "../../src/plan/portfolio.js";
import { compile } from "../../src/sim/compile.js";
import { runOutput, simulate } from "../../src/sim/engine.js";
import { networkProblems } from "../../src/sim/network.js";
import { fixtureNetwork, scenarioOf, v } from "../helpers/sim.js";

const net = fixtureNetwork("chain");
const levers = leverFileSchema.parse(
  parse(readFileSync(new URL("../fixtures/plan/chain-levers.yaml", import.meta.url), "utf8")),
).levers;
// China licenses 40% of the plant's contracted oxide for the whole year: 6 of 10 kg a month are missing.
const scenario = scenarioOf(
  {
    months: 12,
    shocks: [
      {
        kind: "export-control",
        name: "oxide licensing",
        exporter: "CHN",
        from: "2025-01",
        scope: { elements: ["Dy"] },
        approval: v(0.4),
        delay: { dist: "fixed", mean: v(0) },
      },
    ],
  },
  net,
);
const problem = (over: Partial<PlanProblem>): PlanProblem => ({
  network: net,
  levers,
  scenarios: [scenario],
  samples: 0,
  seed: 1,
  objective: { kind: "min-loss", budget: 1e9, penaltyPerKg: 1 },
  ...over,
});

/** Lost magnet in tonnes from one deterministic engine run of the network with the portfolio. */
function engineLoss(p: Portfolio): number {
  const m = compile(applyPortfolio(net, levers, p), scenario, null);
  const out = runOutput(m, false);
  simulate(m, out);
  let t = 0;
  for (let q = 0; q < m.products; q++)
    for (let k = 0; k < m.months; k++) t += (out.shortfall[q * m.months + k]! * m.magnetPerUnit[q]!) / 1000;
  return t;
}

describe("planner", () => {
  it("gives the engine's shortfall for a fixed portfolio with deterministic delays", async () => {
    const portfolios: Portfolio[] = [
      { name: "none", choices: [] },
      { name: "substitute", choices: [{ lever: "less-magnet", size: 1 }] },
      { name: "diversify", choices: [{ lever: "aus-mine", size: 0.5 }] },
    ];
    for (const p of portfolios) {
      assert.deepEqual(networkProblems(applyPortfolio(net, levers, p)), [], p.name);
      const milp = await optimisePlan(problem({ fixed: p }));
      const engine = engineLoss(p);
      assert.ok(
        Math.abs(milp.inSample.mean - engine) < 1e-9,
        `${p.name}: MILP ${milp.inSample.mean} vs engine ${engine}`,
      );
    }
    // By hand: 6 kg oxide a month missing = 12 kg magnet = 6 motors × 2 kg a month, cover 1 month of
    // plant stock and 1 of motors first: 48 kg over the year with nothing done, half with half the magnet.
    assert.ok(Math.abs(engineLoss({ name: "none", choices: [] }) - 0.048) < 1e-12);
    assert.ok(
      Math.abs(engineLoss({ name: "s", choices: [{ lever: "less-magnet", size: 1 }] }) - 0.024) < 1e-12,
    );
  });

  it("finds the hand-known cheapest portfolio that meets a target", async () => {
    // Supply levers only: the stockpile (10) or the Australian mine at half size (50) or in full (100).
    const supply = levers.filter((l) => l.kind !== "substitution");
    const zero = await optimisePlan({
      ...problem({ objective: { kind: "min-cost", measure: "mean", targetTonnes: 0 } }),
      levers: supply,
    });
    assert.deepEqual(zero.portfolio.choices, [{ lever: "buffer", size: 1, start: "2025-01" }]);
    assert.equal(zero.cost.total, 10);
    assert.equal(zero.inSample.mean, 0);
    const loose = await optimisePlan(
      problem({ objective: { kind: "min-cost", measure: "mean", targetTonnes: 0.05 } }),
    );
    assert.deepEqual(loose.portfolio.choices, [], "already under the target: spend nothing");
    const noBuffer = await optimisePlan({
      ...problem({ objective: { kind: "min-cost", measure: "mean", targetTonnes: 0 } }),
      levers: supply.filter((l) => l.id !== "buffer"),
    });
    assert.deepEqual(noBuffer.portfolio.choices, [{ lever: "aus-mine", size: 0.5, start: "2025-01" }]);
    assert.equal(noBuffer.cost.total, 50);
  });

  it("never does worse with more money", async () => {
    let last = Infinity;
    for (const budget of [0, 5, 10, 30, 60, 200]) {
      const r = await optimisePlan(problem({ objective: { kind: "min-loss", budget, penaltyPerKg: 1e6 } }));
      assert.ok(r.cost.total <= budget + 1e-9);
      assert.ok(r.inSample.mean <= last + 1e-12, `budget ${budget}: ${r.inSample.mean} > ${last}`);
      last = r.inSample.mean;
    }
    assert.equal(last, 0);
  });

  it("reports an unreachable target as infeasible and names the binding constraint", async () => {
    // Two years of a full embargo: halving the magnet per motor cannot bring the loss to zero.
    const embargo = scenarioOf(
      {
        months: 24,
        shocks: [
          {
            kind: "export-control",
            name: "embargo",
            exporter: "CHN",
            from: "2025-01",
            scope: { elements: ["Dy"] },
            approval: v(0),
            delay: { dist: "fixed", mean: v(0) },
          },
        ],
      },
      net,
    );
    const only = levers.filter((l) => l.id === "less-magnet");
    const best = await optimisePlan({ ...problem({}), scenarios: [embargo], levers: only });
    assert.ok(best.inSample.mean > 0.01);
    await assert.rejects(
      optimisePlan({
        ...problem({ objective: { kind: "min-cost", measure: "mean", targetTonnes: 0.01 } }),
        scenarios: [embargo],
        levers: only,
      }),
      (e) =>
        e instanceof UsageError &&
        e.message.includes(
          `binding constraint target_mean — the mean lost magnet cannot go below ${best.inSample.mean.toFixed(3)} t even with every lever (target 0.01 t)`,
        ),
    );
  });

  it("re-evaluates in the engine, where a reactive stockpile does less than the twin promised", async () => {
    const plan = await optimisePlan(
      problem({ objective: { kind: "min-cost", measure: "mean", targetTonnes: 0 } }),
    );
    const out = await evaluatePortfolio({
      network: net,
      levers,
      portfolio: plan.portfolio,
      scenarios: [scenario],
      runs: 10,
      seed: 9,
      workers: 1,
    });
    assert.equal(plan.inSample.mean, 0);
    assert.ok(Math.abs(out.overall.meanLostTonnes - 0.004) < 1e-12, `engine ${out.overall.meanLostTonnes}`);
    assert.equal(out.cost.total, 10);
  });

  it("meets a third-country cap at a cost, and names the policy when only it stands in the way", async () => {
    // The Japanese plant takes its oxide from China: at most 65% may come from any one third country.
    const policy = { region: ["JPN"], stages: ["mine" as const], maxThirdCountryShare: 0.65 };
    const target = { kind: "min-cost", measure: "mean", targetTonnes: 0 } as const;
    const free = await optimisePlan(problem({ objective: target }));
    const capped = await optimisePlan(problem({ policy, objective: target }));
    assert.ok(capped.cost.total >= free.cost.total, "a policy never makes the plan cheaper");
    assert.equal(capped.inSample.mean, 0);
    const only = levers.filter((l) => l.id === "less-magnet");
    await assert.rejects(
      optimisePlan({ ...problem({ policy, objective: target }), levers: only }),
      (e) =>
        e instanceof UsageError &&
        /^infeasible: binding constraint policy \(third-country share ≤ 0\.65 of JPN's mine supply\) — with it the mean lost magnet cannot go below \d+\.\d{3} t \(target 0 t\); without it, 0\.000 t$/.test(
          e.message,
        ),
    );
  });
});
