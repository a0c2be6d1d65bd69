/**
 * The monitor's queries on PostgreSQL against DuckDB on the same data, in the same run: monitorAll
 * (every reporter × flow × commodity series, with provenance, records and events), monthlySeries
 * over every series one by one, and the briefing. Both stores hold the bundled dataset, plus a
 * generated Comtrade file of --rows rows when given (imported into both). Medians of --repeat runs
 * after one warm-up; ratios are PostgreSQL / DuckDB (above 1: PostgreSQL is slower).
 *
 *   LODESTONE_TEST_PG=postgres://… node --import tsx bench/pg.ts [--rows 100000] [--repeat 5]
 * The database is created for the run and dropped after it.
 * @module
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { importFile } from "../src/data/import-file.js";
import { openLodestone } from "../src/data/open.js";
import type { Store } from "../src/data/store/store.js";
import { brief } from "../src/monitor/briefing.js";
import { monitorAll, monthlySeries } from "../src/monitor/series.js";
import { defaultPath, generateComtrade } from "./generate-comtrade.js";
import { flag, fmt, median } from "./lib.js";

const args = process.argv.slice(2);
const rows = Number(flag(args, "--rows") ?? 0);
const repeat = Number(flag(args, "--repeat") ?? 5);
const server = process.env.LODESTONE_BENCH_PG ?? process.env.LODESTONE_TEST_PG;
if (!server) {
  console.error("set LODESTONE_TEST_PG (or LODESTONE_BENCH_PG) to a PostgreSQL URL");
  process.exit(2);
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const name = `lodestone_bench_${randomBytes(4).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "lodestone-bench-pg-"));
await admin(`CREATE DATABASE ${name}`);
try {
  const url = new URL(server);
  url.pathname = `/${name}`;
  const duck = (await openLodestone(join(dir, "bench.duckdb"))).store;
  const post = (await openLodestone(url.toString())).store;
  try {
    if (rows > 0) {
      const file = defaultPath(rows, 42);
      await generateComtrade({ rows, seed: 42, path: file });
      for (const s of [duck, post]) {
        const t0 = performance.now();
        const out = await importFile(s, file);
        console.log(`import ${fmt(out.flows)} flows into ${s.dialect}: ${fmt(performance.now() - t0)} ms`);
      }
    }
    const series = await duck.all<{ reporter: string; flow: string; commodity: string }>(
      "SELECT DISTINCT reporter, flow, commodity FROM trade_flows WHERE period_kind = 'month' ORDER BY ALL",
    );
    const n = await duck.all<{ n: number }>("SELECT count(*) AS n FROM trade_flows");
    console.log(`${fmt(n[0]?.n ?? 0)} flows, ${series.length} series, median of ${repeat} runs\n`);
    const cases: [string, (s: Store) => Promise<unknown>][] = [
      ["monitorAll (every series)", (s) => monitorAll(s)],
      [
        "monthlySeries, each series",
        async (s) => {
          for (const q of series) await monthlySeries(s, q);
        },
      ],
      ["brief (latest month)", (s) => brief(s)],
    ];
    console.log("query                          DuckDB ms   PostgreSQL ms   PG / DuckDB");
    for (const [label, fn] of cases) {
      const d = await time(() => fn(duck));
      const p = await time(() => fn(post));
      console.log(
        `${label.padEnd(30)} ${fmt(d, 1).padStart(9)}   ${fmt(p, 1).padStart(13)}   ${fmt(p / d, 2).padStart(10)}×`,
      );
    }
  } finally {
    duck.close();
    await post.end();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
}
