import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compile } from "../../src/sim/compile.js";
import { runOutput, simulate } from "../../src/sim/engine.js";
import type { Network } from "../../src/sim/network.js";
import type { Scenario } from "../../src/sim/scenario.js";
import { solveTwin } from "../../src/sim/twin.js";
import { randomNetworks } from "../helpers/random-network.js";
import { fixtureNetwork, scenarioOf, v } from "../helpers/sim.js";

function engineTotal(net: Network, sc: Scenario): number {
  const m = compile(net, sc, null);
  const out = runOutput(m, false);
  simulate(m, out);
  return out.shortfall.reduce((a, b) => a + b, 0);
}

describe("linear twin", () => {
  it("equals the engine on a serial chain hit from the first month (outage)", async () => {
    const net = fixtureNetwork("direct");
    const sc = scenarioOf(
      {
        shocks: [
          { kind: "outage", name: "mine", node: "mine", from: "2025-01", recovery: v(3), severity: v(1) },
        ],
      },
      net,
    );
    const twin = await solveTwin(compile(net, sc, null));
    assert.equal(twin.status, "Optimal");
    assert.equal(engineTotal(net, sc), 20);
    assert.ok(Math.abs(twin.total - 20) < 1e-6, `twin ${twin.total}`);
  });

  it("equals the engine on a three-stage chain under a licensing regime with a fixed delay", async () => {
    const net = fixtureNetwork("chain");
    const sc = scenarioOf(
      {
        months: 12,
        shocks: [
          {
            kind: "export-control",
            name: "Dy",
            exporter: "CHN",
            from: "2025-01",
            to: "2025-06",
            scope: { elements: ["Dy"] },
            approval: v(0.4),
            delay: { dist: "fixed", mean: v(1) },
          },
        ],
      },
      net,
    );
    const engine = engineTotal(net, sc);
    const twin = await solveTwin(compile(net, sc, null));
    assert.ok(engine > 0, "the control bites");
    assert.ok(Math.abs(twin.total - engine) < 1e-6, `twin ${twin.total} vs engine ${engine}`);
  });

  it("never exceeds the engine: the engine's path is one the twin can take", async () => {
    const net = fixtureNetwork("grades");
    const scenarios = [
      { shocks: [] },
      {
        allocation: "priority",
        shocks: [
          {
            kind: "export-control",
            name: "Dy",
            exporter: "CHN",
            from: "2025-03",
            scope: { elements: ["Dy"] },
            approval: v(0.2),
            delay: { dist: "lognormal", mean: v(1.5), spread: v(1) },
            cap: v(10),
          },
          { kind: "outage", name: "jp", node: "jp-ht", from: "2025-04", recovery: v(3), severity: v(0.6) },
        ],
      },
    ];
    for (const s of scenarios) {
      const sc = scenarioOf({ months: 15, ...s }, net);
      const twin = await solveTwin(compile(net, sc, null));
      const engine = engineTotal(net, sc);
      assert.ok(twin.total <= engine + 1e-6, `twin ${twin.total} > engine ${engine}`);
      if (s.shocks.length === 0) assert.ok(Math.abs(twin.total) < 1e-9);
    }
  });

  it("never exceeds the engine on random small networks under random controls", async () => {
    await fc.assert(
      fc.asyncProperty(
        randomNetworks,
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        async ({ net, allocation }, from, approval, delay) => {
          const sc = scenarioOf(
            {
              months: 10,
              allocation,
              shocks: [
                {
                  kind: "export-control",
                  name: "c",
                  exporter: "CHN",
                  from: `2025-0${from + 1}`,
                  scope: { elements: ["Dy"] },
                  approval: v(approval),
                  delay: { dist: "fixed", mean: v(delay) },
                },
              ],
            },
            net,
          );
          const twin = await solveTwin(compile(net, sc, null));
          const engine = engineTotal(net, sc);
          assert.ok(
            twin.total <= engine + 1e-6 * Math.max(1, engine),
            `twin ${twin.total} > engine ${engine}`,
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
