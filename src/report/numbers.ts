/**
 * Numbers as the report prints them: tonnes at the precision their size warrants, ranges that
 * collapse to a point when their ends agree, shares as percentages.
 * @module
 */
import { rangeText, tonnesShort } from "../charts/common.js";
import { pctRange } from "../monitor/format.js";
import type { Interval } from "../risk/interval.js";

/** "7,744–8,425", or "5,024" when both ends round alike. */
export function rangeInt(lo: number, hi: number): string {
  return rangeText(lo, hi);
}

/** "80–100%" for a share interval; "–" when unknown. */
export function share(i: Interval | null): string {
  return i ? pctRange(i.lo, i.hi) : "–";
}

/** "13,572–18,720 t" from a range in kilograms, "+" when the top is only a floor. */
export function massRangeText(r: { lo: number; hi: number } | null, openAbove: boolean, basis = ""): string {
  if (!r) return "–";
  return `${rangeText(r.lo, r.hi, tonnesShort)}${openAbove ? "+" : ""} t${basis ? ` ${basis}` : ""}`;
}

/** Four significant digits: "417.3", "20,700,000". */
export function num(x: number): string {
  return Number(x.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

const SINGULAR_ONLY = new Set(["MW", "aircraft"]);

/** "vehicles" for "vehicle"; units such as MW and aircraft stay as they are. */
export function plural(unit: string, n: number): string {
  const [head = "", ...rest] = unit.split(" ");
  if (n === 1 || SINGULAR_ONLY.has(head)) return unit;
  return [`${head}s`, ...rest].join(" ");
}

/** "1–2", or "500" when both ends agree. */
export function rangeNum(lo: number, hi: number): string {
  return rangeText(lo, hi, num);
}
