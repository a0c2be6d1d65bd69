import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixtureNetwork } from "../helpers/sim.js";
import { UsageError } from "../../src/errors.js";
import { networkProblems, networkSchema, type Network } from "../../src/sim/network.js";
import { formatTts, ttsAnalysis, type TtsReport } from "../../src/sim/tts.js";
import { v } from "../helpers/sim.js";

const EPS = 1e-9;

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= EPS * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
}

interface Supplier {
  id: string;
  capacity: number;
  inventory?: number;
  cover?: number;
}

/**
 * Mines of material `m` feeding one product line (perUnit 1, so supplier kg map 1:1 to units), with
 * equal shares. Parsed through the schema and checked, so the test networks are valid files.
 */
function line(
  suppliers: Supplier[],
  product: { inventory: number; demand: unknown; capacity?: number; perUnit?: number; yield?: number },
  extra: { nodes?: unknown[]; edges?: unknown[] } = {},
): Network {
  const net = networkSchema.parse({
    name: "line",
    elements: ["Nd"],
    materials: [{ id: "m", content: { Nd: v(0.3) } }],
    nodes: [
      ...suppliers.map((s) => ({
        id: s.id,
        stage: "mine",
        country: "AUS",
        output: "m",
        capacity: v(s.capacity),
        ...(s.inventory !== undefined ? { inventory: v(s.inventory) } : {}),
        ...(s.cover !== undefined ? { cover: v(s.cover) } : {}),
      })),
      {
        id: "motor",
        stage: "product",
        country: "USA",
        endUse: "ev",
        capacity: v(product.capacity ?? 1000),
        inventory: v(product.inventory),
        demand: product.demand,
        inputs: [
          {
            material: "m",
            perUnit: v(product.perUnit ?? 1),
            ...(product.yield !== undefined ? { yield: v(product.yield) } : {}),
          },
        ],
      },
      ...(extra.nodes ?? []),
    ],
    edges: [
      ...suppliers.map((s) => ({ from: s.id, to: "motor", leadTime: v(1), share: v(1 / suppliers.length) })),
      ...(extra.edges ?? []),
    ],
  });
  assert.deepEqual(networkProblems(net), []);
  return net;
}

const only = (r: TtsReport, id: string) => r.nodes.find((n) => n.node === id)!;

