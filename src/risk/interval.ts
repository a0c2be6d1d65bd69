/**
 * Closed intervals [lo, hi] for inputs known only as bounds ("> 90%") or as rival figures: every
 * operation propagates the bounds, so a range input gives a range output, never an invented point.
 * @module
 * @example
 * add(point(0.92), between(0.02, 0.05)); // { lo: 0.94, hi: 0.97 }
 */

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export function point(x: number): Interval {
  return { lo: x, hi: x };
}

export function between(a: number, b: number): Interval {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError("interval bound is NaN");
  return a <= b ? { lo: a, hi: b } : { lo: b, hi: a };
}

export function isPoint(i: Interval): boolean {
  return i.lo === i.hi;
}

export function add(a: Interval, b: Interval): Interval {
  return { lo: a.lo + b.lo, hi: a.hi + b.hi };
}

export function sub(a: Interval, b: Interval): Interval {
  return { lo: a.lo - b.hi, hi: a.hi - b.lo };
}

export function mul(a: Interval, b: Interval): Interval {
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: Math.min(...c), hi: Math.max(...c) };
}

/** a ÷ b for a divisor that does not contain zero. */
export function div(a: Interval, b: Interval): Interval {
  if (b.lo <= 0 && b.hi >= 0) throw new RangeError("division by an interval that contains zero");
  return mul(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

export function scale(a: Interval, k: number): Interval {
  return between(a.lo * k, a.hi * k);
}

/** Clamps both bounds into [min, max]. */
export function clamp(a: Interval, min: number, max: number): Interval {
  return { lo: Math.min(max, Math.max(min, a.lo)), hi: Math.min(max, Math.max(min, a.hi)) };
}

export function sum(items: readonly Interval[]): Interval {
  return items.reduce(add, point(0));
}

/** The smallest interval holding all of them (rival figures for one quantity). */
export function hull(items: readonly Interval[]): Interval {
  if (items.length === 0) throw new RangeError("hull of no intervals");
  return { lo: Math.min(...items.map((i) => i.lo)), hi: Math.max(...items.map((i) => i.hi)) };
}

/** "92%" or "90–95%" with the given formatter for each bound. */
export function formatInterval(i: Interval, fmt: (x: number) => string): string {
  return isPoint(i) ? fmt(i.lo) : `${fmt(i.lo)}–${fmt(i.hi)}`;
}
