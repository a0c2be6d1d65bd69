/**
 * Writes one parsed file into the store as one transaction: its import row, its sources, its
 * flows and events. The same bytes again are a no-op; a new edition of a bundled table replaces
 * the old one. A failure anywhere leaves the store as it was.
 * @module
 */
import { SOURCE_KINDS, type FlowRecord, type ParsedFile } from "../sources/parsed.js";
import { eventStartDate } from "../sources/events.js";
import { roundingHalfWidth } from "../../units/quantity.js";
import type { Store } from "./store.js";

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
  return store.transaction(async () => {
    const same = await store.all<{ import_id: number; imported_at: string; format: string }>(
      "SELECT import_id, strftime(imported_at, '%Y-%m-%d %H:%M:%S') AS imported_at, format FROM imports WHERE sha256 = ?",
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
    await appendFlows(store, parsed.flows, importId, firstSource, exact, progress);
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
          JSON.stringify(e.elements),
          JSON.stringify(e.products),
          JSON.stringify(e.destinations),
          JSON.stringify(e.endUses),
          e.scopeText,
          e.description,
          e.status,
          e.endDate,
          e.derived,
          JSON.stringify(e.suspends),
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
  store: Store,
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
