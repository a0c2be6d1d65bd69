/**
 * Reads the store's SQL files, which live beside this module (migrations/ and sql/).
 * @module
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The text of `src/data/store/sql/<name>.sql`. */
export function sqlFile(name: string): string {
  return readFileSync(join(here, "sql", `${name}.sql`), "utf8");
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered migrations `NNN-name.sql`, in order. */
export function migrations(): Migration[] {
  return readdirSync(join(here, "migrations"))
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f,
      sql: readFileSync(join(here, "migrations", f), "utf8"),
    }));
}
