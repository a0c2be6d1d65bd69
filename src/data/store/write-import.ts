/**
 * Writes one parsed file into the store as one transaction: its import row, its sources, its
 * flows and events. The same bytes again are a no-op; a new edition of a bundled table replaces
 * the old one. A failure anywhere leaves the store as it was.
 * @module
 */
import { SOURCE_KINDS, type FlowRecord, type ParsedFile } from "../sources/parsed.js";
import { eventStartDate } from "../sources/events.js";
import { roundingHalfWidth } from "../../units/quantity.js";
import { DuckDbStore } from "./duckdb-store.js";
import type { Store } from "./store.js";

/**
 * The advisory-lock key that serialises imports on PostgreSQL ("lodestone import"): ids come from
 * max()+1 and a re-import is found by its hash, both of which need one writer at a time.
 */
export const IMPORT_LOCK = 0x10de_0002;

export interface ImportMeta {
  readonly fileName: string;
  readonly sha256: string;
  /** Set for the bundled dataset: a file at the same path with other bytes replaces the old edition. */
  readonly bundledPath?: string;
}

export interface ImportOutcome {
  readonly status: "imported" | "unchanged" | "replaced";
  readonly importId: number;
  readonly fileName: string;
  readonly format: string;
  readonly sha256: string;
  readonly sources: number;
  readonly flows: number;
  readonly events: number;
  /** For "unchanged": when the same bytes were first imported. */
  readonly firstImportedAt?: string;
}

/** Progress of a long write: rows written so far out of the total. */
export type ProgressFn = (done: number, total: number) => void;

export async function writeImport(
  store: Store,
  parsed: ParsedFile,
  meta: ImportMeta,
  progress: ProgressFn = () => {},
): Promise<ImportOutcome> {
  const pg = store.dialect === "postgres";
  return store.transaction(async () => {
    if (pg) await store.run("SELECT pg_advisory_xact_lock(?)", [IMPORT_LOCK]);
    const importedAt = pg
      ? "to_char(imported_at, 'YYYY-MM-DD HH24:MI:SS')"
      : "strftime(imported_at, '%Y-%m-%d %H:%M:%S')";
    const same = await store.all<{ import_id: number; imported_at: string; format: string }>(
      `SELECT import_id, ${importedAt} AS imported_at, format FROM imports WHERE sha256 = ?`,
      [meta.sha256],
    );
    if (same[0]) {
      return {
        status: "unchanged",
        importId: same[0].import_id,
        fileName: meta.fileName,
        format: same[0].format,
        sha256: meta.sha256,
        sources: 0,
        flows: 0,
        events: 0,
        firstImportedAt: same[0].imported_at,
      } satisfies ImportOutcome;
    }
    let replaced = false;
    if (meta.bundledPath) {
      const old = await store.all<{ import_id: number }>(
        "SELECT import_id FROM imports WHERE bundled_path = ?",
        [meta.bundledPath],
      );
      for (const o of old) {
        await deleteImport(store, o.import_id);
        replaced = true;
      }
    }
    const importId = await nextId(store, "imports", "import_id");
    const rowCount = parsed.flows.length + parsed.events.length;
    await store.run("INSERT INTO imports VALUES (?, ?, ?, ?, ?, now(), ?)", [
      importId,
      meta.fileName,
      parsed.format,
      meta.sha256,
      meta.bundledPath ?? null,
      rowCount,
    ]);
    const firstSource = await nextId(store, "sources", "source_id");
    const counts = new Array<number>(parsed.sources.length).fill(0);
    for (const f of parsed.flows) counts[f.source] = (counts[f.source] ?? 0) + 1;
    for (const e of parsed.events) counts[e.source] = (counts[e.source] ?? 0) + 1;
    for (const [i, s] of parsed.sources.entries()) {
      await store.run("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)", [
        firstSource + i,
        importId,
        s.kind,
        SOURCE_KINDS.indexOf(s.kind),
        s.citation,
        s.url,
        s.licence,
        s.sourceDate,
        meta.sha256,
        counts[i] ?? 0,
      ]);
    }
    // Database downloads give exact kilograms; figures retyped from reports are rounded.
    const exact = parsed.sources.map((s) => s.exact ?? (s.kind === "customs" || s.kind === "comtrade"));
    if (store instanceof DuckDbStore) {
      await appendFlows(store, parsed.flows, importId, firstSource, exact, progress);
    } else {
      await insertFlows(store, parsed.flows, importId, firstSource, exact, progress);
    }
    // DuckDB casts a JSON list to VARCHAR[]; node-postgres sends a JS array as an array literal.
    const list = (xs: readonly string[]) => (pg ? [...xs] : JSON.stringify(xs));
    for (const e of parsed.events) {
      await store.run(
        `INSERT INTO events VALUES (?, ?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[],
           ?::VARCHAR[], ?, ?, ?, CAST(? AS DATE), ?, ?::VARCHAR[])`,
        [
          e.id,
          importId,
          firstSource + e.source,
          e.line,
          e.date,
          eventStartDate(e.date),
          e.actor,
          e.type,
          list(e.elements),
          list(e.products),
          list(e.destinations),
          list(e.endUses),
          e.scopeText,
          e.description,
          e.status,
          e.endDate,
          e.derived,
          list(e.suspends),
        ],
      );
    }
    return {
      status: replaced ? "replaced" : "imported",
      importId,
      fileName: meta.fileName,
      format: parsed.format,
      sha256: meta.sha256,
      sources: parsed.sources.length,
      flows: parsed.flows.length,
      events: parsed.events.length,
    } satisfies ImportOutcome;
  });
}

