/**
 * N-1 coverage, the IEA's test: supply from all but the largest supplier as a share of demand.
 * Below 1, losing the largest supplier leaves demand unmet by that fraction.
 * @module
 * @example
 * nMinus1(point(0.69), point(1)); // { lo: 0.31, hi: 0.31 } — with supply equal to demand
 */
import { between, div, sub, point, type Interval } from "./interval.js";

/**
 * @param largest the largest supplier's share of supply
 * @param supplyOverDemand total supply ÷ demand; 1 when the stage's output is taken as its demand
 */
export function nMinus1(largest: Interval, supplyOverDemand: Interval = point(1)): Interval {
  const rest = sub(point(1), largest);
  const c = div(point(1), div(point(1), supplyOverDemand));
  const lo = Math.max(0, rest.lo * c.lo);
  const hi = Math.max(0, rest.hi * c.hi);
  return between(lo, hi);
}
