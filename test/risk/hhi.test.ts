import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { hhi, hhiBounds, hhiPoints } from "../../src/risk/hhi.js";
import { between, point, type Interval } from "../../src/risk/interval.js";

const EPS = 1e-12;

function close(actual: number, expected: number, eps = EPS): void {
  assert.ok(Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
}

/** Positive weights normalised to shares that sum to 1. */
const sharesSummingToOne = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 })
  .filter((w) => w.some((x) => x > 1e-9))
  .map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  });

test("exact values on small inputs", () => {
  assert.equal(hhi([0.5, 0.5]), 0.5);
  assert.equal(hhi([1]), 1);
  assert.equal(hhi([]), 0);
  close(hhi([0.6, 0.3, 0.1]), 0.46);
  close(hhiPoints([0.5, 0.3, 0.2]), 3800);
  close(hhi([0.75, 0.125, 0.0625, 0.0625]), 0.5859375);
  // A partial list gives the lower bound Σ s² of the full index.
  close(hhi([0.92, 0.05]), 0.8489);
});

test("bounds with a known remainder are exact on the module's example", () => {
  const b = hhiBounds([point(0.92), point(0.05)], point(0.03));
  close(b.lo, 0.8489);
  close(b.hi, 0.8498); // + r·min(r, s_min) = 0.03 × 0.03
  const noRemainder = hhiBounds([point(0.92), point(0.05)]);
  close(noRemainder.hi, 0.8498); // the remainder defaults to 1 − Σ known
});

test("bounds take interval shares at their ends and pack the remainder under the smallest share", () => {
  // USGS-style whole-percent shares ±0.5 points with a 6% 'other'.
  const known = [between(0.695, 0.705), between(0.125, 0.135), between(0.055, 0.065), between(0.045, 0.055)];
  const b = hhiBounds(known, between(0.055, 0.065));
  close(b.lo, 0.695 ** 2 + 0.125 ** 2 + 0.055 ** 2 + 0.045 ** 2);
  close(b.hi, 0.705 ** 2 + 0.135 ** 2 + 0.065 ** 2 + 0.055 ** 2 + 0.065 * 0.055);
  assert.deepEqual(hhiBounds([]), { lo: 0, hi: 1 });
});

test("rejects a negative or missing share", () => {
  assert.throws(() => hhi([0.5, -0.1]), RangeError);
  assert.throws(() => hhi([Number.NaN]), RangeError);
});

test("a monopoly scores 1 (10,000 points), however many zero shares sit beside it", () => {
  fc.assert(
    fc.property(fc.nat({ max: 50 }), fc.nat({ max: 50 }), (before, after) => {
      const shares = [...Array<number>(before).fill(0), 1, ...Array<number>(after).fill(0)];
      assert.equal(hhi(shares), 1);
      assert.equal(hhiPoints(shares), 10_000);
    }),
  );
});

test("for shares summing to 1, the index lies within [1/n, 1]", () => {
  fc.assert(
    fc.property(sharesSummingToOne, (shares) => {
      const h = hhi(shares);
      assert.ok(h >= 1 / shares.length - EPS, `hhi ${h} < 1/${shares.length}`);
      assert.ok(h <= 1 + EPS, `hhi ${h} > 1`);
    }),
  );
});

test("equal shares reach the lower bound 1/n", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
      close(hhi(Array<number>(n).fill(1 / n)), 1 / n);
    }),
  );
});

test("the index does not depend on the order of the shares", () => {
  const withPermutation = sharesSummingToOne.chain((s) =>
    fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length })),
  );
  fc.assert(
    fc.property(withPermutation, ([a, b]) => {
      close(hhi(a), hhi(b));
      const ia = a.map(point);
      const ib = b.map(point);
      const r = point(0);
      close(hhiBounds(ia, r).lo, hhiBounds(ib, r).lo);
      close(hhiBounds(ia, r).hi, hhiBounds(ib, r).hi);
    }),
  );
});

/**
 * A partial table and one of its completions: actual shares inside the known intervals, and the
 * remainder split among producers no larger than the smallest actual known share.
 */
const partialTable = fc
  .record({
    weights: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
    rest: fc.double({ min: 0, max: 1, noNaN: true }),
    widen: fc.array(
      fc.tuple(fc.double({ min: 0, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 0.05, noNaN: true })),
      {
        minLength: 8,
        maxLength: 8,
      },
    ),
    remainderKnown: fc.boolean(),
    remainderWiden: fc.tuple(
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.double({ min: 0, max: 0.05, noNaN: true }),
    ),
    pieces: fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
  })
  .map((g) => {
    const total = g.weights.reduce((a, b) => a + b, 0) + g.rest;
    const actual = g.weights.map((w) => w / total);
    const r = Math.max(0, 1 - actual.reduce((a, b) => a + b, 0));
    const known: Interval[] = actual.map((s, i) => {
      const [down, up] = g.widen[i] ?? [0, 0];
      return between(Math.max(0, s - down), Math.min(1, s + up));
    });
    const remainder = g.remainderKnown
      ? between(Math.max(0, r - g.remainderWiden[0]), r + g.remainderWiden[1])
      : undefined;
    // Split r into producers ≤ s_min (the smallest actual known share).
    const sMin = Math.min(...actual);
    const hidden: number[] = [];
    let left = r;
    for (let i = 0; left > 1e-15; i++) {
      const piece = Math.min(left, sMin * (g.pieces[i % g.pieces.length] ?? 1));
      hidden.push(piece);
      left -= piece;
    }
    return { known, remainder, actual, hidden };
  });

test("hhiBounds contains every completion of a partial table", () => {
  fc.assert(
    fc.property(partialTable, ({ known, remainder, actual, hidden }) => {
      const b = hhiBounds(known, remainder);
      const full = hhi([...actual, ...hidden]);
      assert.ok(b.lo <= full + EPS, `lower bound ${b.lo} > completion ${full}`);
      assert.ok(full <= b.hi + EPS, `completion ${full} > upper bound ${b.hi}`);
      assert.ok(b.lo >= 0 && b.hi <= 1 + EPS);
    }),
    { numRuns: 500 },
  );
});

test("the bounds are tight: the high end is reached when the remainder packs into producers of size s_min", () => {
  // Known 0.4 and 0.2; the remainder 0.4 as two producers of 0.2 reaches Σs² + r·min(r, s_min) exactly.
  const b = hhiBounds([point(0.4), point(0.2)], point(0.4));
  close(b.lo, 0.2);
  close(b.hi, 0.28);
  close(hhi([0.4, 0.2, 0.2, 0.2]), b.hi);
  // 1000 producers of 0.0004 add 1.6e-4: the low end is approached, never beaten.
  const dust = hhi([0.4, 0.2, ...Array<number>(1000).fill(0.0004)]);
  assert.ok(dust >= b.lo && dust - b.lo < 2e-4);
});
