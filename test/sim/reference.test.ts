import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compile } from "../../src/sim/compile.js";
import { emptyTrace, runOutput, simulate } from "../../src/sim/engine.js";
import { runMonteCarlo } from "../../src/sim/monte-carlo.js";
import { listScenarios, loadScenario, shippedScenarioNames } from "../../src/sim/reference.js";
import { assertMassBalance } from "../helpers/sim.js";

describe("the shipped network and scenarios", () => {
  it("meet all demand with the shocks removed, in every scenario's horizon, in every draw", async () => {
    for (const name of shippedScenarioNames()) {
      const { scenario, network } = loadScenario(name);
      const calm = { ...scenario, shocks: [] };
      const m = compile(network, calm, null);
      const out = runOutput(m);
      const tr = emptyTrace(m);
      simulate(m, out, undefined, tr);
      assert.ok(
        out.shortfall.every((x) => x < 1e-6),
        `${name}: shortfall without shocks`,
      );
      assertMassBalance(m, tr);
      const mc = await runMonteCarlo({
        network,
        scenario: calm,
        runs: 60,
        seed: 5,
        workers: 1,
        keepInventory: false,
      });
      const worst = mc.shortfall.reduce((a, b) => Math.max(a, b), 0);
      assert.ok(worst < 1e-6, `${name}: a draw runs short without shocks (${worst})`);
    }
  });

  it("conserves mass in every shipped scenario and hits only the grades in scope", () => {
    for (const name of shippedScenarioNames()) {
      const { scenario, network } = loadScenario(name);
      const m = compile(network, scenario, null);
      const out = runOutput(m);
      const tr = emptyTrace(m);
      simulate(m, out, undefined, tr);
      assertMassBalance(m, tr);
      const dyFree = network.nodes.findIndex((n) => n.id === "electronics-vnm");
      assert.equal(
        out.shortfall
          .subarray(m.productOf[dyFree]! * m.months, (m.productOf[dyFree]! + 1) * m.months)
          .reduce((a, b) => a + b, 0),
        0,
        name,
      );
    }
  });

  it("cites a source or gives an assumption for every parameter", () => {
    const rows = listScenarios();
    assert.equal(rows.length, 4);
    for (const r of rows)
      assert.ok(r.networkParams.sourced >= 20, `${r.name}: ${JSON.stringify(r.networkParams)}`);
  });
});
