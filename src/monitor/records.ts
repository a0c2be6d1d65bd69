/**
 * Records: "highest/lowest since YYYY-MM" and "largest y/y decline since YYYY-MM", computed only
 * over months actually known. A gap is never a zero: "since M" is claimed only when every month
 * from M to the current one is known; otherwise the claim says how many months are missing.
 * @module
 * @example
 * levelRecord(series, month, "lowest")?.text; // "lowest since 2020-02"
 */
import { formatMonth, type MonthIndex } from "../units/month.js";

export interface RecordClaim {
  readonly kind: "highest" | "lowest" | "largest y/y decline";
  /** The month since which this is the record (the last month as extreme), or null: all known history. */
  readonly since: MonthIndex | null;
  /** Months between `since` (or the first known month) and now that are unknown. */
  readonly missing: number;
  readonly text: string;
}

/** Shorter spans than this are not worth a record claim. */
const MIN_SPAN = 3;

/**
 * The record the value at `month` sets among earlier known values. `values` maps month → value for
 * known months only.
 */
export function levelRecord(
  values: ReadonlyMap<number, number>,
  month: MonthIndex,
  kind: "highest" | "lowest",
): RecordClaim | null {
  const v = values.get(month);
  if (v === undefined) return null;
  const beats = kind === "lowest" ? (x: number) => x <= v : (x: number) => x >= v;
  return claim(values, month, kind, beats);
}

/** The largest y/y decline since …, over months whose y/y change is known (`yoy` maps month → %). */
export function yoyDeclineRecord(yoy: ReadonlyMap<number, number>, month: MonthIndex): RecordClaim | null {
  const v = yoy.get(month);
  if (v === undefined || v >= 0) return null;
  return claim(yoy, month, "largest y/y decline", (x) => x <= v);
}

function claim(
  values: ReadonlyMap<number, number>,
  month: MonthIndex,
  kind: RecordClaim["kind"],
  beats: (x: number) => boolean,
): RecordClaim | null {
  // Walk back month by month: the first month that beats this one is "since"; months with no value
  // are counted as missing on the way. Stops at the first known month when nothing beats it.
  let earliest = Infinity;
  for (const k of values.keys()) if (k < earliest) earliest = k;
  let first: number | null = null;
  let since: number | null = null;
  for (let m = month - 1; m >= earliest; m--) {
    const v = values.get(m);
    if (v === undefined) continue;
    first = m;
    if (beats(v)) {
      since = m;
      break;
    }
  }
  if (first === null) return null;
  const from = since ?? first;
  if (month - from < MIN_SPAN) return null;
  let missing = 0;
  for (let m = from + 1; m < month; m++) if (!values.has(m)) missing++;
  const span = month - from - 1;
  const known = span - missing;
  // With every month between unknown, "since M" says nothing about them: no claim.
  if (span > 0 && known === 0) return null;
  let text: string;
  if (since !== null) {
    text =
      missing === 0
        ? `${kind} since ${formatMonth(since as MonthIndex)}`
        : `${kind} since ${formatMonth(since as MonthIndex)} among known months (${plural(missing, "month")} of the ${span} between ${missing === 1 ? "is" : "are"} missing)`;
  } else {
    text =
      missing === 0
        ? `${kind} since the series began in ${formatMonth(from as MonthIndex)}`
        : `${kind} of the ${known + 2} known months since ${formatMonth(from as MonthIndex)} (${plural(missing, "month")} missing)`;
  }
  return { kind, since: since as MonthIndex | null, missing, text };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
