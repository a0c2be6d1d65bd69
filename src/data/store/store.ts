/**
 * The store every module queries: one interface, two engines. DuckDB (a file or `:memory:`) is the
 * default; a `postgres://` URL opens PostgreSQL, for a team sharing one store. Both run the same
 * numbered migrations (in each dialect where the SQL differs) and return rows with the same JS
 * types, so callers only look at `dialect` for the few statements the engines spell differently.
 * @module
 * @example
 * const store = await Store.open(":memory:"); // or "postgres://user@host/db"
 * const rows = await store.all<{ n: number }>("SELECT count(*) AS n FROM trade_flows");
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { isPostgresUrl } from "./location.js";

/** A parameter's value: a DuckDB value, or a plain array (PostgreSQL sends it as an array). */
export type SqlValue = DuckDBValue | readonly (string | number | boolean | null)[];

/** Positional (`?`) or named (`$name`) parameters. */
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

export type Dialect = "duckdb" | "postgres";

export interface Store {
  readonly dialect: Dialect;
  /** Where the store lives, safe to show: a file path, or a URL with its password redacted. */
  readonly path: string;
  /** The schema version the store is at. */
  schemaVersion(): Promise<number>;
  /** Runs statements that take no parameters (several, separated by semicolons). */
  exec(sql: string): Promise<void>;
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Rows as plain objects; BIGINT and HUGEINT become numbers, DATE and TIMESTAMP `YYYY-MM-DD`. */
  all<T extends object>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * Runs `fn` in one transaction: everything it writes lands, or nothing does. Nested calls join
   * the outer transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Closes the store without waiting (callers that exit soon). */
  close(): void;
  /** Closes the store and waits until its connections are gone. */
  end(): Promise<void>;
}

export interface OpenOptions {
  /** Bring the schema up to date on open (default true; `db migrate` does it itself, to report it). */
  readonly migrate?: boolean;
}

/** Opening a store by location: a `postgres://` URL, else a DuckDB file path or `:memory:`. */
export const Store = {
  /**
   * Opens (creating a DuckDB file if needed) a store and brings its schema up to date. Fails with
   * one clear line when the store is busy or unreachable, or was written by a newer Lodestone.
   */
  async open(location: string, opts: OpenOptions = {}): Promise<Store> {
    if (isPostgresUrl(location)) {
      const { PgStore } = await import("./pg-store.js");
      return PgStore.open(location, opts);
    }
    const { DuckDbStore } = await import("./duckdb-store.js");
    return DuckDbStore.open(location, opts);
  },
};
