/**
 * The team store: PostgreSQL through a connection pool. Readers run concurrently on the pool;
 * a transaction holds one client, and every query issued inside it (found through
 * AsyncLocalStorage) runs on that client. Credentials come only from the URL or the environment
 * (PGPASSWORD, PGUSER, … as node-postgres reads them), and no message shows the password.
 * @module
 * @example
 * const store = await PgStore.open("postgres://lodestone@127.0.0.1/lodestone");
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { StoreError } from "../../errors.js";
import { redactSecret, redactUrl } from "./location.js";
import { migrateStore } from "./migrate.js";
import type { OpenOptions, SqlParams, Store } from "./store.js";

// Rows come back with the JS types DuckDBStore.all gives: BIGINT and NUMERIC as numbers, DATE as
// `YYYY-MM-DD`, TIMESTAMP as its date (DuckDB's path turns a timestamp into its date too).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;
const DATE_ARRAY = 1182;
const TEXT_ARRAY = 1009;

const typeParsers: Record<number, (text: string) => unknown> = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [DATE]: (t) => t,
  [TIMESTAMP]: (t) => t.slice(0, 10),
  [TIMESTAMPTZ]: (t) => new Date(t).toISOString().slice(0, 10),
};

const builtin = pg.types.getTypeParser as (
  oid: number,
  format?: "text" | "binary",
) => (text: string) => unknown;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary"): (text: string) => unknown {
    const own = typeParsers[oid];
    if (own) return own;
    if (oid === INT8_ARRAY || oid === NUMERIC_ARRAY || oid === DATE_ARRAY) {
      const element = oid === DATE_ARRAY ? (t: string) => t : Number;
      const parseArray = builtin(TEXT_ARRAY) as (text: string) => (string | null)[];
      return (text) => parseArray(text).map((v) => (v === null ? null : element(v)));
    }
    return builtin(oid, format ?? "text");
  },
};

/** Error codes that mean "could not reach or log in", not "bad statement". */
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "ECONNRESET",
  "28P01", // invalid password
  "28000", // invalid authorization
  "3D000", // database does not exist
  "57P03", // cannot connect now
]);

export class PgStore implements Store {
  readonly dialect = "postgres" as const;
  private readonly tx = new AsyncLocalStorage<pg.PoolClient>();
  private ending: Promise<void> | null = null;

  private constructor(
    /** The URL with its password redacted. */
    readonly path: string,
    private readonly url: string,
    private readonly pool: pg.Pool,
  ) {}

  /** Connects, and brings the schema up to date. */
  static async open(url: string, opts: OpenOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, types, max: 8 });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on("error", () => {});
    const store = new PgStore(redactUrl(url), url, pool);
    try {
      if (opts.migrate !== false) await migrateStore(store);
    } catch (e) {
      await store.end();
      throw e instanceof StoreError ? e : store.error("cannot open the database", e);
    }
    return store;
  }

  async schemaVersion(): Promise<number> {
    const t = await this.all<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_info' AND table_schema = current_schema()",
    );
    if (!t[0]?.n) return 0;
    const v = await this.all<{ v: number | null }>("SELECT max(version) AS v FROM schema_info");
    return v[0]?.v ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.query(sql, params);
  }

  async all<T extends object>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.tx.getStore()) return fn();
    const client = await this.connect();
    try {
      await client.query("BEGIN");
      try {
        const out = await this.tx.run(client, fn);
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
    } finally {
      client.release();
    }
  }

  close(): void {
    void this.end();
  }

  end(): Promise<void> {
    this.ending ??= this.pool.end().catch(() => {});
    return this.ending;
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw this.error("cannot connect to the database", e);
    }
  }

  private async query(sql: string, params?: SqlParams): Promise<pg.QueryResult> {
    const { text, values } = toPg(sql, params);
    const client = this.tx.getStore();
    try {
      // Several statements without parameters go through the simple protocol, as `exec` needs.
      return await (client ?? this.pool).query(values.length ? { text, values } : text);
    } catch (e) {
      if (CONNECT_FAILURES.has((e as { code?: string }).code ?? "")) {
        throw this.error("cannot connect to the database", e);
      }
      if (e instanceof Error) e.message = redactSecret(e.message, this.url);
      throw e;
    }
  }

  /** A StoreError naming the store by its redacted URL, with the cause's message redacted too. */
  private error(what: string, e: unknown): StoreError {
    const msg = e instanceof Error ? e.message : String(e);
    return new StoreError(`${what} ${this.path}: ${redactSecret(msg, this.url)}`);
  }
}

/**
 * DuckDB-style parameters in PostgreSQL's form: `?` becomes `$1`, `$2`, … in order, and a named
 * `$name` becomes the number of its name (the same name, the same number), typed text when its
 * value is text or NULL. Quoted text and comments are left alone.
 */
export function toPg(sql: string, params?: SqlParams): { text: string; values: unknown[] } {
  if (params === undefined) return { text: sql, values: [] };
  const named = !Array.isArray(params);
  const values: unknown[] = named ? [] : [...params];
  const numbers = new Map<string, number>();
  let n = 0;
  let out = "";
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (!named && c === "?") {
      out += `$${++n}`;
      i++;
    } else if (named && c === "$" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let k = numbers.get(name);
      if (k === undefined) {
        if (!(name in params)) throw new StoreError(`no value for the SQL parameter $${name}`);
        values.push(params[name]);
        k = values.length;
        numbers.set(name, k);
      }
      // `$x IS NULL OR col = $x` leaves PostgreSQL unable to type a NULL; text is what it is.
      const v = values[k - 1];
      out += v === null || typeof v === "string" ? `$${k}::text` : `$${k}`;
      i += 1 + name.length;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, values };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