async function nextId(store: Store, table: string, column: string): Promise<number> {
  const r = await store.all<{ n: number | null }>(`SELECT max(${column}) AS n FROM ${table}`);
  return (r[0]?.n ?? 0) + 1;
}

async function deleteImport(store: Store, importId: number): Promise<void> {
  for (const t of ["trade_flows", "events", "sources", "imports"]) {
    await store.run(`DELETE FROM ${t} WHERE import_id = ?`, [importId]);
  }
}

const PROGRESS_EVERY = 10_000;

async function appendFlows(
  store: DuckDbStore,
  flows: readonly FlowRecord[],
  importId: number,
  firstSource: number,
  exactSource: readonly boolean[],
  progress: ProgressFn,
): Promise<void> {
  if (flows.length === 0) return;
  const firstFlow = await nextId(store, "trade_flows", "flow_id");
  const a = await store.connection.createAppender("trade_flows");
  const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
  const str = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  const half = (v: number | null, trailingZeros: boolean) =>
    v === null ? a.appendNull() : a.appendDouble(roundingHalfWidth(v, trailingZeros));
  try {
    for (const [i, f] of flows.entries()) {
      a.appendBigInt(BigInt(firstFlow + i));
      a.appendInteger(importId);
      a.appendInteger(firstSource + f.source);
      a.appendInteger(f.line);
      a.appendVarchar(f.reporter);
      a.appendVarchar(f.partner);
      a.appendVarchar(f.flow);
      a.appendVarchar(f.commodity);
      str(f.code);
      a.appendVarchar(f.period.kind);
      a.appendInteger(f.period.start);
      a.appendInteger(f.period.end);
      a.appendVarchar(f.stat);
      const rounded = !exactSource[f.source];
      num(f.qtyKg);
      half(f.qtyKg, rounded);
      num(f.qtyOrig);
      str(f.qtyUnit);
      num(f.value);
      half(f.value, rounded);
      str(f.currency);
      num(f.yoyPct);
      half(f.yoyPct, false);
      num(f.momPct);
      half(f.momPct, false);
      if (f.preferred === null) a.appendNull();
      else a.appendBoolean(f.preferred);
      str(f.record);
      str(f.note);
      a.endRow();
      if ((i + 1) % PROGRESS_EVERY === 0) progress(i + 1, flows.length);
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
  progress(flows.length, flows.length);
}

/** Rows per INSERT on PostgreSQL: each column goes as one array parameter, so any size fits. */
const INSERT_BATCH = 5_000;

const FLOW_COLUMNS: readonly (readonly [string, string])[] = [
  ["flow_id", "bigint"],
  ["import_id", "integer"],
  ["source_id", "integer"],
  ["source_line", "integer"],
  ["reporter", "text"],
  ["partner", "text"],
  ["flow", "text"],
  ["commodity", "text"],
  ["code", "text"],
  ["period_kind", "text"],
  ["start_month", "integer"],
  ["end_month", "integer"],
  ["stat", "text"],
  ["qty_kg", "float8"],
  ["qty_half_kg", "float8"],
  ["qty_orig", "float8"],
  ["qty_unit", "text"],
  ["value", "float8"],
  ["value_half", "float8"],
  ["currency", "text"],
  ["yoy_pct", "float8"],
  ["yoy_half", "float8"],
  ["mom_pct", "float8"],
  ["mom_half", "float8"],
  ["preferred", "boolean"],
  ["record", "text"],
  ["note", "text"],
];

/**
 * The PostgreSQL twin of appendFlows: the same row values, written as INSERT … SELECT FROM
 * unnest(one array per column), a batch at a time.
 */
async function insertFlows(
  store: Store,
  flows: readonly FlowRecord[],
  importId: number,
  firstSource: number,
  exactSource: readonly boolean[],
  progress: ProgressFn,
): Promise<void> {
  if (flows.length === 0) return;
  const firstFlow = await nextId(store, "trade_flows", "flow_id");
  const sql =
    `INSERT INTO trade_flows (${FLOW_COLUMNS.map(([c]) => c).join(", ")}) SELECT * FROM unnest(` +
    FLOW_COLUMNS.map(([, t]) => `?::${t}[]`).join(", ") +
    ")";
  const half = (v: number | null, trailingZeros: boolean) =>
    v === null ? null : roundingHalfWidth(v, trailingZeros);
  for (let from = 0; from < flows.length; from += INSERT_BATCH) {
    const batch = flows.slice(from, from + INSERT_BATCH);
    const columns = FLOW_COLUMNS.map(() => new Array<string | number | boolean | null>(batch.length));
    for (const [j, f] of batch.entries()) {
      const rounded = !exactSource[f.source];
      const row = [
        firstFlow + from + j,
        importId,
        firstSource + f.source,
        f.line,
        f.reporter,
        f.partner,
        f.flow,
        f.commodity,
        f.code,
        f.period.kind,
        f.period.start,
        f.period.end,
        f.stat,
        f.qtyKg,
        half(f.qtyKg, rounded),
        f.qtyOrig,
        f.qtyUnit,
        f.value,
        half(f.value, rounded),
        f.currency,
        f.yoyPct,
        half(f.yoyPct, false),
        f.momPct,
        half(f.momPct, false),
        f.preferred,
        f.record,
        f.note,
      ];
      for (let c = 0; c < row.length; c++) columns[c]![j] = row[c] ?? null;
    }
    await store.run(sql, columns);
    progress(Math.min(from + INSERT_BATCH, flows.length), flows.length);
  }
}
