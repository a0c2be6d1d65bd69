// Tables as downloads: flattening, RFC 4180 CSV, and Parquet read back through DuckDB.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { Store } from "../../src/index.js";
import { flatten, toCsv, toParquet } from "../../src/server/table.js";
import { createTestDatabase, pgSkip } from "../helpers/pg.js";
import { tempDir } from "../helpers/store.js";

test("flattens nested objects into dotted columns, joins plain lists, keeps object lists as JSON, empties as empty", () => {
  const t = flatten([
    { a: 1, qty: null, tags: ["x", "y"], parts: [{ k: 1 }] },
    { a: 2, qty: { value: 5, basis: "observed" }, tags: [], parts: [] },
  ]);
  assert.deepEqual(t.columns, ["a", "tags", "parts", "qty.value", "qty.basis"]);
  assert.deepEqual(t.rows, [
    [1, "x; y", '[{"k":1}]', null, null],
    [2, "", "", 5, "observed"],
  ]);
});

test("writes RFC 4180: CRLF, quotes around commas, quotes and line breaks, doubled quotes, empty nulls", () => {
  const csv = toCsv({
    columns: ["id", "text", "n", "ok"],
    rows: [
      [1, 'Press B, "unrounded"', 2.5, true],
      [2, "two\nlines", null, false],
      [3, "plain", -1, null],
    ],
  });
  assert.equal(
    csv,
    'id,text,n,ok\r\n1,"Press B, ""unrounded""",2.5,true\r\n2,"two\nlines",,false\r\n3,plain,-1,\r\n',
  );
  assert.equal(toCsv(flatten([])), "");
});

test("writes Parquet that DuckDB reads back with the same columns, types and values", async () => {
  const store = await Store.open(":memory:");
  try {
    const table = flatten([
      { id: 1, name: "it's", share: 0.25, ok: true, when: "2025-06", qty: { value: 3_188_000 } },
      { id: 2, name: 'a "b", c', share: null, ok: false, when: null, qty: { value: 12.5 } },
    ]);
    const bytes = await toParquet(store, table);
    assert.equal(bytes.subarray(0, 4).toString("latin1"), "PAR1");
    const path = join(tempDir(), "t.parquet");
    writeFileSync(path, bytes);
    const rows = await store.all(`SELECT * FROM read_parquet('${path}') ORDER BY id`);
    assert.deepEqual(rows, [
      { id: 1, name: "it's", share: 0.25, ok: true, when: "2025-06", "qty.value": 3_188_000 },
      { id: 2, name: 'a "b", c', share: null, ok: false, when: null, "qty.value": 12.5 },
    ]);
    const types = await store.all<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`,
    );
    assert.deepEqual(
      types.map((t) => t.column_type),
      ["BIGINT", "VARCHAR", "DOUBLE", "BOOLEAN", "VARCHAR", "DOUBLE"],
    );
    const empty = await toParquet(store, flatten([]));
    assert.equal(empty.subarray(0, 4).toString("latin1"), "PAR1");
  } finally {
    store.close();
  }
});

test(
  "writes the same Parquet from a PostgreSQL store, through a throwaway DuckDB",
  { skip: pgSkip() },
  async () => {
    const db = await createTestDatabase();
    const duck = await Store.open(":memory:");
    const store = await Store.open(db.url);
    try {
      const table = flatten([
        { id: 1, name: "it's", share: 0.25, ok: true },
        { id: 2, name: null, share: null, ok: false },
      ]);
      const path = join(tempDir(), "pg.parquet");
      writeFileSync(path, await toParquet(store, table));
      assert.deepEqual(await duck.all(`SELECT * FROM read_parquet('${path}') ORDER BY id`), [
        { id: 1, name: "it's", share: 0.25, ok: true },
        { id: 2, name: null, share: null, ok: false },
      ]);
    } finally {
      await store.end();
      duck.close();
      await db.drop();
    }
  },
);
