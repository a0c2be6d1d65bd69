import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "../helpers/store.js";

const db = join(tempDir(), "sim.duckdb");

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", LODESTONE_DB: db },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("sim scenarios lists the four shipped scenarios with sourced and assumed counts", () => {
  const r = run(["sim", "scenarios", "--json"]);
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as { name: string; networkParams: { sourced: number; assumed: number } }[];
  assert.deepEqual(
    rows.map((x) => x.name),
    ["april-2025", "full-embargo-us", "october-2025", "outage-single-refinery"],
  );
  for (const x of rows) assert.ok(x.networkParams.sourced > 0 && x.networkParams.assumed > 0);
  const text = run(["sim", "scenarios"]);
  assert.match(text.out, /^april-2025 +reference +2 +\d+ +\d+ +\d+ +\d+$/m);
});

test("sim run prints a summary per product with bands, and the same seed gives the same JSON", () => {
  const args = ["sim", "run", "april-2025", "--runs", "40", "--seed", "3"];
  const r = run(args);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^april-2025 on reference: 40 runs × 24 months from 2025-01$/m);
  assert.match(r.out, /^electronics-vnm +0% +none +0 +0 +0 +0$/m);
  assert.match(r.out, /^ {2}P95 {2}[·▁▂▃▄▅▆▇█]{24}$/m);
  const a = JSON.parse(run([...args, "--workers", "1", "--json"]).out);
  const b = JSON.parse(run([...args, "--workers", "2", "--json"]).out);
  assert.deepEqual(a.summary, b.summary);
  assert.equal(a.manifest.seed, 3);
  assert.equal(a.manifest.runs, 40);
  assert.match(a.manifest.network.sha256, /^[0-9a-f]{64}$/);
  assert.ok(
    Object.keys(a.manifest.data).some((f) => f.startsWith("data/reference/")),
    "cited data files are hashed",
  );
  const csv = run([...args, "--csv"])
    .out.trim()
    .split("\n");
  assert.equal(csv[0], "product,month,p5,p50,p95,mean,probability");
  assert.equal(csv.length, 1 + 10 * 24);
});

test("sim run names a bad scenario file's line and path, and a missing one", () => {
  const bad = run(["sim", "run", "test/fixtures/sim/bad-scenario.yaml"]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /line 3: start: must be a month YYYY-MM/);
  const missing = run(["sim", "run", "nope"]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /"nope" is neither a shipped scenario \(april-2025, /);
  assert.equal(run(["sim", "run", "april-2025", "--runs", "0"]).code, 2);
});

test("sim tts ranks the nodes, flags TTS < TTR and says when a node does not bind", () => {
  const r = run(["sim", "tts", "--network", "test/fixtures/sim/grades.yaml", "--ttr", "3"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ +1 +us-consumer +product +USA +0\.5 months +250 +TTS < TTR$/m);
  assert.match(r.out, /lost over TTR, kg magnet/);
  assert.match(r.out, /jp-ht +magnet +JPN +∞ \(does not bind\) +0$/m);
});

test("sim calibrate fits the April 2025 regime to the bundled exports and reports both errors", () => {
  const r = run(["sim", "calibrate", "april-2025", "--json"]);
  assert.equal(r.code, 0, r.err);
  const fit = JSON.parse(r.out);
  assert.equal(fit.inSample.months, 7);
  assert.equal(fit.outOfSample.months, 4);
  for (const k of ["approval", "delayMonths", "recoveryAfterMonths"]) {
    const e = fit.params[k];
    assert.ok(e.lo <= e.value && e.value <= e.hi, k);
  }
  assert.ok(fit.confounders.some((c: string) => c.includes("12 May 2025")));
  assert.equal(fit.replay.length, 10);
  assert.equal(
    fit.series.find((s: { month: string }) => s.month === "2025-05").observedIndex.toFixed(3),
    ((1238 / fit.baselineKg) * 1000).toFixed(3),
  );
});
