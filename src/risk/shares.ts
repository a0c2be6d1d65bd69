/**
 * Share tables: who supplies what fraction of a stage or of a country's imports, each share with its
 * source, as an interval when the source gives only a bound. Validated once at the edge: a negative
 * share, an unknown country or shares summing past 100% (beyond rounding) is a located error.
 * @module
 */
import { ImportError } from "../errors.js";
import { countryByIso3 } from "../ref/countries.js";
import { between, type Interval } from "./interval.js";

export interface ShareEntry {
  /** ISO3, or OTH for a residual the source names as "other". */
  readonly country: string;
  /** Fraction of the total, 0–1. */
  readonly share: Interval;
  readonly source: string;
  readonly note?: string;
}

export interface Located {
  readonly file: string;
  readonly line: number;
  readonly field: string;
}

/** Slack allowed for shares that a source rounded: 100.5% still sums to 100. */
export const SHARE_ROUNDING = 0.005 * 2;

/** Checks one share and returns it; `where` names the cell for the error. */
export function checkShare(country: string, share: Interval, where: Located): void {
  if (!countryByIso3(country))
    throw new ImportError(where.file, where.line, where.field, `unknown country "${country}"`);
  if (share.lo < 0)
    throw new ImportError(where.file, where.line, where.field, `share ${share.lo * 100}% is negative`);
  if (share.hi > 1 + 1e-9)
    throw new ImportError(where.file, where.line, where.field, `share ${share.hi * 100}% is over 100%`);
}

/** Rejects a table whose shares' low ends sum past 100% beyond rounding. */
export function checkTotal(entries: readonly ShareEntry[], where: Located): void {
  const total = entries.reduce((s, e) => s + e.share.lo, 0);
  if (total > 1 + SHARE_ROUNDING) {
    throw new ImportError(
      where.file,
      where.line,
      where.field,
      `shares sum to ${(total * 100).toFixed(1)}%, over 100% beyond rounding`,
    );
  }
}

/** The share not explained by the entries: [1 − Σ hi, 1 − Σ lo], floored at 0. */
export function remainderOf(entries: readonly ShareEntry[]): Interval {
  const lo = entries.reduce((s, e) => s + e.share.lo, 0);
  const hi = entries.reduce((s, e) => s + e.share.hi, 0);
  return between(Math.max(0, 1 - hi), Math.max(0, 1 - lo));
}
