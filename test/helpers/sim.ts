import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { Model } from "../../src/sim/compile.js";
import type { Trace } from "../../src/sim/engine.js";
import { parseNetwork, parseScenario } from "../../src/sim/load.js";
import type { Network } from "../../src/sim/network.js";
import type { Scenario } from "../../src/sim/scenario.js";
import { stringify } from "yaml";

export function fixtureNetwork(name: string): Network {
  const file = new URL(`../fixtures/sim/${name}.yaml`, import.meta.url);
  return parseNetwork(readFileSync(file, "utf8"), `${name}.yaml`);
}

/** A scenario from a plain object, through the real parser (defaults, checks against the network). */
export function scenarioOf(obj: Record<string, unknown>, net?: Network): Scenario {
  return parseScenario(stringify({ name: "test", start: "2025-01", months: 12, ...obj }), "test.yaml", net);
}

/** `{value, source: "test"}`. */
export const v = (value: number) => ({ value, source: "test" });

/**
 * Per node, month and element: opening stock + arrivals − shipments − sales − process loss = closing
 * stock, where loss = production × (recipe input content − output content) and mines create what they
 * produce. Also per edge: shipped = arrived + still in transit. Tolerance scales with the largest flow.
 */
export function assertMassBalance(m: Model, tr: Trace): void {
  const { nodes: N, months: M, elements: K } = m;
  let scale = 1;
  for (const x of [tr.production, tr.shipped, tr.arrived, tr.stock])
    for (const y of x) scale = Math.max(scale, Math.abs(y));
  const tol = 1e-9 * scale;
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < M; t++) {
      for (let k = 0; k < K; k++) {
        const out = m.outContent[i * K + k]!;
        let held0 = tr.stock[i * (M + 1) + t]! * out;
        let held1 = tr.stock[i * (M + 1) + t + 1]! * out;
        let inflow = 0;
        let recipe = 0;
        for (let s = m.slotStart[i]!; s < m.slotStart[i + 1]!; s++) {
          const c = m.slotContent[s * K + k]!;
          held0 += tr.buffer[s * (M + 1) + t]! * c;
          held1 += tr.buffer[s * (M + 1) + t + 1]! * c;
          recipe += m.ratio[t * m.slots + s]! * c;
        }
        let outflow = tr.sold[i * M + t]! * out;
        for (let j = 0; j < m.edges; j++) {
          if (m.to[j] === i) inflow += tr.arrived[j * M + t]! * m.slotContent[m.slot[j]! * K + k]!;
          if (m.from[j] === i) outflow += tr.shipped[j * M + t]! * out;
        }
        const made = tr.production[i * M + t]!;
        const loss = m.kind[i] === 1 ? -made * out : made * (recipe - out);
        assert.ok(
          loss >= -tol || m.kind[i] === 1,
          `negative process loss at node ${i} month ${t} element ${k}`,
        );
        const residual = held0 + inflow - outflow - loss - held1;
        assert.ok(
          Math.abs(residual) <= tol,
          `mass balance off by ${residual} at node ${i}, month ${t}, element ${k}`,
        );
      }
    }
  }
  for (let j = 0; j < m.edges; j++) {
    let shipped = 0;
    let arrived = 0;
    for (let t = 0; t < M; t++) {
      shipped += tr.shipped[j * M + t]!;
      arrived += tr.arrived[j * M + t]!;
    }
    let initial = 0;
    for (let h = 0; h < m.ring; h++) initial += m.pipeline0[j * m.ring + h]!;
    const residual = initial + shipped - arrived - tr.inTransitEnd[j]!;
    assert.ok(Math.abs(residual) <= tol, `edge ${j} loses ${residual} in transit`);
  }
}
