/**
 * Brings a store's schema up to date: every numbered migration past the stored version, then the
 * views (recreated on every open, so a new Lodestone's views replace the old ones). One
 * transaction; on PostgreSQL under an advisory lock, so servers starting together migrate once.
 * @module
 */
import { StoreError } from "../../errors.js";
import { migrations, sqlFile } from "./sql-files.js";
import type { Store } from "./store.js";

/** The advisory-lock key that serialises migrations on PostgreSQL ("lodestone migrate"). */
const MIGRATE_LOCK = 0x10de_0001;

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

export async function migrateStore(store: Store): Promise<MigrationOutcome> {
  const all = migrations(store.dialect);
  const latest = all.at(-1)?.version ?? 0;
  return store.transaction(async () => {
    if (store.dialect === "postgres") await store.run("SELECT pg_advisory_xact_lock(?)", [MIGRATE_LOCK]);
    const current = await store.schemaVersion();
    if (current > latest) {
      throw new StoreError(
        `${store.path} has schema version ${current}, but this Lodestone reads up to version ${latest}: ` +
          `upgrade Lodestone, or use --db to open another file`,
      );
    }
    for (const m of all.filter((x) => x.version > current)) {
      await store.exec(m.sql);
      await store.run("INSERT INTO schema_info VALUES (?, now())", [m.version]);
    }
    await store.exec(sqlFile("best", store.dialect));
    return { from: current, to: Math.max(current, latest) };
  });
}
