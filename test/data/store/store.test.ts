import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Store } from "../../../src/data/store/store.js";
import { STORE_TABLES } from "../../../src/data/store/copy-store.js";
import { StoreError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/store.js";

test("creates the schema and records its version", async () => {
  const store = await Store.open(":memory:");
  assert.equal(await store.schemaVersion(), 2);
  const tables = await store.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1",
  );
  assert.deepEqual(
    tables.map((t) => t.table_name),
    ["events", "imports", "job_results", "saved_specs", "schema_info", "sources", "trade_flows"],
  );
  // `db copy` copies the tables it lists: every table but the schema's own record.
  assert.deepEqual(
    [...STORE_TABLES].sort(),
    tables.map((t) => t.table_name).filter((t) => t !== "schema_info"),
  );
  store.close();
});

test("reopening a file keeps its data and does not migrate twice", async () => {
  const path = join(tempDir(), "a.duckdb");
  const a = await Store.open(path);
  await a.run("INSERT INTO imports VALUES (1, 'f', 'observations', 'x', NULL, now(), 0)");
  a.close();
  const b = await Store.open(path);
  assert.equal((await b.all<{ n: number }>("SELECT count(*) AS n FROM imports"))[0]?.n, 1);
  // One row per migration, each written once.
  assert.equal((await b.all<{ n: number }>("SELECT count(*) AS n FROM schema_info"))[0]?.n, 2);
  b.close();
});

test("refuses a file written by a newer Lodestone, saying what to do", async () => {
  const path = join(tempDir(), "newer.duckdb");
  const a = await Store.open(path);
  await a.run("INSERT INTO schema_info VALUES (99, now())");
  a.close();
  await assert.rejects(Store.open(path), (e: unknown) => {
    assert.ok(e instanceof StoreError);
    assert.equal(
      e.message,
      `${path} has schema version 99, but this Lodestone reads up to version 2: upgrade Lodestone, or use --db to open another file`,
    );
    return true;
  });
});

test("a transaction that throws leaves nothing behind", async () => {
  const store = await Store.open(":memory:");
  await assert.rejects(
    store.transaction(async () => {
      await store.run("INSERT INTO imports VALUES (1, 'f', 'observations', 'x', NULL, now(), 0)");
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal((await store.all<{ n: number }>("SELECT count(*) AS n FROM imports"))[0]?.n, 0);
  store.close();
});

test("a file another process holds gets one clear line naming it", async () => {
  const path = join(tempDir(), "busy.duckdb");
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/hold-db.ts", path], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
    });
    await assert.rejects(Store.open(path), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(
        e.message,
        new RegExp(
          `^the database file ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is busy: another process \\(PID \\d+\\) has it open\\. ` +
            "Stop that process, use --db to point at another file, or go through the server's API$",
        ),
      );
      return true;
    });
  } finally {
    child.kill();
  }
});
