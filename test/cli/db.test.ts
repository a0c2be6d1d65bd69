// `lodestone db migrate` and `lodestone db copy`, run as a user would (the CLI in a child process).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createTestDatabase, pgSkip } from "../helpers/pg.js";
import { tempDir } from "../helpers/store.js";

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("lodestone db migrate", () => {
  it("says from which version to which, then that the schema is up to date", () => {
    const db = join(tempDir(), "m.duckdb");
    const first = run(["db", "migrate", "--db", db]);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, `${db}: schema migrated from version 0 to 2\n`);
    const again = run(["db", "migrate"], { LODESTONE_DB: db });
    assert.equal(again.code, 0, again.err);
    assert.equal(again.out, `${db}: schema at version 2, up to date\n`);
  });

  it("never prints the password of a PostgreSQL URL it cannot reach", () => {
    const r = run(["db", "migrate", "--db", "postgres://lodestone:hunter2-secret@127.0.0.1:1/lodestone"]);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /^error: cannot connect to the database postgres:\/\/lodestone:\*\*\*@127\.0\.0\.1:1\/lodestone: /,
    );
    assert.ok(!`${r.out}${r.err}`.includes("hunter2"), r.err);
  });

  it("migrates a PostgreSQL database given as LODESTONE_DB", { skip: pgSkip() }, async () => {
    const pg = await createTestDatabase();
    try {
      const r = run(["db", "migrate", "--json"], { LODESTONE_DB: pg.url });
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), { store: pg.url.replace(/:[^:@/]*@/, ":***@"), from: 0, to: 2 });
    } finally {
      await pg.drop();
    }
  });
});

describe("lodestone db copy", { skip: pgSkip() }, () => {
  it("copies a DuckDB file to PostgreSQL, refuses a non-empty target unless --replace, and the brief is the same", async () => {
    const pg = await createTestDatabase();
    try {
      const file = join(tempDir(), "laptop.duckdb");
      const made = run(["brief", "--period", "2025-06", "--json"], { LODESTONE_DB: file });
      assert.equal(made.code, 0, made.err);

      const copy = run(["db", "copy", "--from", file, "--to", pg.url]);
      assert.equal(copy.code, 0, copy.err);
      const lines = copy.out.trim().split("\n");
      assert.equal(lines[0], `copied ${file} → ${pg.url.replace(/:[^:@/]*@/, ":***@")}:`);
      assert.deepEqual(
        lines.slice(1).map((l) => l.trim().split(/\s+/)[0]),
        ["imports", "sources", "trade_flows", "events", "saved_specs", "job_results"],
      );
      assert.match(copy.out, /trade_flows\s+[1-9][\d,]* rows/);

      const refused = run(["db", "copy", "--from", file, "--to", pg.url]);
      assert.equal(refused.code, 1);
      assert.match(
        refused.err,
        /is not empty: it holds rows in imports \(\d+\), .*Use --replace to overwrite it/,
      );

      const replaced = run(["db", "copy", "--from", file, "--to", pg.url, "--replace", "--json"]);
      assert.equal(replaced.code, 0, replaced.err);
      const counts = (JSON.parse(replaced.out) as { tables: { table: string; rows: number }[] }).tables;
      assert.ok(
        counts.every((t) =>
          lines.some((l) => l.includes(t.table) && l.includes(t.rows.toLocaleString("en-US"))),
        ),
      );

      // Opening the copy imports nothing (the bundled data is there, byte for byte) and briefs alike.
      const onPg = run(["brief", "--period", "2025-06", "--json"], { LODESTONE_DB: pg.url });
      assert.equal(onPg.code, 0, onPg.err);
      assert.equal(onPg.out, made.out);
      const sources = (db: string) => {
        const r = run(["data", "sources", "--json"], { LODESTONE_DB: db });
        assert.equal(r.code, 0, r.err);
        return r.out;
      };
      assert.equal(
        sources(pg.url),
        sources(file),
        "sources, with when each was imported, are copied as they were",
      );
    } finally {
      await pg.drop();
    }
  });
});
