/**
 * Calendar months as integers: `MonthIndex` = year × 12 + (month − 1). Only this module mints them.
 * @module
 * @example
 * const m = parseMonth("2025-06"); formatMonth(addMonths(m, -1)); // "2025-05"
 */

/** A calendar month counted from year 0 (year × 12 + month − 1). */
export type MonthIndex = number & { readonly __unit: "month" };

/** Builds a month from a year and a 1-based month number. */
export function monthOf(year: number, month: number): MonthIndex {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`not a calendar month: ${year}-${month}`);
  }
  return (year * 12 + month - 1) as MonthIndex;
}

/** Parses `YYYY-MM`; returns null when the text is not a month. */
export function parseMonth(text: string): MonthIndex | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return monthOf(Number(m[1]), month);
}

/** Parses `YYYYMM` as Comtrade and customs files write it. */
export function parseCompactMonth(text: string): MonthIndex | null {
  const m = /^(\d{4})(\d{2})$/.exec(text.trim());
  return m ? parseMonth(`${m[1]}-${m[2]}`) : null;
}

/** Reinterprets a stored integer (a database column) as a month. */
export function monthFromIndex(index: number): MonthIndex {
  if (!Number.isInteger(index)) throw new RangeError(`not a month index: ${index}`);
  return index as MonthIndex;
}

export function yearOf(m: MonthIndex): number {
  return Math.floor(m / 12);
}

/** 1-based month number within the year. */
export function monthNumber(m: MonthIndex): number {
  return (m % 12) + 1;
}

export function addMonths(m: MonthIndex, n: number): MonthIndex {
  return (m + n) as MonthIndex;
}

export function formatMonth(m: MonthIndex): string {
  return `${yearOf(m)}-${String(monthNumber(m)).padStart(2, "0")}`;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "June 2025". */
export function monthName(m: MonthIndex): string {
  return `${MONTH_NAMES[monthNumber(m) - 1]} ${yearOf(m)}`;
}

/** "June" (no year). */
export function monthShortName(m: MonthIndex): string {
  return MONTH_NAMES[monthNumber(m) - 1] ?? "";
}
