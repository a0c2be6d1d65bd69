import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addMonths,
  formatMonth,
  monthName,
  monthOf,
  parseCompactMonth,
  parseMonth,
} from "../../src/units/month.js";
import { formatPeriod, parsePeriod, periodLength } from "../../src/units/period.js";
import { formatPct, formatTonnes, kg, roundingHalfWidth, toKg } from "../../src/units/quantity.js";

test("months round-trip through YYYY-MM and count across years", () => {
  const m = parseMonth("2025-06");
  assert.equal(m, 2025 * 12 + 5);
  assert.equal(formatMonth(addMonths(m!, -6)), "2024-12");
  assert.equal(monthName(m!), "June 2025");
  assert.equal(parseCompactMonth("202401"), monthOf(2024, 1));
  fc.assert(
    fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), (y, mo) => {
      const month = monthOf(y, mo);
      assert.equal(parseMonth(formatMonth(month)), month);
    }),
  );
});

test("rejects month 13, month 0 and free text", () => {
  assert.equal(parseMonth("2025-13"), null);
  assert.equal(parseMonth("2025-00"), null);
  assert.equal(parseMonth("June 2025"), null);
  assert.equal(parseCompactMonth("2024"), null);
});

test("parses the three period forms and refuses a backwards range", () => {
  assert.deepEqual(parsePeriod("2025-01/2025-06"), {
    kind: "range",
    start: monthOf(2025, 1),
    end: monthOf(2025, 6),
  });
  const y = parsePeriod("2024");
  assert.ok(typeof y !== "string");
  assert.equal(y.kind, "year");
  assert.equal(periodLength(y), 12);
  assert.equal(formatPeriod(y), "2024");
  assert.match(parsePeriod("2025-06/2025-01") as string, /ends before it starts/);
  assert.match(parsePeriod("H1 2025") as string, /not a period/);
});

test("converts named mass units to kilograms and refuses pieces", () => {
  assert.equal(toKg(3.5, "t"), 3500);
  assert.equal(toKg(12, "千克"), 12);
  assert.equal(toKg(2, "吨"), 2000);
  assert.equal(toKg(5, "pieces"), null);
});

test("formats tonnes and signed percentages for display", () => {
  assert.equal(formatTonnes(kg(3_188_000)), "3,188 t");
  assert.equal(formatTonnes(kg(46_400)), "46 t");
  assert.equal(formatTonnes(kg(2_500)), "2.5 t");
  assert.equal(formatPct(157.512), "+157.5%");
  assert.equal(formatPct(-38.1), "−38.1%");
});

test("half a unit of the last reported digit is the rounding a figure carries", () => {
  assert.equal(roundingHalfWidth(3_188_000), 500);
  assert.equal(roundingHalfWidth(1_238_470), 5);
  assert.equal(roundingHalfWidth(4_800_000), 50_000);
  assert.equal(roundingHalfWidth(-38.1, false), 0.05);
  assert.equal(roundingHalfWidth(-74.26, false), 0.005);
  assert.equal(roundingHalfWidth(-51, false), 0.5);
  assert.equal(roundingHalfWidth(3_188_000, false), 0.5);
});
