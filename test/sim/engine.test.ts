import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compile } from "../../src/sim/compile.js";
import { emptyTrace, runOutput, simulate } from "../../src/sim/engine.js";
import type { Network } from "../../src/sim/network.js";
import type { Scenario } from "../../src/sim/scenario.js";
import { streamRng } from "../../src/sim/rng.js";
import { assertMassBalance, fixtureNetwork, scenarioOf, v } from "../helpers/sim.js";

function run(net: Network, sc: Scenario, seed: number | null = null) {
  const m = compile(net, sc, seed === null ? null : streamRng(seed, 0));
  const out = runOutput(m);
  const tr = emptyTrace(m);
  simulate(m, out, undefined, tr);
  return {
    m,
    out,
    tr,
    short: (p: number) => Array.from(out.shortfall.subarray(p * m.months, (p + 1) * m.months)),
  };
}

const dyControl = (over: Record<string, unknown> = {}) => ({
  kind: "export-control",
  name: "Dy licensing",
  exporter: "CHN",
  from: "2025-03",
  to: "2025-08",
  scope: { elements: ["Dy"] },
  approval: v(0.25),
  delay: { dist: "fixed", mean: v(1) },
  ...over,
});

describe("engine", () => {
  it("meets all demand when nothing happens", () => {
    for (const name of ["chain", "direct", "grades"]) {
      const net = fixtureNetwork(name);
      const { out, m, tr } = run(net, scenarioOf({ months: 24 }, net));
      assert.deepEqual(Array.from(out.shortfall), new Array(m.products * 24).fill(0), name);
      assertMassBalance(m, tr);
    }
  });

  it("loses exactly the hand-computed units when the mine is down for three months", () => {
    const net = fixtureNetwork("direct");
    const sc = scenarioOf(
      {
        shocks: [
          { kind: "outage", name: "mine", node: "mine", from: "2025-03", recovery: v(3), severity: v(1) },
        ],
      },
      net,
    );
    // Mine ships nothing in Mar–May; arrivals stop Apr–Jun; the line's month of cover lasts April.
    assert.deepEqual(run(net, sc).short(0), [0, 0, 0, 0, 10, 10, 0, 0, 0, 0, 0, 0]);
  });

  it("conserves every element at every node and month, with controls, caps, delays and a stockpile", () => {
    const net = fixtureNetwork("grades");
    const sc = scenarioOf(
      {
        months: 18,
        allocation: "priority",
        shocks: [
          dyControl({ delay: { dist: "lognormal", mean: v(1.5), spread: v(1) }, cap: v(50) }),
          { kind: "outage", name: "jp", node: "jp-ht", from: "2025-05", recovery: v(2), severity: v(0.5) },
          {
            kind: "demand-surge",
            name: "war",
            products: ["us-motor"],
            from: "2025-06",
            to: "2025-09",
            factor: v(1.5),
          },
        ],
      },
      net,
    );
    const { m, tr, out } = run(net, sc);
    assertMassBalance(m, tr);
    assert.ok(
      out.shortfall.some((x) => x > 0),
      "the shocks bite",
    );
    for (const x of tr.stock) assert.ok(x >= -1e-9, `negative stock ${x}`);
    for (const x of tr.buffer) assert.ok(x >= 0, `negative buffer ${x}`);
  });

  it("leaves the Dy-free grade untouched by a control on Dy", () => {
    const net = fixtureNetwork("grades");
    const base = run(net, scenarioOf({}, net));
    const hit = run(net, scenarioOf({ shocks: [dyControl()] }, net));
    const stdEdge = net.edges.findIndex((e) => e.from === "cn-std");
    const htEdge = net.edges.findIndex((e) => e.from === "cn-ht");
    const M = base.m.months;
    assert.deepEqual(
      Array.from(hit.tr.shipped.subarray(stdEdge * M, (stdEdge + 1) * M)),
      Array.from(base.tr.shipped.subarray(stdEdge * M, (stdEdge + 1) * M)),
    );
    assert.deepEqual(hit.short(0), new Array(M).fill(0), "consumer line (standard grade)");
    // The Dy-bearing grade to the US ships at most a quarter of its contracted volume while controlled.
    for (let t = 2; t <= 7; t++)
      assert.ok(
        hit.tr.shipped[htEdge * M + t]! <= 0.25 * hit.m.planEdge[t * hit.m.edges + htEdge]! + 1e-9,
        `month ${t}`,
      );
    assert.ok(
      hit.short(1).some((x) => x > 0),
      "the motor line runs short",
    );
  });

  it("does not control domestic flows or excepted destinations", () => {
    const net = fixtureNetwork("grades");
    const base = run(net, scenarioOf({}, net));
    const hit = run(net, scenarioOf({ shocks: [dyControl({ allExcept: ["USA"] })] }, net));
    assert.deepEqual(Array.from(hit.out.shortfall), Array.from(base.out.shortfall));
    const dy = net.edges.findIndex((e) => e.from === "cn-dy" && e.to === "cn-ht");
    assert.equal(hit.m.approve[4 * hit.m.edges + dy], 1, "CHN → CHN is not an export");
  });

  it("releases the stockpile only while a shock is on", () => {
    const net = fixtureNetwork("grades");
    const sp = net.edges.findIndex((e) => e.from === "us-stock");
    const quiet = run(net, scenarioOf({}, net));
    assert.ok(quiet.tr.shipped.subarray(sp * 12, sp * 12 + 12).every((x) => x === 0));
    const hit = run(net, scenarioOf({ shocks: [dyControl({ approval: v(0) })] }, net));
    assert.ok(hit.tr.shipped.subarray(sp * 12, sp * 12 + 12).some((x) => x > 0));
  });

  it("serves higher-priority edges first under the priority rule", () => {
    const net = fixtureNetwork("grades");
    // Chinese NdPr falls to 30 kg/month against about 72 contracted: plants compete for it.
    for (const e of net.edges) if (e.from === "cn-ndpr") e.priority = e.to === "cn-std" ? 1 : 0;
    const sc = (allocation: string) =>
      scenarioOf(
        {
          allocation,
          shocks: [
            {
              kind: "outage",
              name: "x",
              node: "cn-ndpr",
              from: "2025-02",
              recovery: v(6),
              severity: v(0.97),
            },
          ],
        },
        net,
      );
    const pro = run(net, sc("pro-rata"));
    const pri = run(net, sc("priority"));
    assertMassBalance(pri.m, pri.tr);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.ok(total(pro.short(0)) > 0 && total(pro.short(1)) > 0, "pro-rata: both lines short");
    assert.equal(total(pri.short(1)), 0, "priority: the motor line's plants are served first");
    assert.ok(total(pri.short(0)) > total(pro.short(0)), "priority: the consumer line takes the loss");
  });

  it("scopes a control by end use, lifts it in its suspension months, and holds its cap", () => {
    const net = fixtureNetwork("grades");
    const sc = scenarioOf(
      {
        shocks: [
          {
            kind: "export-control",
            name: "military end users",
            exporter: "CHN",
            from: "2025-02",
            scope: { stages: ["magnet", "mine"], endUses: ["defence"] },
            approval: v(0.5),
            delay: { dist: "fixed", mean: v(0) },
            cap: v(5),
            suspensions: [{ from: "2025-05", to: "2025-06" }],
          },
        ],
      },
      net,
    );
    const { m, tr } = run(net, sc);
    const edge = (from: string, to: string) => net.edges.findIndex((e) => e.from === from && e.to === to);
    const motor = edge("cn-ht", "us-motor");
    const consumer = edge("cn-std", "us-consumer");
    const at = (j: number, t: number) => m.approve[t * m.edges + j];
    assert.equal(at(motor, 0), 1, "before the control");
    assert.equal(at(motor, 2), 0.5, "a defence-only line is in scope");
    assert.equal(at(motor, 4), 1, "suspended in May");
    assert.equal(at(motor, 5), 1, "and June");
    assert.equal(at(motor, 6), 0.5, "back in July");
    assert.equal(at(consumer, 2), 1, "electronics are not in scope");
    for (let t = 1; t < 12; t++)
      if (t !== 4 && t !== 5) assert.ok(tr.shipped[motor * 12 + t]! <= 5 + 1e-9, `cap in month ${t}`);
  });
});
