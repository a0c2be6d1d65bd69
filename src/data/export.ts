/**
 * Exports the store's trade flows, each row with its source, as CSV, JSON or Parquet.
 * @module
 */
import { UsageError } from "../errors.js";
import { sqlFile } from "./store/sql-files.js";
import type { Store } from "./store/store.js";

export const EXPORT_FORMATS = ["csv", "json", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Writes the export to a file with DuckDB's COPY (all formats). Returns the row count. */
export async function exportFlowsToFile(store: Store, format: ExportFormat, path: string): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown export format "${format}"; use ${EXPORT_FORMATS.join(", ")}`);
  }
  const query = sqlFile("export-flows");
  const options =
    format === "csv"
      ? "FORMAT csv, HEADER true"
      : format === "json"
        ? "FORMAT json, ARRAY true"
        : "FORMAT parquet";
  await store.run(`COPY (${query}) TO '${path.replace(/'/g, "''")}' (${options})`);
  const n = await store.all<{ n: number }>(`SELECT count(*) AS n FROM (${query})`);
  return n[0]?.n ?? 0;
}

/** The export as rows, for writing CSV or JSON to standard output. */
export async function exportFlowRows(store: Store): Promise<Record<string, unknown>[]> {
  return store.all<Record<string, unknown>>(sqlFile("export-flows"));
}
