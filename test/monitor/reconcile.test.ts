import { test } from "node:test";
import assert from "node:assert/strict";
import { reconcile, type KnownMonth } from "../../src/monitor/reconcile.js";
import { monthOf, type MonthIndex } from "../../src/units/month.js";

const m = (mo: number, y = 2025): MonthIndex => monthOf(y, mo);
const known = (mo: number, value: number, half = 500, y = 2025): KnownMonth => ({
  month: m(mo, y),
  value,
  half,
  sources: [mo],
});

test("a year-to-date figure minus the known months determines the one missing month, with its rounding interval", () => {
  const r = reconcile(
    [known(1, 6_357_000), known(2, 4_000_000), known(4, 2_627_000), known(5, 1_238_000)],
    [{ start: m(1), end: m(5), value: 19_132_000, half: 500, sources: [99] }],
    [],
  );
  assert.equal(r.derived.length, 1);
  const d = r.derived[0]!;
  assert.equal(d.start, m(3));
  assert.equal(d.end, m(3));
  assert.equal(d.value, 4_910_000);
  assert.equal(d.low, 4_910_000 - 2_500);
  assert.equal(d.high, 4_910_000 + 2_500);
  assert.deepEqual(d.sources, [1, 2, 4, 5, 99]);
});

test("two missing months in a run are derived together, never split", () => {
  const r = reconcile(
    [known(1, 6_357_000), known(4, 2_627_000), known(5, 1_238_000)],
    [{ start: m(1), end: m(5), value: 19_132_000, half: 500, sources: [99] }],
    [],
  );
  assert.deepEqual(
    r.derived.map((d) => [d.start, d.end, d.value]),
    [[m(2), m(3), 8_910_000]],
  );
});

test("monthly rows that add up within rounding are consistent; otherwise flagged", () => {
  const months = [known(1, 1_000_000), known(2, 2_000_000)];
  const ok = reconcile(months, [{ start: m(1), end: m(2), value: 3_001_000, half: 500, sources: [9] }], []);
  assert.equal(ok.checks[0]?.consistent, true);
  assert.equal(ok.checks[0]?.tolerance, 1_500);
  const bad = reconcile(months, [{ start: m(1), end: m(2), value: 3_002_000, half: 500, sources: [9] }], []);
  assert.equal(bad.checks[0]?.consistent, false);
  assert.equal(bad.checks[0]?.sumOfMonths, 3_000_000);
});

test("the difference of two year-to-date figures checks the months between", () => {
  // Jan–Oct 2024 47,778 t minus Jan–Aug 38,138 t = Sep + Oct = 4,915 + 4,725 t.
  const r = reconcile(
    [known(9, 4_915_000, 500, 2024), known(10, 4_725_000, 500, 2024)],
    [
      { start: m(1, 2024), end: m(8, 2024), value: 38_138_000, half: 500, sources: [1] },
      { start: m(1, 2024), end: m(10, 2024), value: 47_778_000, half: 500, sources: [2] },
    ],
    [],
  );
  const diff = r.checks.find((c) => c.fromDifference);
  assert.equal(diff?.stated, 9_640_000);
  assert.equal(diff?.sumOfMonths, 9_640_000);
  assert.equal(diff?.consistent, true);
});

test("a reported y/y change derives the missing base month with the interval its rounding allows", () => {
  const r = reconcile(
    [known(6, 3_188_000)],
    [],
    [{ kind: "yoy", month: m(6), pct: -38.1, half: 0.05, sources: [7] }],
  );
  const d = r.derived[0]!;
  assert.equal(d.start, m(6, 2024));
  assert.ok(Math.abs(d.value - 3_188_000 / 0.619) < 1e-6);
  assert.ok(Math.abs(d.low - 3_187_500 / 0.6195) < 1e-6);
  assert.ok(Math.abs(d.high - 3_188_500 / 0.6185) < 1e-6);
  assert.ok(d.low < d.value && d.value < d.high);
});

test("a reported m/m change of −51% means −51.5% to −50.5% for the previous month", () => {
  const r = reconcile(
    [known(4, 2_627_000)],
    [],
    [{ kind: "mom", month: m(4), pct: -51, half: 0.5, sources: [3] }],
  );
  const d = r.derived[0]!;
  assert.equal(d.start, m(3));
  assert.ok(Math.abs(d.low - 2_626_500 / 0.495) < 1e-6);
  assert.ok(Math.abs(d.high - 2_627_500 / 0.485) < 1e-6);
});

test("no derivation where the base month is known, and the narrowest of rival derivations wins", () => {
  const r = reconcile(
    [known(1, 1_000_000), known(3, 1_000_000)],
    [{ start: m(1), end: m(3), value: 3_000_000, half: 500, sources: [1] }],
    [
      { kind: "mom", month: m(3), pct: 0, half: 0.5, sources: [2] },
      { kind: "mom", month: m(1), pct: 5, half: 0.5, sources: [3] },
    ],
  );
  const feb = r.derived.filter((d) => d.start === m(2));
  assert.equal(feb.length, 1);
  assert.equal(feb[0]?.value, 1_000_000);
  assert.equal(
    feb[0] && feb[0].high - feb[0].low,
    3_000,
    "the cumulative difference (±1,500 kg) beats the m/m (±~5,000 kg)",
  );
  assert.ok(
    r.derived.some((d) => d.start === m(12, 2024)),
    "December 2024 from January's m/m",
  );
});

test("mass balance: derived month plus known months equals the cumulative figure", () => {
  for (let missing = 1; missing <= 12; missing++) {
    const months = Array.from({ length: 12 }, (_, i) => i + 1)
      .filter((i) => i !== missing)
      .map((i) => known(i, 1_000_000 + i * 1_234));
    const total = 12_000_000 + 78 * 1_234;
    const r = reconcile(months, [{ start: m(1), end: m(12), value: total, half: 0, sources: [0] }], []);
    const sum = months.reduce((s, k) => s + k.value, 0) + (r.derived[0]?.value ?? NaN);
    assert.equal(sum, total);
  }
});
