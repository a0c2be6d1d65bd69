/**
 * Opens the user's store: the path or `postgres://` URL from `--db`, else LODESTONE_DB, else a
 * DuckDB file in a per-user data directory; on first use the store is created and the bundled
 * dataset imported.
 * @module
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { ensureBundled } from "./bundled.js";
import { Store } from "./store/store.js";
import type { ImportOutcome } from "./store/write-import.js";

/** The per-user data directory for this platform. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "lodestone");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "lodestone");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "lodestone");
}

/**
 * `--db`, then LODESTONE_DB, then `<user data dir>/lodestone.duckdb`. A `postgres://user@host/db`
 * URL selects PostgreSQL (its password from the URL or PGPASSWORD).
 */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LODESTONE_DB || join(userDataDir(env), "lodestone.duckdb");
}

export interface Opened {
  readonly store: Store;
  /** What the bundled-data check did (imported on first use; unchanged afterwards). */
  readonly bundled: readonly ImportOutcome[];
}

export async function openLodestone(dbPath: string, opts: { bundled?: boolean } = {}): Promise<Opened> {
  const store = await Store.open(dbPath);
  try {
    const bundled = opts.bundled === false ? [] : await ensureBundled(store);
    return { store, bundled };
  } catch (e) {
    store.close();
    throw e;
  }
}
