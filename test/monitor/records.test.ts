import { test } from "node:test";
import assert from "node:assert/strict";
import { levelRecord, yoyDeclineRecord } from "../../src/monitor/records.js";
import { monthOf } from "../../src/units/month.js";

const series = (entries: [string, number][]) =>
  new Map(entries.map(([ym, v]) => [monthOf(Number(ym.slice(0, 4)), Number(ym.slice(5))) as number, v]));

test("claims 'lowest since M' only when every month from M on is known", () => {
  const full = series([
    ["2024-01", 3],
    ["2024-02", 9],
    ["2024-03", 8],
    ["2024-04", 7],
    ["2024-05", 6],
    ["2024-06", 4],
  ]);
  assert.equal(levelRecord(full, monthOf(2024, 6), "lowest")?.text, "lowest since 2024-01");
  assert.equal(levelRecord(full, monthOf(2024, 6), "lowest")?.missing, 0);
});

test("a gap is never a zero: the claim says how many months are missing", () => {
  const gappy = series([
    ["2024-01", 3],
    ["2024-02", 9],
    ["2024-05", 6],
    ["2024-06", 4],
  ]);
  const c = levelRecord(gappy, monthOf(2024, 6), "lowest");
  assert.equal(c?.text, "lowest since 2024-01 among known months (2 months of the 4 between are missing)");
  assert.equal(c?.missing, 2);
});

test("below everything known: lowest since the series began, or of the known months", () => {
  const full = series([
    ["2024-01", 5],
    ["2024-02", 9],
    ["2024-03", 8],
    ["2024-04", 1],
  ]);
  assert.equal(
    levelRecord(full, monthOf(2024, 4), "lowest")?.text,
    "lowest since the series began in 2024-01",
  );
  const gappy = series([
    ["2024-01", 5],
    ["2024-03", 8],
    ["2024-05", 1],
  ]);
  assert.equal(
    levelRecord(gappy, monthOf(2024, 5), "lowest")?.text,
    "lowest of the 3 known months since 2024-01 (2 months missing)",
  );
});

test("no record over a span too short to mean anything, nor for an unknown month", () => {
  const s = series([
    ["2024-01", 5],
    ["2024-02", 1],
    ["2024-03", 2],
  ]);
  assert.equal(levelRecord(s, monthOf(2024, 3), "lowest"), null);
  assert.equal(levelRecord(s, monthOf(2024, 3), "highest"), null);
  assert.equal(levelRecord(s, monthOf(2024, 4), "lowest"), null);
});

test("largest y/y decline since M over known y/y changes only", () => {
  const yoy = series([
    ["2024-01", -80],
    ["2024-02", 5],
    ["2024-03", -10],
    ["2024-04", 2],
    ["2024-05", -74],
  ]);
  assert.equal(yoyDeclineRecord(yoy, monthOf(2024, 5))?.text, "largest y/y decline since 2024-01");
  assert.equal(yoyDeclineRecord(yoy, monthOf(2024, 4)), null, "a rise is no decline record");
});
