import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/store.js";

const dir = tempDir();

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", LODESTONE_DB: join(dir, "plan.duckdb") },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const chain = [
  "--levers",
  "test/fixtures/plan/chain-levers.yaml",
  "--scenarios",
  "test/fixtures/plan/chain-licensing.yaml",
];

test("plan optimize finds the cheapest lever for a target and reports the engine's re-check beside it", () => {
  const r = run(["plan", "optimize", ...chain, "--samples", "0", "--target", "0", "--check-runs", "5"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ {2}buffer {2}100% {2}from 2025-01$/m);
  assert.match(r.out, /^cost 10 USD/m);
  // The twin releases the stockpile with foresight; the engine's stockpile only answers restock orders.
  assert.match(r.out, /^ {2}mean +0\.000 t +0\.004 t$/m);
  assert.match(r.out, /4 lever options \(4 binaries\)/);
  const j = JSON.parse(
    run(["plan", "optimize", ...chain, "--samples", "0", "--budget", "0", "--check-runs", "0", "--json"]).out,
  );
  assert.deepEqual(j.plan.portfolio.choices, []);
  assert.equal(j.plan.inSample.mean, 0.048);
});

test("plan optimize names an unreachable target and refuses contradictory options", () => {
  const r = run([
    "plan",
    "optimize",
    ...chain,
    "--samples",
    "0",
    "--target",
    "0",
    "--levers",
    "test/fixtures/plan/recycling-levers.yaml",
  ]);
  assert.equal(r.code, 2);
  assert.match(r.err, /binding constraint target_mean/);
  assert.equal(run(["plan", "optimize", ...chain, "--target", "1", "--budget", "5"]).code, 2);
});

test("plan evaluate runs a portfolio file in the engine", () => {
  const r = run(["plan", "evaluate", "test/fixtures/plan/stockpile-only.yaml", ...chain, "--runs", "5"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^cost 10 USD \(capex 10, running 0\)$/m);
  assert.match(r.out, /^motor +2 +2 +0\.004$/m);
  const tts = run([
    "plan",
    "evaluate",
    "test/fixtures/plan/stockpile-only.yaml",
    ...chain,
    "--runs",
    "2",
    "--ttr",
    "2",
  ]);
  assert.match(tts.out, /^TTS with each node down \(TTR 2 months\): 1 of 4 nodes have TTS < TTR$/m);
  assert.match(tts.out, /^buffer +∞ \(does not bind\) +0$/m);
});

test("plan recycling gives the stock model's end-of-life flows times collection and recovery", () => {
  const r = run([
    "plan",
    "recycling",
    "--levers",
    "test/fixtures/plan/recycling-levers.yaml",
    "--from",
    "2025",
    "--to",
    "2030",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  const [lever] = JSON.parse(r.out);
  assert.deepEqual(
    lever.years.map((y: { endOfLifeKg: number }) => y.endOfLifeKg),
    [0, 1, 2, 3, 4, 5],
  );
  assert.deepEqual(
    lever.years.map((y: { recoverableKg: number }) => +y.recoverableKg.toFixed(12)),
    [0, 0.4, 0.8, 1.2, 1.6, 2],
  );
});

test("plan frontier draws the optimised mixes and writes the chart", () => {
  const svg = join(dir, "frontier.svg");
  const r = run([
    "plan",
    "frontier",
    ...chain,
    "--samples",
    "0",
    "--budgets",
    "0,10,100",
    "--check-runs",
    "3",
    "--svg",
    svg,
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^optimised ≤ 0 +0 +0\.048 +0\.048 +0\.048 +none$/m);
  assert.match(r.out, /^optimised ≤ 10 +10 +0\.000 +0\.004 +0\.004 +buffer 100%$/m);
  assert.match(readFileSync(svg, "utf8"), /^<svg [^>]*width="900"/);
});
