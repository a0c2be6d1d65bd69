import fc from "fast-check";
import { networkSchema, type Network } from "../../src/sim/network.js";
import { v } from "./sim.js";

/** Random small networks: mines → magnet plants → product lines, every stage fully connected. */
export const randomNetworks: fc.Arbitrary<{ net: Network; allocation: string }> = fc
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
