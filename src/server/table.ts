/**
 * Tables as downloads: result rows flattened into columns, written as CSV (RFC 4180) or Parquet
 * (through the store's DuckDB). Nested objects become dotted columns (`qty.value`, `qty.basis`);
 * lists of plain values are joined with "; "; lists of objects are kept as JSON text.
 * @module
 * @example
 * const t = flatten([{ a: 1, b: { c: "x" } }]); // { columns: ["a", "b.c"], rows: [[1, "x"]] }
 * toCsv(t); // "a,b.c\r\n1,x\r\n"
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDuckDb, type Store } from "../index.js";

export type Cell = string | number | boolean | null;

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function leaves(value: unknown, prefix: string, out: Map<string, Cell>): void {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (Array.isArray(value)) {
    const plain = value.every((v) => v === null || typeof v !== "object");
    out.set(prefix, plain ? value.map((v) => String(v)).join("; ") : JSON.stringify(value));
    return;
  }
  if (value === undefined) return;
  out.set(prefix, typeof value === "bigint" ? Number(value) : (value as Cell));
}

/** Rows of objects as one table; the columns are every key any row has, in first-seen order. */
export function flatten(rows: readonly object[]): Table {
  const flat = rows.map((r) => {
    const m = new Map<string, Cell>();
    leaves(r, "", m);
    return m;
  });
  const seen = new Set<string>();
  for (const m of flat) for (const k of m.keys()) seen.add(k);
  // A key that is null in one row and an object in another: keep the object's columns only.
  const columns = [...seen].filter((c) => ![...seen].some((o) => o.startsWith(`${c}.`)));
  return { columns, rows: flat.map((m) => columns.map((c) => m.get(c) ?? null)) };
}

function csvCell(v: Cell): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * RFC 4180: CRLF line ends, a header row, fields with commas, quotes or line breaks quoted. A table
 * with no rows and hence no columns is an empty file.
 */
export function toCsv(t: Table): string {
  if (t.columns.length === 0) return "";
  const lines = [t.columns.map(csvCell).join(","), ...t.rows.map((r) => r.map(csvCell).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

type ColumnType = "BOOLEAN" | "BIGINT" | "DOUBLE" | "VARCHAR";

function columnType(t: Table, i: number): ColumnType {
  const values = t.rows.map((r) => r[i]).filter((v) => v !== null && v !== undefined);
  if (values.length === 0) return "VARCHAR";
  if (values.every((v) => typeof v === "boolean")) return "BOOLEAN";
  if (values.every((v) => typeof v === "number")) {
    return values.every((v) => Number.isSafeInteger(v)) ? "BIGINT" : "DOUBLE";
  }
  return "VARCHAR";
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The table as a Parquet file's bytes. DuckDB reads the rows as JSON lines with the column types
 * fixed from the values (never guessed from text) and writes Parquet (a throwaway DuckDB when the
 * store is PostgreSQL); the scratch files are removed whatever happens.
 */
export async function toParquet(store: Store, t: Table): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "lodestone-parquet-"));
  try {
    const types = t.columns.map((_, i) => columnType(t, i));
    const input = join(dir, "rows.jsonl");
    const output = join(dir, `${randomUUID()}.parquet`);
    const cast = (v: Cell, type: ColumnType) =>
      v === null ? null : type === "VARCHAR" && typeof v !== "string" ? String(v) : v;
    // Columns go by position (c0, c1, …) so no column name needs escaping inside the JSON reader.
    writeFileSync(
      input,
      t.rows
        .map((r) =>
          JSON.stringify(Object.fromEntries(r.map((v, i) => [`c${i}`, cast(v, types[i] ?? "VARCHAR")]))),
        )
        .join("\n"),
    );
    const columns = types.map((type, i) => `${sqlText(`c${i}`)}: ${sqlText(type)}`).join(", ");
    const select =
      t.columns.length === 0
        ? "SELECT NULL AS empty WHERE false"
        : `SELECT ${t.columns.map((c, i) => `c${i} AS "${c.replace(/"/g, '""')}"`).join(", ")} ` +
          `FROM read_json(${sqlText(input)}, format = 'newline_delimited', columns = {${columns}})`;
    const source = t.rows.length === 0 && t.columns.length > 0 ? emptySelect(t, types) : select;
    await withDuckDb(store, (duck) => duck.run(`COPY (${source}) TO ${sqlText(output)} (FORMAT parquet)`));
    return readFileSync(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** No rows: the columns with their names, typed VARCHAR (nothing to read). */
function emptySelect(t: Table, types: readonly ColumnType[]): string {
  return `SELECT ${t.columns
    .map((c, i) => `CAST(NULL AS ${types[i] ?? "VARCHAR"}) AS "${c.replace(/"/g, '""')}"`)
    .join(", ")} WHERE false`;
}
