import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compile } from "../../src/sim/compile.js";
import { runOutput, simulate } from "../../src/sim/engine.js";
import type { Network } from "../../src/sim/network.js";
import { randomNetworks as networks } from "../helpers/random-network.js";
import { scenarioOf, v } from "../helpers/sim.js";

function totalShortfall(net: Network, allocation: string, control: Record<string, unknown> | null): number {
  const sc = scenarioOf(
    {
      months: 18,
      allocation,
      shocks: control
        ? [{ kind: "export-control", name: "c", exporter: "CHN", scope: { elements: ["Dy"] }, ...control }]
        : [],
    },
    net,
  );
  const m = compile(net, sc, null);
  const out = runOutput(m, false);
  simulate(m, out);
  return out.shortfall.reduce((a, b) => a + b, 0);
}

const control = fc.record({
  from: fc.integer({ min: 1, max: 6 }),
  months: fc.integer({ min: 1, max: 8 }),
  approval: fc.double({ min: 0, max: 1, noNaN: true }),
  delay: fc.integer({ min: 0, max: 4 }),
});

const asControl = (c: { from: number; months: number; approval: number; delay: number }) => ({
  from: `2025-${String(c.from + 1).padStart(2, "0")}`,
  to: `2025-${String(Math.min(12, c.from + c.months)).padStart(2, "0")}`,
  approval: v(c.approval),
  delay: { dist: "fixed", mean: v(c.delay) },
});

describe("monotonicity over random small networks", () => {
  const tol = 1e-7;

  it("a lower approval rate never reduces shortfall", () => {
    fc.assert(
      fc.property(
        networks,
        control,
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ net, allocation }, c, cut) => {
          const loose = totalShortfall(net, allocation, asControl(c));
          const tight = totalShortfall(net, allocation, asControl({ ...c, approval: c.approval * cut }));
          assert.ok(
            tight >= loose - tol,
            `approval ${c.approval * cut} gave ${tight} < ${loose} at ${c.approval}`,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a longer licensing delay never reduces shortfall", () => {
    fc.assert(
      fc.property(networks, control, fc.integer({ min: 1, max: 4 }), ({ net, allocation }, c, extra) => {
        const short = totalShortfall(net, allocation, asControl(c));
        const long = totalShortfall(net, allocation, asControl({ ...c, delay: c.delay + extra }));
        assert.ok(long >= short - tol, `delay ${c.delay + extra} gave ${long} < ${short}`);
      }),
      { numRuns: 150 },
    );
  });

  it("a longer control never reduces shortfall, and no control means no shortfall", () => {
    fc.assert(
      fc.property(networks, control, fc.integer({ min: 1, max: 4 }), ({ net, allocation }, c, extra) => {
        assert.ok(totalShortfall(net, allocation, null) <= tol, "no control, no shortfall");
        const brief = totalShortfall(net, allocation, asControl(c));
        const longer = totalShortfall(net, allocation, asControl({ ...c, months: c.months + extra }));
        assert.ok(longer >= brief - tol, `${c.months + extra} months gave ${longer} < ${brief}`);
      }),
      { numRuns: 150 },
    );
  });
});
