/**
 * Copies a whole store into another (a laptop's DuckDB file to the team's PostgreSQL): every table
 * in schema order, in one transaction on the target, so a failure leaves the target as it was.
 * Both stores are at the same schema version (opening migrates them). A target that holds rows is
 * refused unless `replace` is set, which empties it first (in the same transaction).
 * @module
 * @example
 * const outcome = await copyStore(await Store.open("laptop.duckdb"), await Store.open(url));
 * outcome.tables; // [{ table: "imports", rows: 4 }, …]
 */
import { StoreError } from "../../errors.js";
import type { SqlValue, Store } from "./store.js";
import { IMPORT_LOCK } from "./write-import.js";

/** Every table the migrations create, parents before children. */
export const STORE_TABLES = [
  "imports",
  "sources",
  "trade_flows",
  "events",
  "saved_specs",
  "job_results",
] as const;

export interface CopyOutcome {
  readonly from: string;
  readonly to: string;
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

/** Parameters per INSERT stay well under PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

export async function copyStore(
  from: Store,
  to: Store,
  opts: { replace?: boolean; progress?: (table: string, rows: number) => void } = {},
): Promise<CopyOutcome> {
  const [vFrom, vTo] = [await from.schemaVersion(), await to.schemaVersion()];
  if (vFrom !== vTo) {
    throw new StoreError(`${from.path} is at schema version ${vFrom} but ${to.path} at ${vTo}`);
  }
  return to.transaction(async () => {
    if (to.dialect === "postgres") {
      // No import may write between the emptiness check and the copy.
      await to.run("SELECT pg_advisory_xact_lock(?)", [IMPORT_LOCK]);
    }
    const held = [];
    for (const t of STORE_TABLES) {
      const n = (await to.all<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0]?.n ?? 0;
      if (n > 0) held.push(`${t} (${n})`);
    }
    if (held.length && !opts.replace) {
      throw new StoreError(
        `${to.path} is not empty: it holds rows in ${held.join(", ")}. Use --replace to overwrite it`,
      );
    }
    for (const t of [...STORE_TABLES].reverse()) await to.run(`DELETE FROM ${t}`);
    const tables = [];
    for (const t of STORE_TABLES) {
      const rows = await copyTable(from, to, t);
      opts.progress?.(t, rows);
      tables.push({ table: t, rows });
    }
    return { from: from.path, to: to.path, tables };
  });
}

async function copyTable(from: Store, to: Store, table: string): Promise<number> {
  const columns = await from.all<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns " +
      "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
    [table],
  );
  // Timestamps go as text with their microseconds (all() would give only their date).
  const select = columns
    .map(({ column_name: c, data_type: t }) =>
      /^timestamp/i.test(t)
        ? from.dialect === "postgres"
          ? `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS.US') AS ${c}`
          : `strftime(${c}, '%Y-%m-%d %H:%M:%S.%f') AS ${c}`
        : c,
    )
    .join(", ");
  const rows = await from.all<Record<string, SqlValue>>(`SELECT ${select} FROM ${table}`);
  const names = columns.map((c) => c.column_name);
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / names.length));
  const tuple = `(${names.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += perInsert) {
    const batch = rows.slice(i, i + perInsert);
    await to.run(
      `INSERT INTO ${table} (${names.join(", ")}) VALUES ${batch.map(() => tuple).join(", ")}`,
      batch.flatMap((r) => names.map((n) => r[n] ?? null)),
    );
  }
  return rows.length;
}
