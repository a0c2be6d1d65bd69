import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMonteCarlo } from "../../src/sim/monte-carlo.js";
import { quantileSorted, summarise } from "../../src/sim/summary.js";
import { streamRng } from "../../src/sim/rng.js";
import { fixtureNetwork, scenarioOf } from "../helpers/sim.js";

const net = fixtureNetwork("grades");
const sc = scenarioOf(
  {
    months: 12,
    shocks: [
      {
        kind: "export-control",
        name: "Dy",
        exporter: "CHN",
        from: "2025-03",
        scope: { elements: ["Dy"] },
        approval: { value: 0.3, assumption: "test", range: [0, 0.8] },
        delay: {
          dist: "lognormal",
          mean: { value: 1.5, assumption: "test", range: [0.5, 3] },
          spread: { value: 1, source: "test" },
        },
      },
    ],
  },
  net,
);

describe("Monte-Carlo", () => {
  it("gives identical results on 1 and 2 worker threads and any batch size", async () => {
    const one = await runMonteCarlo({
      network: net,
      scenario: sc,
      runs: 37,
      seed: 7,
      workers: 1,
      batchSize: 37,
    });
    const two = await runMonteCarlo({
      network: net,
      scenario: sc,
      runs: 37,
      seed: 7,
      workers: 2,
      batchSize: 5,
    });
    const odd = await runMonteCarlo({
      network: net,
      scenario: sc,
      runs: 37,
      seed: 7,
      workers: 1,
      batchSize: 3,
    });
    assert.deepEqual(two.shortfall, one.shortfall);
    assert.deepEqual(two.inventory, one.inventory);
    assert.deepEqual(odd.shortfall, one.shortfall);
    const other = await runMonteCarlo({ network: net, scenario: sc, runs: 37, seed: 8, workers: 1 });
    assert.notDeepEqual(other.shortfall, one.shortfall, "another seed, other draws");
  });

  it("samples the assumption ranges: runs differ, and the summary orders its bands", async () => {
    const r = await runMonteCarlo({ network: net, scenario: sc, runs: 200, seed: 1, workers: 1 });
    const s = summarise(r);
    const motor = s.products.find((p) => p.product === "us-motor")!;
    const consumer = s.products.find((p) => p.product === "us-consumer")!;
    assert.ok(motor.lostUnits.p95 > motor.lostUnits.p5, "uncertain inputs spread the outcome");
    for (let t = 0; t < 12; t++) assert.ok(motor.p5[t]! <= motor.p50[t]! && motor.p50[t]! <= motor.p95[t]!);
    assert.equal(consumer.probabilityAny, 0, "the Dy-free line never runs short");
    assert.ok(motor.probabilityAny > 0.5);
    assert.ok(motor.firstShortfallP50! >= 2, "no shortfall before the control starts");
    assert.equal(
      motor.lostMagnetTonnes.p50,
      quantileSorted(
        [...Array(200).keys()]
          .map(
            (k) =>
              (r.shortfall.subarray((k * 2 + 1) * 12, (k * 2 + 2) * 12).reduce((a, b) => a + b, 0) * 2) /
              1000,
          )
          .sort((a, b) => a - b),
        0.5,
      ),
    );
    assert.equal(s.nodes.length, net.nodes.length);
  });

  it("reports progress and stops on abort", async () => {
    const seen: number[] = [];
    await runMonteCarlo({
      network: net,
      scenario: sc,
      runs: 20,
      seed: 1,
      workers: 1,
      batchSize: 5,
      onProgress: (d) => seen.push(d),
    });
    assert.deepEqual(seen, [5, 10, 15, 20]);
    const ac = new AbortController();
    await assert.rejects(
      runMonteCarlo({
        network: net,
        scenario: sc,
        runs: 20,
        seed: 1,
        workers: 1,
        batchSize: 5,
        signal: ac.signal,
        onProgress: (d) => d >= 10 && ac.abort(new Error("cancelled by test")),
      }),
      /cancelled by test/,
    );
    const ac2 = new AbortController();
    const p = runMonteCarlo({
      network: net,
      scenario: sc,
      runs: 400,
      seed: 1,
      workers: 2,
      batchSize: 10,
      signal: ac2.signal,
    });
    setTimeout(() => ac2.abort(new Error("cancelled")), 20);
    await assert.rejects(p, /cancelled/);
  });

  it("draws the same stream for the same seed and run, and uniform values", () => {
    const a = streamRng(42, 3);
    const b = streamRng(42, 3);
    const xs = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(
      xs,
      Array.from({ length: 1000 }, () => b.next()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
    assert.notEqual(streamRng(42, 4).next(), xs[0]);
  });
});
