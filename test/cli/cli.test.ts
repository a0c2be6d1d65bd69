import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeTemp } from "../helpers/store.js";

const dir = tempDir();
const db = join(dir, "cli.duckdb");

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", LODESTONE_DB: db, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("brief --json on first run creates the store, imports the bundled data and gives June 2025", () => {
  const r = run(["brief", "--period", "2025-06", "--json"]);
  assert.equal(r.code, 0, r.err);
  const b = JSON.parse(r.out);
  assert.equal(b.world.qty.value, 3_188_000);
  assert.equal(b.world.qty.basis, "observed");
  assert.equal(b.world.mom_pct.value.toFixed(1), "157.5");
  assert.equal(b.world.yoy_pct.value, -38.1);
  assert.equal(b.world.ytd.value, 22_319_000);
  assert.equal(b.world.ytd_yoy_pct.value, -18.9);
  assert.equal(b.partners.find((p: { partner: string }) => p.partner === "USA").qty.value, 353_000);
  assert.ok(existsSync(db));
});

test("brief in text has the paragraph, the table and numbered sources", () => {
  const r = run(["brief", "--period", "2025-06"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^In June 2025 China exported 3,188 t of rare-earth permanent magnets\[1\]/);
  assert.match(r.out, /\nSources:\n\[1\] Reuters via tradingeconomics\.com/);
  assert.ok(!r.out.includes("\u001b["), "NO_COLOR: no escape codes");
});

test("a bad month is a usage error (exit 2) in one line, no stack trace", () => {
  const r = run(["brief", "--period", "2025-13"]);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'error: --period "2025-13" is not a month: use YYYY-MM\n');
});

test("importing a bad file fails with file:line: field: reason and exit 1; --debug adds the stack", () => {
  const bad = writeTemp(
    "bad.csv",
    "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note\n" +
      "2025-06,CHN,ZZZ,export,re-magnets,1,,,,S,,,1,\n",
  );
  const r = run(["data", "import", bad]);
  assert.equal(r.code, 1);
  assert.equal(r.err, `error: ${bad}:2: partner: unknown country or aggregate code "ZZZ"\n`);
  const d = run(["data", "import", bad, "--debug"]);
  assert.match(d.err, /at RowReader\.fail/);
});

test("importing the same file twice says the second time changed nothing", () => {
  const f = "test/fixtures/observations/magnets-small.csv";
  const own = { LODESTONE_DB: join(dir, "imports.duckdb") };
  const first = run(["data", "import", f], own);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /imported as observations — 11 flow rows, 0 events, 7 sources/);
  const again = run(["data", "import", f], own);
  assert.match(again.out, /already imported \(import #\d+, .*\); nothing to do/);
});

test("monitor series, top, coverage, sources and conflicts run on the bundled data", () => {
  const series = run(["monitor", "series", "--from", "2025-04", "--to", "2025-07"]);
  assert.equal(series.code, 0, series.err);
  assert.match(series.out, /2025-06 +3,188 t +\+157\.5% +−38\.1% r +22,319 t/);
  const usa = run(["monitor", "series", "--partner", "USA", "--from", "2025-10", "--to", "2025-11"]);
  assert.match(usa.out, /2025-11 +582 t +−11\.3% +−8\.8% r +– +– +45\.96 USD/, "26.74 M USD / 581.8 t");
  const top = run(["monitor", "top", "--period", "2025-09", "-n", "3"]);
  assert.match(top.out, /1 +Germany +1,288 t +22\.3%/);
  assert.equal(top.out.trim().split("\n").length, 6, "title, header, rule and three rows");
  const cov = run(["monitor", "coverage", "--from", "2025-01", "--to", "2025-12"]);
  assert.match(cov.out, /^WLD +█·▒█████████ +10 obs, 1 der, 1 missing$/m);
  assert.match(cov.out, /^ +\| {11}$/m, "the ruler marks January");
  const sources = run(["data", "sources", "--json"]);
  assert.ok(JSON.parse(sources.out).length > 50);
  const conflicts = run(["data", "conflicts"]);
  assert.match(conflicts.out, /CHN→WLD re-magnets export 2025-05 qty_kg/);
});

test("data export writes CSV with a source for every row, and parquet to a file", () => {
  const csv = run(["data", "export", "--format", "csv"]);
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split("\n");
  assert.match(lines[0] ?? "", /^reporter,partner,flow,commodity,code,period,.*source,source_url/);
  assert.ok(lines.length > 100);
  const out = join(dir, "flows.parquet");
  const pq = run(["data", "export", "--format", "parquet", "--out", out]);
  assert.equal(pq.code, 0, pq.err);
  assert.equal(readFileSync(out).subarray(0, 4).toString(), "PAR1");
});

test("--help lists the commands and exits 0", () => {
  const r = run(["--help"]);
  assert.equal(r.code, 0);
  for (const c of ["data", "monitor", "brief"]) assert.match(r.out, new RegExp(`\\n  ${c}\\b`));
});
