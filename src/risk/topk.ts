/**
 * Top-k shares: the combined share of the k largest suppliers, as bounds when shares are intervals
 * or a remainder is unexplained (hidden producers are never larger than the smallest listed one).
 * @module
 * @example
 * topK([point(0.92), point(0.05)], point(0.03), 3); // { lo: 0.97, hi: 1 }
 */
import { between, type Interval } from "./interval.js";

export function topK(known: readonly Interval[], remainder: Interval, k: number): Interval {
  const lows = known.map((s) => s.lo).sort((a, b) => b - a);
  const highs = known.map((s) => s.hi).sort((a, b) => b - a);
  const lo = lows.slice(0, k).reduce((a, b) => a + b, 0);
  let hi = highs.slice(0, k).reduce((a, b) => a + b, 0);
  // Missing slots can be filled from the remainder by producers no larger than the smallest known one.
  const missing = Math.max(0, k - known.length);
  if (missing > 0 && known.length > 0) {
    const sMin = Math.min(...highs);
    hi += Math.min(remainder.hi, missing * sMin);
  }
  return between(Math.min(1, lo), Math.min(1, hi));
}