describe("time to survive and time to recover", () => {
  it("survives 15 weeks on the line's 100 units and the down supplier's 50 at 10 a week", async () => {
    const net = line([{ id: "s1", capacity: 40, inventory: 50 }], { inventory: 100, demand: v(10) });
    const r = await ttsAnalysis(net, { ttr: 20, nodes: ["s1"], weight: "units" });
    assert.equal(r.nodes.length, 1);
    const s1 = only(r, "s1");
    close(s1.tts, 15);
    assert.equal(s1.stage, "mine");
    assert.equal(s1.country, "AUS");
    assert.equal(s1.flagged, true);
  });

  it("loses 50 units when that supplier takes 20 weeks to recover", async () => {
    const net = line([{ id: "s1", capacity: 40, inventory: 50 }], { inventory: 100, demand: v(10) });
    const s1 = only(await ttsAnalysis(net, { ttr: 20, nodes: ["s1"], weight: "units" }), "s1");
    close(s1.impact.lost["motor"]!, 50);
    close(s1.impact.total, 50);
  });

  it("survives 30 weeks with a second supplier making 5 a week (150 + 5t = 10t)", async () => {
    const net = line(
      [
        { id: "s1", capacity: 40, inventory: 50 },
        { id: "s2", capacity: 5, inventory: 0 },
      ],
      { inventory: 100, demand: v(10) },
    );
    const s1 = only(await ttsAnalysis(net, { ttr: 20, nodes: ["s1"], weight: "units" }), "s1");
    close(s1.tts, 30);
    close(s1.impact.total, 0);
    assert.equal(s1.flagged, false);
  });

  it("reports ∞ for a node whose parallel supplier can carry the whole demand", async () => {
    const net = line(
      [
        { id: "s1", capacity: 40, inventory: 50 },
        { id: "s2", capacity: 20, inventory: 0 },
      ],
      { inventory: 100, demand: v(10) },
    );
    const s1 = only(await ttsAnalysis(net, { ttr: 20, weight: "units" }), "s1");
    assert.equal(s1.tts, Infinity);
    assert.equal(formatTts(s1.tts), "∞ (does not bind)");
    assert.equal(s1.flagged, false);
    assert.deepEqual(s1.impact, { lost: { motor: 0 }, total: 0 });
  });

  it("ranks the product line first, then the binding supplier, then the one that does not bind", async () => {
    const net = line(
      [
        { id: "s2", capacity: 5, inventory: 0 },
        { id: "s1", capacity: 10, inventory: 50 },
      ],
      { inventory: 100, demand: v(10) },
    );
    const r = await ttsAnalysis(net, { ttr: 20, weight: "units" });
    assert.deepEqual(
      r.nodes.map((n) => n.node),
      ["motor", "s1", "s2"],
    );
    const [motor, s1, s2] = r.nodes;
    close(motor!.tts, 10); // the line's own 100 units at 10 a week
    close(motor!.impact.total, 100);
    assert.equal(motor!.flagged, true);
    close(s1!.tts, 30);
    assert.equal(s2!.tts, Infinity);
    assert.equal(r.baseline.tts, Infinity);
    close(r.baseline.impact.total, 0);
    assert.equal(formatTts(s1!.tts), "30.0 months");
  });

  it("gives the scarce supply to the product with the higher unit cost", async () => {
    const product = (id: string, cost: number) => ({
      id,
      stage: "product",
      country: "USA",
      endUse: id,
      capacity: v(100),
      inventory: v(0),
      demand: v(10),
      unitCost: v(cost),
      inputs: [{ material: "m", perUnit: v(1) }],
    });
    const net = networkSchema.parse({
      name: "shared",
      elements: ["Nd"],
      materials: [{ id: "m", content: { Nd: v(0.3) } }],
      nodes: [
        { id: "s", stage: "mine", country: "AUS", output: "m", capacity: v(10), inventory: v(0) },
        product("cheap", 1),
        product("dear", 5),
      ],
      edges: ["cheap", "dear"].map((to) => ({ from: "s", to, leadTime: v(1), share: v(1) })),
    });
    assert.deepEqual(networkProblems(net), []);
    const r = await ttsAnalysis(net, { ttr: 2, nodes: [], weight: "cost" });
    // Nothing down: 20 kg over two months for 40 units of demand, all of it to "dear".
    close(r.baseline.tts, 0);
    close(r.baseline.impact.lost["dear"]!, 0);
    close(r.baseline.impact.lost["cheap"]!, 20);
    close(r.baseline.impact.total, 20);
    assert.deepEqual(r.nodes, []);
  });

  it("takes a missing inventory as cover × planned monthly output, as the engine does", async () => {
    // s1 plans 10 a month for the line, so a cover of 2 holds 20: (100 + 20) / 10 = 12.
    const net = line([{ id: "s1", capacity: 40, cover: 2 }], { inventory: 100, demand: v(10) });
    close(only(await ttsAnalysis(net, { ttr: 1, nodes: ["s1"] }), "s1").tts, 12);
  });

  it("divides the recipe by the yield: 40 kg at 2 kg per unit and yield 0.5 make 10 units", async () => {
    const net = line([{ id: "s1", capacity: 40, inventory: 40 }], {
      inventory: 0,
      demand: v(10),
      perUnit: 2,
      yield: 0.5,
    });
    close(only(await ttsAnalysis(net, { ttr: 1, nodes: ["s1"] }), "s1").tts, 1);
  });

  it("lets a stockpile release no faster than its capacity", async () => {
    // 50 on the line + a 100 kg stockpile at 5 a week: 50 + 5t = 10t ends at 10 weeks, not 15.
    const net = line(
      [{ id: "s1", capacity: 40, inventory: 0 }],
      { inventory: 50, demand: v(10) },
      {
        nodes: [
          {
            id: "reserve",
            stage: "stockpile",
            country: "USA",
            output: "m",
            capacity: v(5),
            inventory: v(100),
            inputs: [{ material: "m", perUnit: v(1) }],
          },
        ],
        edges: [
          { from: "s1", to: "reserve", leadTime: v(1), share: v(1) },
          { from: "reserve", to: "motor", leadTime: v(1), share: v(1) },
        ],
      },
    );
    close(only(await ttsAnalysis(net, { ttr: 1, nodes: ["s1"] }), "s1").tts, 10);
  });

  it("reads a schedule at its first step unless a month is given", async () => {
    const demand = [
      { ...v(10), from: "2025-01" },
      { ...v(20), from: "2026-01" },
    ];
    const net = line([{ id: "s1", capacity: 40, inventory: 50 }], { inventory: 100, demand });
    close(only(await ttsAnalysis(net, { ttr: 1, nodes: ["s1"] }), "s1").tts, 15);
    const later = await ttsAnalysis(net, { ttr: 1, nodes: ["s1"], month: "2026-06" });
    close(only(later, "s1").tts, 7.5);
    assert.equal(later.month, "2026-06");
  });

  it("rejects an unknown node, a TTR that is not positive and a malformed month", async () => {
    const net = line([{ id: "s1", capacity: 40, inventory: 50 }], { inventory: 100, demand: v(10) });
    await assert.rejects(ttsAnalysis(net, { ttr: 20, nodes: ["nope"] }), (e) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /unknown node "nope"/);
      return true;
    });
    await assert.rejects(ttsAnalysis(net, { ttr: 0 }), UsageError);
    await assert.rejects(ttsAnalysis(net, { ttr: 1, month: "June" }), UsageError);
  });

  it("weighs lost units by their magnet content by default, so unlike products compare", async () => {
    const net = fixtureNetwork("grades");
    const units = await ttsAnalysis(net, { ttr: 3, nodes: ["us-consumer"], weight: "units" });
    const magnet = await ttsAnalysis(net, { ttr: 3, nodes: ["us-consumer"] });
    assert.equal(magnet.weight, "magnet");
    const lost = units.nodes[0]!.impact.lost["us-consumer"]!;
    close(units.nodes[0]!.impact.total, lost);
    close(magnet.nodes[0]!.impact.total, lost * 0.5); // 0.5 kg of magnet-std per unit
    await assert.rejects(ttsAnalysis(net, { ttr: 3, weight: "tonnes" as never }), UsageError);
  });
});
