/**
 * Reads the store's SQL files, which live beside this module (migrations/ and sql/). A file is
 * written once in SQL both engines read; where PostgreSQL needs other text (DuckDB-only functions
 * such as `strftime`, `printf`, `SELECT * EXCLUDE`, lists, or its own types), a sibling
 * `<name>.pg.sql` holds the PostgreSQL version and is read instead on that engine. Migrations
 * follow the same rule (`001-init.sql` and `001-init.pg.sql`): same numbers, same schema_info.
 * @module
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Dialect } from "./store.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The text of `src/data/store/sql/<name>.sql`, or of `<name>.pg.sql` on PostgreSQL if it exists. */
export function sqlFile(name: string, dialect: Dialect = "duckdb"): string {
  return readFileSync(dialectFile(join(here, "sql"), name, dialect), "utf8");
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered migrations `NNN-name.sql`, in order, each in the dialect's variant where there is one. */
export function migrations(dialect: Dialect = "duckdb"): Migration[] {
  const dir = join(here, "migrations");
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f) && !f.endsWith(".pg.sql"))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f,
      sql: readFileSync(dialectFile(dir, f.slice(0, -".sql".length), dialect), "utf8"),
    }));
}

function dialectFile(dir: string, base: string, dialect: Dialect): string {
  const pg = join(dir, `${base}.pg.sql`);
  return dialect === "postgres" && existsSync(pg) ? pg : join(dir, `${base}.sql`);
}
