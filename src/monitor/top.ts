/**
 * The top partners of a month by quantity, with their share of the world total and changes.
 * @module
 */
import type { Store } from "../data/store/store.js";
import { countryName, isAggregate } from "../ref/countries.js";
import { formatMonth, type MonthIndex } from "../units/month.js";
import type { Figure } from "./figure.js";
import { monthlySeries, type SeriesQuery } from "./series.js";

export interface TopRow {
  readonly rank: number;
  readonly partner: string;
  readonly name: string;
  readonly qty: Figure;
  readonly sharePct: Figure | null;
  readonly momPct: Figure | null;
  readonly yoyPct: Figure | null;
}

export interface Top {
  readonly period: string;
  readonly world: Figure | null;
  readonly rows: readonly TopRow[];
}

/** Countries only (aggregates such as EU27 are never ranked against their members). */
export async function top(store: Store, q: SeriesQuery & { period?: MonthIndex; n?: number }): Promise<Top> {
  const series = await monthlySeries(store, q);
  const observed = series.rows.filter((r) => r.status === "observed" && r.qty);
  const months = observed.filter((r) => !isAggregate(r.partner)).map((r) => r.month as number);
  if (q.period === undefined && months.length === 0) return { period: "", world: null, rows: [] };
  const period = q.period ?? Math.max(...months);
  const rows = observed
    .filter((r) => r.month === period && !isAggregate(r.partner))
    .sort((a, b) => (b.qty?.value ?? 0) - (a.qty?.value ?? 0))
    .slice(0, q.n ?? 10)
    .map((r, i) => ({
      rank: i + 1,
      partner: r.partner,
      name: countryName(r.partner),
      qty: r.qty as Figure,
      sharePct: r.sharePct,
      momPct: r.momPct,
      yoyPct: r.yoyPct,
    }));
  const world = observed.find((r) => r.partner === "WLD" && r.month === period)?.qty ?? null;
  return { period: formatMonth(period as MonthIndex), world, rows };
}
