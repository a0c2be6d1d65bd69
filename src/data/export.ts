/**
 * Exports the store's trade flows, each row with its source, as CSV, JSON or Parquet.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { DuckDbStore } from "./store/duckdb-store.js";
import { withDuckDb } from "./store/scratch-duckdb.js";
import { sqlFile } from "./store/sql-files.js";
import type { Store } from "./store/store.js";

export const EXPORT_FORMATS = ["csv", "json", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Writes the export to a file with DuckDB's COPY (all formats). Returns the row count. On
 * PostgreSQL the rows are read, then written by a throwaway DuckDB with the same column types.
 */
export async function exportFlowsToFile(store: Store, format: ExportFormat, path: string): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown export format "${format}"; use ${EXPORT_FORMATS.join(", ")}`);
  }
  const options =
    format === "csv"
      ? "FORMAT csv, HEADER true"
      : format === "json"
        ? "FORMAT json, ARRAY true"
        : "FORMAT parquet";
  const target = `'${path.replace(/'/g, "''")}'`;
  if (store instanceof DuckDbStore) {
    const query = sqlFile("export-flows");
    await store.run(`COPY (${query}) TO ${target} (${options})`);
    const n = await store.all<{ n: number }>(`SELECT count(*) AS n FROM (${query})`);
    return n[0]?.n ?? 0;
  }
  const rows = await exportFlowRows(store);
  const dir = mkdtempSync(join(tmpdir(), "lodestone-export-"));
  try {
    const input = join(dir, "rows.jsonl");
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join("\n"));
    const columns = EXPORT_COLUMNS.map(([c, t]) => `'${c}': '${t}'`).join(", ");
    const select =
      rows.length === 0
        ? `SELECT ${EXPORT_COLUMNS.map(([c, t]) => `CAST(NULL AS ${t}) AS ${c}`).join(", ")} WHERE false`
        : `SELECT * FROM read_json('${input.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${columns}})`;
    await withDuckDb(store, (duck) => duck.run(`COPY (${select}) TO ${target} (${options})`));
    return rows.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The columns of export-flows.sql with DuckDB's types, for writing PostgreSQL's rows. */
const EXPORT_COLUMNS: readonly (readonly [string, string])[] = [
  ["reporter", "VARCHAR"],
  ["partner", "VARCHAR"],
  ["flow", "VARCHAR"],
  ["commodity", "VARCHAR"],
  ["code", "VARCHAR"],
  ["period", "VARCHAR"],
  ["stat", "VARCHAR"],
  ["qty_kg", "DOUBLE"],
  ["qty_orig", "DOUBLE"],
  ["qty_unit", "VARCHAR"],
  ["value", "DOUBLE"],
  ["currency", "VARCHAR"],
  ["yoy_pct", "DOUBLE"],
  ["mom_pct", "DOUBLE"],
  ["preferred", "BOOLEAN"],
  ["record", "VARCHAR"],
  ["note", "VARCHAR"],
  ["source_id", "INTEGER"],
  ["source_kind", "VARCHAR"],
  ["source", "VARCHAR"],
  ["source_url", "VARCHAR"],
  ["source_date", "VARCHAR"],
  ["file_name", "VARCHAR"],
  ["source_line", "INTEGER"],
];

/** The export as rows, for writing CSV or JSON to standard output. */
export async function exportFlowRows(store: Store): Promise<Record<string, unknown>[]> {
  return store.all<Record<string, unknown>>(sqlFile("export-flows", store.dialect));
}
