/**
 * A TIMESTAMP column as ISO-8601 text with milliseconds (`2026-05-01T09:30:00.123Z`), in the
 * store's dialect: DuckDB's strftime, PostgreSQL's to_char.
 * @module
 * @example
 * `SELECT ${isoTimestamp(store.dialect, "saved_at")} FROM saved_specs`
 */
import type { Dialect } from "./store.js";

export function isoTimestamp(dialect: Dialect, column: string, alias = column): string {
  return dialect === "postgres"
    ? `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${alias}`
    : `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${alias}`;
}
