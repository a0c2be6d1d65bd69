/**
 * Benchmarks with their peers, measured on this machine in the same run (medians of K runs):
 *   (a) importing a Comtrade final-record file with full validation (importFile, bulk path) into
 *       a fresh file database, against DuckDB's own read_csv of the same file into a typed table:
 *       all 47 columns ("full"), and only the 11 columns the import reads ("narrow", the stricter);
 *   (b) peak memory (RSS high-water mark) of those imports at two file sizes;
 *   (c) the monitor over every reporter × flow × commodity (its typed SQL reader, and monitorAll
 *       with provenance, records and events) against the same figures written by hand as one SQL
 *       query with window functions.
 * Each import runs in a child process, so that its peak memory is its own.
 *
 *   npm run bench -- [--rows 1000000] [--repeat 3] [--memory-limit 256MB]
 *                    [--skip-import | --skip-monitor]
 * --memory-limit sets DuckDB's memory_limit in the importing processes (default: DuckDB's, 80% of RAM).
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { importFile } from "../src/data/import-file.js";
import { COMTRADE_COLUMNS, COMTRADE_ROW_FIELDS, type ComtradeColumn } from "../src/data/sources/comtrade.js";
import { Store } from "../src/data/store/store.js";
import { monitorAll } from "../src/monitor/series.js";
import { sqlFile } from "../src/data/store/sql-files.js";
import { BENCH_OUT, defaultPath, generateComtrade } from "./generate-comtrade.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 42;

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, printed as one JSON line.

interface Measured {
  readonly ms: number;
  readonly rssMb: number;
  readonly rows: number;
}

/** Peak resident set size of this process in MiB (VmHWM; maxRSS where /proc is missing). */
function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

function freshDb(path: string): void {
  for (const p of [path, `${path}.wal`]) rmSync(p, { force: true });
  rmSync(`${path}.tmp`, { recursive: true, force: true });
}

/** Ours: the whole import, validation included, through the public entry point. */
async function childOurs(file: string, db: string, memoryLimit: string): Promise<Measured> {
  freshDb(db);
  const store = await Store.open(db);
  if (memoryLimit) await store.run(`SET memory_limit = '${memoryLimit.replace(/'/g, "")}'`);
  const t0 = performance.now();
  const out = await importFile(store, file, { bulkThresholdBytes: 0 });
  const ms = performance.now() - t0;
  store.close();
  return { ms, rssMb: peakRssMb(), rows: out.flows };
}

/** A DuckDB type for each of the 47 columns, as a careful analyst would declare them. */
const PEER_TYPES: Readonly<Record<ComtradeColumn, string>> = {
  typeCode: "VARCHAR",
  freqCode: "VARCHAR",
  refPeriodId: "INTEGER",
  refYear: "SMALLINT",
  refMonth: "SMALLINT",
  period: "VARCHAR",
  reporterCode: "INTEGER",
  reporterISO: "VARCHAR",
  reporterDesc: "VARCHAR",
  flowCode: "VARCHAR",
  flowDesc: "VARCHAR",
  partnerCode: "INTEGER",
  partnerISO: "VARCHAR",
  partnerDesc: "VARCHAR",
  partner2Code: "INTEGER",
  partner2ISO: "VARCHAR",
  partner2Desc: "VARCHAR",
  classificationCode: "VARCHAR",
  classificationSearchCode: "VARCHAR",
  isOriginalClassification: "BOOLEAN",
  cmdCode: "VARCHAR",
  cmdDesc: "VARCHAR",
  aggrLevel: "SMALLINT",
  isLeaf: "BOOLEAN",
  customsCode: "VARCHAR",
  customsDesc: "VARCHAR",
  mosCode: "VARCHAR",
  motCode: "INTEGER",
  motDesc: "VARCHAR",
  qtyUnitCode: "INTEGER",
  qtyUnitAbbr: "VARCHAR",
  qty: "DOUBLE",
  isQtyEstimated: "BOOLEAN",
  altQtyUnitCode: "INTEGER",
  altQtyUnitAbbr: "VARCHAR",
  altQty: "DOUBLE",
  isAltQtyEstimated: "BOOLEAN",
  netWgt: "DOUBLE",
  isNetWgtEstimated: "BOOLEAN",
  grossWgt: "DOUBLE",
  isGrossWgtEstimated: "BOOLEAN",
  cifvalue: "DOUBLE",
  fobvalue: "DOUBLE",
  primaryValue: "DOUBLE",
  legacyEstimationFlag: "INTEGER",
  isReported: "BOOLEAN",
  isAggregate: "BOOLEAN",
};

