/**
 * Reconciliation of monthly figures with cumulative ones (year-to-date, annual), and derivation of
 * missing figures from cumulative differences and reported changes. Pure: no I/O.
 *
 * Consistent means within the rounding of the figures involved: half a unit of each term's last
 * reported digit, summed. A derived value carries the interval that rounding allows (−51 % reported
 * means −51.5 % to −50.5 %) and is never shown as observed.
 * @module
 * @example
 * reconcile(known, [{ start: jan, end: may, value: 19_132_000, half: 500, sources: [7] }], []);
 */
import type { MonthIndex } from "../units/month.js";

export interface KnownMonth {
  readonly month: MonthIndex;
  readonly value: number;
  readonly half: number;
  readonly sources: readonly number[];
}

export interface Cumulative {
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly value: number;
  readonly half: number;
  readonly sources: readonly number[];
}

export interface ReportedChange {
  readonly kind: "yoy" | "mom";
  readonly month: MonthIndex;
  readonly pct: number;
  readonly half: number;
  readonly sources: readonly number[];
}

export interface Check {
  /** The cumulative figure checked (a stated one, or the difference of two stated ones). */
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly stated: number;
  readonly sumOfMonths: number;
  readonly tolerance: number;
  readonly consistent: boolean;
  readonly fromDifference: boolean;
  readonly sources: readonly number[];
}

export interface Derivation {
  /** The months the derived value covers (one month, or a run of missing months together). */
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly sources: readonly number[];
  readonly method: string;
}

export interface Reconciliation {
  readonly checks: readonly Check[];
  readonly derived: readonly Derivation[];
}

const union = (...lists: (readonly number[])[]): number[] => [...new Set(lists.flat())].sort((a, b) => a - b);

/** Cumulative figures plus the differences of figures that share a start (Jan–Jun − Jan–May = Jun). */
function withDifferences(cumulative: readonly Cumulative[]): (Cumulative & { fromDifference: boolean })[] {
  const out = cumulative.map((c) => ({ ...c, fromDifference: false }));
  const byStart = new Map<number, Cumulative[]>();
  for (const c of cumulative) byStart.set(c.start, [...(byStart.get(c.start) ?? []), c]);
  for (const group of byStart.values()) {
    const sorted = [...group].sort((a, b) => a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1] as Cumulative;
      const b = sorted[i] as Cumulative;
      if (b.end === a.end) continue;
      out.push({
        start: (a.end + 1) as MonthIndex,
        end: b.end,
        value: b.value - a.value,
        half: a.half + b.half,
        sources: union(a.sources, b.sources),
        fromDifference: true,
      });
    }
  }
  return out;
}

export function reconcile(
  known: readonly KnownMonth[],
  cumulative: readonly Cumulative[],
  changes: readonly ReportedChange[],
): Reconciliation {
  const byMonth = new Map(known.map((k) => [k.month as number, k]));
  const checks: Check[] = [];
  const derived: Derivation[] = [];

  for (const c of withDifferences(cumulative)) {
    const have: KnownMonth[] = [];
    const missing: number[] = [];
    for (let m = c.start; m <= c.end; m++) {
      const k = byMonth.get(m);
      if (k) have.push(k);
      else missing.push(m);
    }
    const sum = have.reduce((s, k) => s + k.value, 0);
    const tolerance = c.half + have.reduce((s, k) => s + k.half, 0);
    const sources = union(c.sources, ...have.map((k) => k.sources));
    if (missing.length === 0) {
      checks.push({
        start: c.start,
        end: c.end,
        stated: c.value,
        sumOfMonths: sum,
        tolerance,
        consistent: Math.abs(sum - c.value) <= tolerance + 1e-9 * Math.abs(c.value),
        fromDifference: c.fromDifference,
        sources,
      });
      continue;
    }
    // A stated total over months none of which is known determines nothing new.
    if (have.length === 0 && !c.fromDifference) continue;
    const first = missing[0] as number;
    const last = missing[missing.length - 1] as number;
    if (last - first + 1 !== missing.length) continue; // the gaps are not one run: nothing determined
    const value = c.value - sum;
    derived.push({
      start: first as MonthIndex,
      end: last as MonthIndex,
      value,
      low: Math.max(0, value - tolerance),
      high: value + tolerance,
      sources,
      method: c.fromDifference
        ? "difference of two cumulative figures, less known months"
        : "cumulative figure less known months",
    });
  }

  for (const ch of changes) {
    const base = (ch.kind === "yoy" ? ch.month - 12 : ch.month - 1) as MonthIndex;
    const current = byMonth.get(ch.month);
    if (!current || byMonth.has(base) || ch.pct <= -100) continue;
    const factor = (p: number) => 1 + p / 100;
    const hiFactor = factor(ch.pct - ch.half);
    const loFactor = factor(ch.pct + ch.half);
    if (hiFactor <= 0) continue;
    derived.push({
      start: base,
      end: base,
      value: current.value / factor(ch.pct),
      low: (current.value - current.half) / loFactor,
      high: (current.value + current.half) / hiFactor,
      sources: union(current.sources, ch.sources),
      method:
        ch.kind === "yoy" ? "reported y/y change applied backwards" : "reported m/m change applied backwards",
    });
  }
  return { checks, derived: narrowest(derived) };
}

/** Where several derivations cover the same months, keep the one with the narrowest interval. */
function narrowest(list: readonly Derivation[]): Derivation[] {
  const best = new Map<string, Derivation>();
  for (const d of list) {
    const key = `${d.start}-${d.end}`;
    const have = best.get(key);
    if (!have || d.high - d.low < have.high - have.low) best.set(key, d);
  }
  return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}
