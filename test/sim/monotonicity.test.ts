import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compile } from "../../src/sim/compile.js";
import { runOutput, simulate } from "../../src/sim/engine.js";
import { networkSchema, type Network } from "../../src/sim/network.js";
import { scenarioOf, v } from "../helpers/sim.js";

/** Random small networks: mines → magnet plants → product lines, every stage fully connected. */
const networks = fc
  .record({
    mines: fc.array(
      fc.record({
        country: fc.constantFrom("CHN", "AUS"),
        slack: fc.double({ min: 1, max: 3, noNaN: true }),
      }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
    plants: fc.array(
      fc.record({
        country: fc.constantFrom("CHN", "JPN", "USA"),
        slack: fc.double({ min: 1, max: 3, noNaN: true }),
        cover: fc.constantFrom(0, 0.5, 1, 2),
        per: fc.constantFrom(0.3, 0.5, 1),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    products: fc.array(
      fc.record({
        demand: fc.integer({ min: 1, max: 40 }),
        per: fc.constantFrom(1, 2, 3),
        cover: fc.constantFrom(0, 1, 2),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    lead: fc.integer({ min: 1, max: 3 }),
    allocation: fc.constantFrom("pro-rata", "priority"),
  })
  .map(({ mines, plants, products, lead, allocation }) => {
    // Capacities are a slack (≥ 1) times the planned load, so the base case always meets demand.
    const magnet = products.reduce((s, p) => s + p.demand * p.per, 0) / plants.length;
    const oxide = plants.reduce((s, p) => s + magnet * p.per, 0) / mines.length;
    const net: Network = networkSchema.parse({
      name: "random",
      elements: ["Nd", "Dy"],
      materials: [
        { id: "ox", content: { Nd: v(0.5), Dy: v(0.1) } },
        { id: "mag", content: { Nd: v(0.1), Dy: v(0.01) } },
      ],
      nodes: [
        ...mines.map((m, i) => ({
          id: `mine-${i}`,
          stage: "mine",
          country: m.country,
          output: "ox",
          capacity: v(oxide * m.slack),
        })),
        ...plants.map((p, i) => ({
          id: `plant-${i}`,
          stage: "magnet",
          country: p.country,
          output: "mag",
          capacity: v(magnet * p.slack),
          cover: v(p.cover),
          inputs: [{ material: "ox", perUnit: v(p.per) }],
        })),
        ...products.map((p, i) => ({
          id: `line-${i}`,
          stage: "product",
          country: "USA",
          endUse: "ev",
          capacity: v(1e6),
          cover: v(p.cover),
          demand: v(p.demand),
          inputs: [{ material: "mag", perUnit: v(p.per) }],
        })),
      ],
      edges: [
        ...plants.flatMap((_, j) =>
          mines.map((_, i) => ({
            from: `mine-${i}`,
            to: `plant-${j}`,
            leadTime: v(lead),
            share: v(1 / mines.length),
          })),
        ),
        ...products.flatMap((_, j) =>
          plants.map((_, i) => ({
            from: `plant-${i}`,
            to: `line-${j}`,
            leadTime: v(lead),
            share: v(1 / plants.length),
          })),
        ),
      ],
    });
    return { net, allocation };
  });

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
