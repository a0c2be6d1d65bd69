/**
 * `lodestone db migrate` brings a store's schema up to date and says from which version to which;
 * `lodestone db copy --from laptop.duckdb --to postgres://…` moves a laptop's data to the team's
 * server in one transaction, refusing a target that holds data unless `--replace`.
 * @module
 */
import type { Command } from "commander";
import { copyStore, migrateStore, resolveDbPath, Store } from "../../index.js";
import { printJson, stdio, usage, type GlobalOptions, type Output } from "../context.js";

interface MigrateOpts {
  db?: string;
}

interface CopyOpts {
  from?: string;
  to?: string;
  replace?: boolean;
}

export function registerDb(program: Command, globals: () => GlobalOptions, io: Output = stdio): void {
  const db = program.command("db").description("manage the store: migrate its schema, copy it to PostgreSQL");

  db.command("migrate")
    .description("bring the store's schema up to date")
    .option("--db <path>", "database file or postgres:// URL (default: the global --db)")
    .action(async (opts: MigrateOpts) => {
      const store = await Store.open(resolveDbPath(opts.db ?? globals().db), { migrate: false });
      try {
        const { from, to } = await migrateStore(store);
        if (globals().json) printJson(io, { store: store.path, from, to });
        else if (from === to) io.out(`${store.path}: schema at version ${to}, up to date`);
        else io.out(`${store.path}: schema migrated from version ${from} to ${to}`);
      } finally {
        await store.end();
      }
    });

  db.command("copy")
    .description("copy every table of one store into another (e.g. a DuckDB file to PostgreSQL)")
    .requiredOption("--from <path>", "the store to copy (a DuckDB file or postgres:// URL)")
    .requiredOption("--to <url>", "the store to fill (a postgres:// URL or DuckDB file)")
    .option("--replace", "empty a target that already holds data")
    .action(async (opts: CopyOpts) => {
      if (!opts.from || !opts.to) usage("db copy needs --from and --to");
      if (opts.from === opts.to) usage("db copy: --from and --to are the same store");
      const from = await Store.open(opts.from);
      try {
        const to = await Store.open(opts.to);
        try {
          const out = await copyStore(from, to, { replace: opts.replace === true });
          if (globals().json) printJson(io, out);
          else {
            io.out(`copied ${out.from} → ${out.to}:`);
            for (const t of out.tables)
              io.out(`  ${t.table.padEnd(12)} ${t.rows.toLocaleString("en-US")} rows`);
          }
        } finally {
          await to.end();
        }
      } finally {
        await from.end();
      }
    });
}
