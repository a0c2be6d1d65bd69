import { test } from "node:test";
import assert from "node:assert/strict";
import { importBytes, importFile } from "../../../src/data/import-file.js";
import { listConflicts } from "../../../src/data/provenance.js";
import { ImportError } from "../../../src/errors.js";
import { monthOf } from "../../../src/units/month.js";
import { memoryStore, storeDigest, writeTemp } from "../../helpers/store.js";

const HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note,source_kind";
const bytes = (t: string) => new TextEncoder().encode(t);

test("imports the small fixture and re-importing the same bytes is a no-op that says so", async () => {
  const store = await memoryStore();
  const first = await importFile(store, "test/fixtures/observations/magnets-small.csv");
  assert.equal(first.status, "imported");
  assert.equal(first.flows, 11);
  assert.equal(first.sources, 7);
  const before = await storeDigest(store);
  const again = await importFile(store, "test/fixtures/observations/magnets-small.csv");
  assert.equal(again.status, "unchanged");
  assert.equal(again.importId, first.importId);
  assert.match(again.firstImportedAt ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.equal(await storeDigest(store), before);
  store.close();
});

test("a file whose last row is bad leaves the store unchanged", async () => {
  const store = await memoryStore();
  await importFile(store, "test/fixtures/observations/magnets-small.csv");
  const before = await storeDigest(store);
  const rows = Array.from(
    { length: 50 },
    (_, i) =>
      `2025-${String((i % 12) + 1).padStart(2, "0")},CHN,P${i},export,re-magnets,${i},,,,S${i},,,1,,press`,
  );
  const good = rows.map((r, i) => r.replace(`P${i}`, "DEU"));
  const text = `${HEADER}\n${good.join("\n")}\n2025-06,CHN,DEU,export,re-magnets,-1,,,,Z,,,1,,press\n`;
  const path = writeTemp("bad-last.csv", text);
  await assert.rejects(importFile(store, path), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.message, `${path}:52: quantity_kg: -1 is negative`);
    return true;
  });
  assert.equal(await storeDigest(store), before);
  store.close();
});

// A write that fails on its last row: see backends.test.ts, which runs it on both engines.

test("a new edition of a bundled table replaces the old one", async () => {
  const store = await memoryStore();
  const v1 = `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,100,,,,S,,,1,,press\n`;
  const v2 = `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,200,,,,S,,,1,,press\n`;
  await importBytes(store, bytes(v1), "t.csv", { bundledPath: "observations/t.csv" });
  const r = await importBytes(store, bytes(v2), "t.csv", { bundledPath: "observations/t.csv" });
  assert.equal(r.status, "replaced");
  const q = await store.all<{ qty_kg: number }>("SELECT qty_kg FROM trade_flows");
  assert.deepEqual(q, [{ qty_kg: 200 }]);
  assert.equal((await store.all<{ n: number }>("SELECT count(*) AS n FROM imports"))[0]?.n, 1);
  store.close();
});

test("the best view ranks customs over press, then preferred, then later date, then precision", async () => {
  const store = await memoryStore();
  const text = `${HEADER}
2025-06,CHN,WLD,export,re-magnets,3300000,,,,Press old,,2025-07-01,0,,press
2025-06,CHN,WLD,export,re-magnets,3188000,,,,Press newer,,2025-07-21,0,,press
2025-06,CHN,WLD,export,re-magnets,3188470,,,,Press precise,,2025-07-21,0,,press
2025-07,CHN,WLD,export,re-magnets,5577000,,,,Press pref,,2025-08-01,1,,press
2025-07,CHN,WLD,export,re-magnets,5577130,,,,Press newer,,2025-08-26,0,,press
2025-08,CHN,WLD,export,re-magnets,6146000,,,,Press pref,,2025-09-20,1,,press
2025-08,CHN,WLD,export,re-magnets,6145999,,,,Customs,,2025-09-20,,,customs
`;
  await importBytes(store, bytes(text), "rank.csv");
  const best = await store.all<{ start_month: number; v: number; citation: string; versions: number }>(
    "SELECT start_month, v, citation, versions FROM best WHERE measure = 'qty_kg' ORDER BY start_month",
  );
  assert.deepEqual(best, [
    { start_month: monthOf(2025, 6), v: 3188470, citation: "Press precise", versions: 3 },
    { start_month: monthOf(2025, 7), v: 5577000, citation: "Press pref", versions: 2 },
    { start_month: monthOf(2025, 8), v: 6145999, citation: "Customs", versions: 2 },
  ]);
  const conflicts = await listConflicts(store);
  assert.equal(conflicts.length, 3);
  const june = conflicts.find((c) => c.period === "2025-06");
  assert.deepEqual(
    june?.versions.map((v) => [v.value, v.won]),
    [
      [3188470, true],
      [3188000, false],
      [3300000, false],
    ],
  );
  assert.equal(june?.withinRounding, false, "3.3 million kg lies outside the rounding of 3,188.47 t");
  assert.equal(conflicts.find((c) => c.period === "2025-07")?.withinRounding, true);
  store.close();
});
