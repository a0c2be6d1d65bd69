/**
 * Coverage: which months × partners are known, derived or missing, so a user sees at a glance how
 * thin a series is.
 * @module
 */
import type { Store } from "../data/store/store.js";
import { formatMonth, monthFromIndex, type MonthIndex } from "../units/month.js";
import { monthlySeries, type SeriesQuery } from "./series.js";

export type CellState = "observed" | "derived" | "missing";

export interface CoverageRow {
  readonly partner: string;
  readonly cells: readonly CellState[];
  readonly observed: number;
  readonly derived: number;
  readonly missing: number;
}

export interface Coverage {
  /** `YYYY-MM` of each column. */
  readonly months: readonly string[];
  readonly rows: readonly CoverageRow[];
}

export async function coverage(store: Store, q: SeriesQuery): Promise<Coverage> {
  const series = await monthlySeries(store, q);
  const known = series.rows.filter((r) => r.status !== "missing").map((r) => r.month as number);
  if (known.length === 0) return { months: [], rows: [] };
  const from = q.from ?? Math.min(...known);
  const to = q.to ?? Math.max(...known);
  const months: MonthIndex[] = [];
  for (let m = from; m <= to; m++) months.push(monthFromIndex(m));
  const partners = [...new Set(series.rows.map((r) => r.partner))].sort((a, b) =>
    a === "WLD" ? -1 : b === "WLD" ? 1 : a.localeCompare(b),
  );
  const rows = partners.map((partner) => {
    const state = new Map(
      series.rows.filter((r) => r.partner === partner).map((r) => [r.month as number, r.status]),
    );
    const cells = months.map((m) => state.get(m) ?? "missing");
    return {
      partner,
      cells,
      observed: cells.filter((c) => c === "observed").length,
      derived: cells.filter((c) => c === "derived").length,
      missing: cells.filter((c) => c === "missing").length,
    };
  });
  return { months: months.map(formatMonth), rows };
}
