/**
 * A period of a figure: one month, one calendar year, or a cumulative range of months.
 * @module
 * @example
 * parsePeriod("2025-01/2025-06"); // { kind: "range", start: 2025-01, end: 2025-06 }
 */
import { formatMonth, monthOf, parseMonth, type MonthIndex } from "./month.js";

export type PeriodKind = "month" | "year" | "range";

export interface Period {
  readonly kind: PeriodKind;
  readonly start: MonthIndex;
  readonly end: MonthIndex;
}

export function monthPeriod(m: MonthIndex): Period {
  return { kind: "month", start: m, end: m };
}

export function yearPeriod(year: number): Period {
  return { kind: "year", start: monthOf(year, 1), end: monthOf(year, 12) };
}

/**
 * Parses `YYYY-MM`, `YYYY` or `YYYY-MM/YYYY-MM`; returns a reason string when it cannot.
 * A range that spans exactly one calendar year is still a range: a source that says "Jan–Dec"
 * is kept as it said it.
 */
export function parsePeriod(text: string): Period | string {
  const t = text.trim();
  if (/^\d{4}$/.test(t)) return yearPeriod(Number(t));
  const single = parseMonth(t);
  if (single !== null) return monthPeriod(single);
  const parts = t.split("/");
  if (parts.length === 2) {
    const a = parseMonth(parts[0] ?? "");
    const b = parseMonth(parts[1] ?? "");
    if (a === null || b === null) return `"${text}" is not a range of two YYYY-MM months`;
    if (b < a) return `range "${text}" ends before it starts`;
    return { kind: "range", start: a, end: b };
  }
  return `"${text}" is not a period (YYYY-MM, YYYY or YYYY-MM/YYYY-MM)`;
}

export function formatPeriod(p: Period): string {
  if (p.kind === "month") return formatMonth(p.start);
  if (p.kind === "year") return String(Math.floor(p.start / 12));
  return `${formatMonth(p.start)}/${formatMonth(p.end)}`;
}

/** Number of months a period covers. */
export function periodLength(p: Period): number {
  return p.end - p.start + 1;
}
