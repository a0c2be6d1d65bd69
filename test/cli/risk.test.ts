import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "../helpers/store.js";

const db = join(tempDir(), "risk.duckdb");

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", LODESTONE_DB: db },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("risk stages for 2023 prints each stage with its range and names the bottleneck", () => {
  const r = run(["risk", "stages", "--year", "2023"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^separation +2023 +China +92% +97–100% +8,489–8,498 +8%$/m);
  assert.match(r.out, /^metal +– +no data/m);
  assert.match(r.out, /^Bottleneck: magnet \(HHI 8,649–8,698\)$/m);
  assert.match(r.out, /^ {2}China +█+·+ 67\.8%$/m);
});

test("risk stages --json carries every stage's shares with their sources", () => {
  const r = run(["risk", "stages", "--json"]);
  assert.equal(r.code, 0, r.err);
  const chain = JSON.parse(r.out);
  assert.deepEqual(
    chain.stages.map((s: { stage: string }) => s.stage),
    ["mining", "separation", "metal", "magnet"],
  );
  const sep = chain.stages[1];
  assert.deepEqual(sep.top1, { lo: 0.88, hi: 0.91 });
  assert.ok(sep.shares.sources.length >= 3, "three rival sources for China's 2025 refining share");
});

test("a year with no data for a stage says so rather than inventing shares", () => {
  const r = run(["risk", "stages", "--year", "2020", "--json"]);
  assert.equal(r.code, 0, r.err);
  const chain = JSON.parse(r.out);
  for (const s of chain.stages) assert.equal(s.noData, true, s.stage);
  assert.equal(chain.bottleneck, null);
});
