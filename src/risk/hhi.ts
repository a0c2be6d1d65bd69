/**
 * The Herfindahl–Hirschman index of concentration: the sum of squared shares, on the 0–1 scale and
 * the 0–10,000 scale (shares in percent). With partial data — known shares s and an unexplained
 * remainder r split among producers no larger than the smallest known one — the index is bounded:
 * HHI ∈ [Σs², Σs² + r·min(r, s_min)], never a guess.
 * @module
 * @example
 * hhi([0.5, 0.5]); // 0.5
 * hhiBounds([point(0.92), point(0.05)], 0.03); // { lo: 0.8489, hi: 0.8498 }
 */
import { between, type Interval } from "./interval.js";

/** How an "Other" aggregate row is treated: dropped from the index, or as many tiny producers (adds ~0). */
export type OtherRule = "exclude" | "many-small";

/** Σ s² for shares as fractions of 1. Shares need not sum to 1 (a partial list gives a lower bound). */
export function hhi(shares: readonly number[]): number {
  let s = 0;
  for (const x of shares) {
    if (!(x >= 0)) throw new RangeError(`share ${x} is negative or not a number`);
    s += x * x;
  }
  return s;
}

/** The same index on the 0–10,000 scale (shares in percent), as competition authorities quote it. */
export function hhiPoints(shares: readonly number[]): number {
  return hhi(shares) * 10_000;
}

/**
 * Bounds on the index when some shares are intervals and a remainder is unexplained. The lowest
 * index takes every share at its low end and spreads the remainder (1 − Σ known) over infinitely
 * many producers; the highest takes every share at its high end and packs the remainder into
 * producers no larger than the smallest known share.
 */
export function hhiBounds(known: readonly Interval[], remainder?: Interval): Interval {
  if (known.length === 0) return between(0, 1);
  const lows = known.map((k) => k.lo);
  const highs = known.map((k) => k.hi);
  const lo = hhi(lows);
  const sMin = Math.min(...highs);
  const rHi = Math.max(0, remainder ? remainder.hi : 1 - lows.reduce((a, b) => a + b, 0));
  // r·min(r, s_min) is the most the remainder can add when no hidden producer exceeds s_min.
  const hi = hhi(highs) + rHi * Math.min(rHi, sMin);
  return between(lo, Math.min(1, hi));
}