/** The cells importFile reads from each row: the narrow peer keeps only these. */
const NARROW: readonly ComtradeColumn[] = COMTRADE_ROW_FIELDS;

/**
 * The peer: DuckDB's read_csv of the same file into a typed table, nothing checked beyond the
 * types: every column ("full") or the eleven the import reads ("narrow").
 */
async function childPeer(file: string, db: string, narrow: boolean, memoryLimit: string): Promise<Measured> {
  freshDb(db);
  const instance = await DuckDBInstance.create(db, {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const con = await instance.connect();
  if (memoryLimit) await con.run(`SET memory_limit = '${memoryLimit.replace(/'/g, "")}'`);
  const columns = COMTRADE_COLUMNS.map((c) => `'${c}': '${PEER_TYPES[c]}'`).join(", ");
  const select = narrow ? NARROW.join(", ") : "*";
  const t0 = performance.now();
  await con.run(
    `CREATE TABLE comtrade AS SELECT ${select} FROM read_csv('${file.replace(/'/g, "''")}', header = true, delim = ',', quote = '"', columns = {${columns}})`,
  );
  const ms = performance.now() - t0;
  const n = await con.runAndReadAll("SELECT count(*) AS n FROM comtrade");
  const rows = Number(n.getRowObjectsJS()[0]?.n ?? 0);
  con.closeSync();
  instance.closeSync();
  return { ms, rssMb: peakRssMb(), rows };
}

interface MonitorMeasured {
  readonly series: number;
  /** monitorAll: every series, with provenance, records, reconciliation and events. */
  readonly monitorMs: number;
  /** The monitor's SQL file through the typed reader alone, every series in one query. */
  readonly readerMs: number;
  readonly byHandMs: number;
  readonly byHandRows: number;
  readonly compared: number;
  readonly mismatches: number;
  readonly firstMismatch: string | null;
}

interface HandRow {
  reporter: string;
  partner: string;
  flow: string;
  commodity: string;
  month: number;
  qty_kg: number;
  mom_pct: number | null;
  yoy_pct: number | null;
  ytd_kg: number | null;
  ytd_yoy_pct: number | null;
  roll3_kg: number | null;
  roll12_kg: number | null;
  prior_year_avg_kg: number | null;
  share_pct: number | null;
  partner_rank: number | null;
  unit_value_per_kg: number | null;
}

/**
 * The monitor over every series vs the hand-written query, in turns: the hand-written query, the
 * monitor's own SQL through its typed reader, and monitorAll (every series with its provenance,
 * records, reconciliation and events). Every observed row is then checked figure by figure.
 */
async function childMonitor(db: string): Promise<MonitorMeasured> {
  const store = await Store.open(db);
  const byHandSql = readFileSync(join(HERE, "monitor-by-hand.sql"), "utf8");
  let t0 = performance.now();
  const hand = await store.all<HandRow>(byHandSql);
  const byHandMs = performance.now() - t0;

  t0 = performance.now();
  await store.all(sqlFile("monthly-series"), { reporter: null, flow: null, commodity: null });
  const readerMs = performance.now() - t0;

  t0 = performance.now();
  const all = await monitorAll(store);
  const monitorMs = performance.now() - t0;

  const key = (r: { reporter: string; flow: string; commodity: string }) =>
    `${r.reporter}|${r.flow}|${r.commodity}`;
  const handBy = new Map<string, HandRow>();
  for (const h of hand) handBy.set(`${key(h)}|${h.partner}|${h.month}`, h);
  let compared = 0;
  let mismatches = 0;
  let firstMismatch: string | null = null;
  const same = (a: number | null | undefined, b: number | null | undefined) =>
    (a ?? null) === null
      ? (b ?? null) === null
      : b != null && Math.abs((a as number) - b) <= 1e-9 * Math.max(1, Math.abs(b));
  for (const s of all) {
    for (const r of s.rows) {
      if (r.status !== "observed") continue;
      const h = handBy.get(`${key(s.query)}|${r.partner}|${r.month}`);
      const pairs: [string, number | null | undefined, number | null | undefined][] = [
        ["qty", r.qty?.value, h?.qty_kg],
        ["momPct", r.momPct?.value, h?.mom_pct],
        ["yoyPct", r.yoyPct?.value, h?.yoy_pct],
        ["ytd", r.ytd?.value, h?.ytd_kg],
        ["ytdYoyPct", r.ytdYoyPct?.value, h?.ytd_yoy_pct],
        ["roll3", r.roll3?.value, h?.roll3_kg],
        ["roll12", r.roll12?.value, h?.roll12_kg],
        ["priorYearAvg", r.priorYearAvg?.value, h?.prior_year_avg_kg],
        ["sharePct", r.sharePct?.value, h?.share_pct],
        ["rank", r.rank, h?.partner_rank],
        ["unitValue", r.unitValue?.value, h?.unit_value_per_kg],
      ];
      compared++;
      const bad = h ? pairs.find(([, a, b]) => !same(a, b)) : (["row", 1, null] as const);
      if (bad) {
        mismatches++;
        firstMismatch ??= `${key(s.query)} ${r.partner} month ${r.month}: ${bad[0]} ${bad[1]} vs ${bad[2]}`;
      }
    }
  }
  store.close();
  return {
    series: all.length,
    monitorMs,
    readerMs,
    byHandMs,
    byHandRows: hand.length,
    compared,
    mismatches,
    firstMismatch,
  };
}

// ---------------------------------------------------------------------------------------------
// The parent: files, runs, medians, the table.

function runChild<T>(args: readonly string[]): T {
  const r = spawnSync(
    process.execPath,
    // A large heap: monitorAll over a 1M-row store holds every figure of every series at once.
    ["--max-old-space-size=16384", "--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args],
    {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function ensureFile(rows: number): Promise<string> {
  const path = defaultPath(rows, SEED);
  if (!existsSync(path)) {
    process.stdout.write(`generating ${path} … `);
    await generateComtrade({ rows, seed: SEED, path });
    console.log("done");
  }
  return path;
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  const r = await con.runAndReadAll("SELECT version() AS v");
  const v = String(r.getRowObjectsJS()[0]?.v ?? "?");
  con.closeSync();
  instance.closeSync();
  return v;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(args: readonly string[]): Promise<void> {
  const rows = Number(flag(args, "--rows") ?? 1_000_000);
  const repeat = Number(flag(args, "--repeat") ?? 3);
  const memoryLimit = flag(args, "--memory-limit") ?? "";
  if (!Number.isInteger(rows) || rows < 1000) throw new Error("--rows takes an integer ≥ 1000");
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat takes a positive integer");
  const small = Math.min(250_000, Math.floor(rows / 4));
  mkdirSync(BENCH_OUT, { recursive: true });

  const cpu = cpus()[0]?.model ?? "?";
  console.log("Lodestone benchmarks");
  console.log(
    `machine: ${cpus().length} cores (${cpu}), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; node ${process.version}; DuckDB ${await duckdbVersion()}`,
  );
  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: HERE, encoding: "utf8" }).trim();
  } catch {
    // not a checkout
  }
  console.log(
    `commit ${commit}; rows ${fmt(rows)} (and ${fmt(small)} for memory); medians of ${repeat} runs; DuckDB memory_limit ${memoryLimit || "default"}`,
  );

  const big = await ensureFile(rows);
  const little = await ensureFile(small);
  const dbOurs = join(BENCH_OUT, `bench-ours-${rows}.duckdb`);
  const dbPeer = join(BENCH_OUT, "bench-peer.duckdb");

  if (!args.includes("--skip-import"))
    benchImports({ rows, repeat, memoryLimit, big, little, dbOurs, dbPeer });
  else if (!existsSync(dbOurs)) runChild<Measured>(["ours", big, dbOurs, memoryLimit]);
  if (!args.includes("--skip-monitor")) benchMonitor({ rows, repeat, dbOurs });
}

interface ImportBench {
  readonly rows: number;
  readonly repeat: number;
  readonly memoryLimit: string;
  readonly big: string;
  readonly little: string;
  readonly dbOurs: string;
  readonly dbPeer: string;
}

/** (a) and (b): each import in a fresh process, ours and the two peers in turn, K rounds. */
function benchImports({ rows, repeat, memoryLimit, big, little, dbOurs, dbPeer }: ImportBench): void {
  const kinds = ["ours", "full", "narrow"] as const;
  const results = new Map<string, Measured[]>();
  const record = (key: string, m: Measured) => results.set(key, [...(results.get(key) ?? []), m]);
  const runOne = (kind: (typeof kinds)[number], file: string, db: string): Measured =>
    kind === "ours"
      ? runChild<Measured>(["ours", file, db, memoryLimit])
      : runChild<Measured>(["peer", file, db, String(kind === "narrow"), memoryLimit]);
  for (let k = 0; k < repeat; k++) {
    // Alternate, so that drift in the machine's load falls on every side.
    for (const kind of kinds) record(`${kind}:large`, runOne(kind, big, kind === "ours" ? dbOurs : dbPeer));
    for (const kind of kinds) record(`${kind}:small`, runOne(kind, little, dbPeer));
    process.stdout.write(`import run ${k + 1}/${repeat} done\n`);
  }
  freshDb(dbPeer);
  const med = (key: string, f: (m: Measured) => number) => median((results.get(key) ?? []).map(f));
  const all = (key: string) => (results.get(key) ?? []).map((m) => fmt(m.ms)).join(", ");
  const mb = (p: string) => statSync(p).size / 2 ** 20;

  console.log("");
  console.log("(a) import with full validation vs DuckDB read_csv into a typed table (fresh file database)");
  console.log(`    file ${big.replace(`${HERE}/`, "bench/")}: ${fmt(rows)} rows, ${fmt(mb(big), 1)} MiB`);
  const oursMs = med("ours:large", (m) => m.ms);
  const fullMs = med("full:large", (m) => m.ms);
  const narrowMs = med("narrow:large", (m) => m.ms);
  const best = (key: string) => Math.min(...(results.get(key) ?? []).map((m) => m.ms));
  // The machine is shared: a ratio within each round (the runs sit side by side) drifts less.
  const paired = (peer: string) =>
    median((results.get("ours:large") ?? []).map((m, i) => m.ms / (results.get(peer)?.[i]?.ms ?? NaN)));
  const line = (label: string, key: string, ms: number) =>
    console.log(
      `    ${label.padEnd(42)} ${fmt(ms).padStart(8)} ms   min ${fmt(best(key)).padStart(6)}   (${all(key)})`,
    );
  line("ours: importFile (bulk path)", "ours:large", oursMs);
  line("peer: read_csv → table, all 47 columns", "full:large", fullMs);
  line("peer: read_csv → table, the 11 we read", "narrow:large", narrowMs);
  console.log(
    `    ratio ours / full peer      ${fmt(oursMs / fullMs, 2)} × (medians), ${fmt(paired("full:large"), 2)} × (median of per-round ratios)`,
  );
  console.log(
    `    ratio ours / narrow peer    ${fmt(oursMs / narrowMs, 2)} × (medians), ${fmt(paired("narrow:large"), 2)} × (median of per-round ratios)   goal ≤ 1.5×`,
  );

  console.log("");
  console.log("(b) peak RSS (VmHWM of the importing process, MiB) against file size");
  for (const [label, file] of [
    ["small", little],
    ["large", big],
  ] as const) {
    const size = mb(file);
    const cells = kinds.map((kind) => {
      const r = med(`${kind}:${label}`, (m) => m.rssMb);
      return `${kind} ${fmt(r).padStart(5)} (${fmt(r / size, 2)} × file)`;
    });
    console.log(`    ${label}: ${fmt(size, 1).padStart(6)} MiB file   ${cells.join("   ")}`);
  }
  const growth = (kind: string) =>
    med(`${kind}:large`, (m) => m.rssMb) / med(`${kind}:small`, (m) => m.rssMb);
  console.log(
    `    growth large/small: file ${fmt(mb(big) / mb(little), 2)} ×, ${kinds.map((k) => `${k} ${fmt(growth(k), 2)} ×`).join(", ")}   goal: flat`,
  );
}

/** (c): the monitor over every series of the store ours built, against the hand-written query. */
function benchMonitor({ rows, repeat, dbOurs }: { rows: number; repeat: number; dbOurs: string }): void {
  console.log("");
  console.log(`(c) monitor over every series of the ${fmt(rows)}-row store vs one hand-written SQL query`);
  const mons: MonitorMeasured[] = [];
  for (let k = 0; k < repeat; k++) mons.push(runChild<MonitorMeasured>(["monitor", dbOurs]));
  const m0 = mons[0] as MonitorMeasured;
  const hand = median(mons.map((m) => m.byHandMs));
  const reader = median(mons.map((m) => m.readerMs));
  const monitor = median(mons.map((m) => m.monitorMs));
  const runs = (f: (m: MonitorMeasured) => number) => mons.map((m) => fmt(f(m))).join(", ");
  console.log(
    `    series (reporter × flow × commodity): ${fmt(m0.series)}; hand-written query rows: ${fmt(m0.byHandRows)}`,
  );
  console.log(
    `    peer: bench/monitor-by-hand.sql, all series        ${fmt(hand).padStart(8)} ms   (${runs((m) => m.byHandMs)})`,
  );
  console.log(
    `    ours: monthly-series.sql via the typed reader       ${fmt(reader).padStart(8)} ms   (${runs((m) => m.readerMs)})`,
  );
  console.log(`    ours: monitorAll (figures with sources, records,`);
  console.log(
    `          reconciliation, events)                       ${fmt(monitor).padStart(8)} ms   (${runs((m) => m.monitorMs)})`,
  );
  console.log(`    ratio typed reader / peer           ${fmt(reader / hand, 2).padStart(8)} ×   goal ≤ 1.2×`);
  console.log(
    `    ratio monitorAll / peer             ${fmt(monitor / hand, 2).padStart(8)} ×   goal ≤ 1.2×`,
  );
  console.log(
    `    check: ${fmt(m0.compared)} observed rows compared figure by figure, ${m0.mismatches} differ` +
      (m0.firstMismatch ? ` (first: ${m0.firstMismatch})` : ""),
  );
}

async function child(args: readonly string[]): Promise<void> {
  const [mode, a = "", b = "", c = "", d = ""] = args;
  let out: unknown;
  if (mode === "ours") out = await childOurs(a, b, c);
  else if (mode === "peer") out = await childPeer(a, b, c === "true", d);
  else if (mode === "monitor") out = await childMonitor(a);
  else throw new Error(`unknown child mode ${mode}`);
  console.log(JSON.stringify(out));
}

const argv = process.argv.slice(2);
const entry = argv[0] === "--child" ? child(argv.slice(1)) : main(argv);
entry.catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
