/**
 * The embedded store: a DuckDB file (or `:memory:`) with numbered migrations, one connection, and
 * transactions. Other modules query through the Store interface; only the bulk Comtrade path and
 * the appender of write-import.ts use the connection itself.
 * @module
 * @example
 * const store = await DuckDbStore.open(":memory:");
 * const rows = await store.all<{ n: number }>("SELECT count(*) AS n FROM trade_flows");
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { StoreError } from "../../errors.js";
import { migrateStore } from "./migrate.js";
import type { OpenOptions, SqlParams, Store } from "./store.js";

// On DuckDB, callers pass DuckDB values (plain arrays are PostgreSQL's).
type DuckDBParams = DuckDBValue[] | Record<string, DuckDBValue>;

export class DuckDbStore implements Store {
  readonly dialect = "duckdb" as const;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens (creating if needed) a store and brings its schema up to date. Fails with one clear
   * line when another process holds the file, or when the file was written by a newer Lodestone.
   */
  static async open(path: string, opts: OpenOptions = {}): Promise<DuckDbStore> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
      });
    } catch (e) {
      throw openError(path, e);
    }
    const connection = await instance.connect();
    const store = new DuckDbStore(path, instance, connection);
    try {
      if (opts.migrate !== false) await migrateStore(store);
    } catch (e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The schema version the file is at. */
  async schemaVersion(): Promise<number> {
    const t = await this.all<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_info' AND table_schema = current_schema()",
    );
    if (!t[0]?.n) return 0;
    const v = await this.all<{ v: number | null }>("SELECT max(version) AS v FROM schema_info");
    return v[0]?.v ?? 0;
  }

  /** Runs statements that take no parameters (several, separated by semicolons). */
  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params as DuckDBParams);
  }

  /** Rows as plain objects; BIGINT and HUGEINT become numbers, DATE becomes `YYYY-MM-DD`. */
  async all<T extends object>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as DuckDBParams);
    const names = reader.columnNames();
    // Columns are converted whole (faster than row objects); only those whose JS form needs it are
    // normalised, so a large numeric result costs little more than DuckDB's own conversion.
    const columns = reader
      .getColumnsJS()
      .map((col, i) => (NEEDS_NORMALISING.has(reader.columnTypeId(i)) ? col.map(normaliseValue) : col));
    const n = reader.currentRowCount;
    const make = rowMaker(names);
    const rows = new Array<T>(n);
    for (let r = 0; r < n; r++) rows[r] = make(columns, r) as T;
    return rows;
  }

  /**
   * Runs `fn` in one transaction: everything it writes lands, or nothing does.
   * Nested calls join the outer transaction.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth > 0) return fn();
    this.depth++;
    await this.connection.run("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.connection.run("COMMIT");
      return out;
    } catch (e) {
      await this.connection.run("ROLLBACK");
      throw e;
    } finally {
      this.depth--;
    }
  }
  private depth = 0;

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  end(): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

/**
 * A function that builds one row object from columns, with every property in one literal: V8 then
 * gives all rows one shape, which makes a large result several times cheaper than adding the
 * properties one by one. Column names are JSON-quoted into the source, so any name is safe.
 */
function rowMaker(names: readonly string[]): (columns: readonly unknown[][], r: number) => object {
  const props = names.map((name, i) => `${JSON.stringify(name)}: c[${i}][r]`).join(", ");
  return new Function("c", "r", `return { ${props} };`) as (
    columns: readonly unknown[][],
    r: number,
  ) => object;
}

const NEEDS_NORMALISING = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.LIST,
  DuckDBTypeId.ARRAY,
  DuckDBTypeId.STRUCT,
]);

function normaliseValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(normaliseValue);
  return v;
}

function openError(path: string, e: unknown): StoreError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Could not set lock|Conflicting lock/i.test(msg)) {
    const pid = /PID (\d+)/.exec(msg)?.[1];
    return new StoreError(
      `the database file ${path} is busy: another process${pid ? ` (PID ${pid})` : ""} has it open. ` +
        `Stop that process, use --db to point at another file, or go through the server's API`,
    );
  }
  return new StoreError(`cannot open the database file ${path}: ${msg}`);
}
