/**
 * Import dependence of one reporter for one commodity: the sources of its imports by quantity and by
 * value, per year or per month, the HHI of those sources, China's share and its trend. Read from the
 * importer's own figures in the store (USITC DataWeb, Comtrade, Eurostat typed into an observations
 * file…); the bundled dataset holds none for magnets, so without them the answer is "no data" with
 * how to get it — and, for the United States, the USGS import-source shares of rare-earth compounds
 * and metals 2020–23 as context, labelled as the different scope they are.
 *
 * Shares and the HHI count countries only: a world total (WLD) is the denominator when the file gives
 * one, OTH is an unallocated remainder, and EU27/EUR overlap their members and are left out.
 * @module
 * @example
 * const r = await importDependence(store, { reporter: "USA", commodity: "re-magnets", by: "year" });
 * if (r.status === "data") r.periods.at(-1)?.qty?.chinaShare; // { lo: 0.5, hi: 0.5 }
 */
import { readReference, parseBound } from "../data/reference/read.js";
import { USGS_COLUMNS, USGS_TABLE } from "../data/reference/usgs.js";
import type { RowReader } from "../data/sources/table.js";
import { sqlFile } from "../data/store/sql-files.js";
import type { Store } from "../data/store/store.js";
import { UsageError } from "../errors.js";
import { commodityById, commodityForCode, type Commodity } from "../ref/commodities.js";
import {
  countryByIso3,
  countryName,
  countryNameInText,
  EU27_MEMBERS,
  isAggregate,
} from "../ref/countries.js";
import { formatMonth, monthFromIndex, monthOf, type MonthIndex } from "../units/month.js";
import { hhi, hhiBounds } from "./hhi.js";
import { between, point, type Interval } from "./interval.js";

export type ImportView = "year" | "month";

export interface ImportQuery {
  /** ISO3 of the importing country, or EU27. */
  readonly reporter: string;
  /** Catalogue id, e.g. re-magnets. */
  readonly commodity: string;
  /** Annual (default) or monthly periods. */
  readonly by?: ImportView;
}

export type TradeMeasure = "qty_kg" | "value";

/** One best figure of a reporter's table (one cell × measure of the `best` view). */
export interface TradeCell {
  readonly partner: string;
  readonly periodKind: "month" | "year";
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly measure: TradeMeasure;
  readonly v: number;
  /** Half a unit of the figure's last digit: the rounding it carries. */
  readonly half: number;
  readonly currency: string | null;
  readonly sourceId: number;
  readonly line: number;
}

/** A source the figures rest on, as `lodestone data sources` lists it. */
export interface SourceRef {
  readonly id: number;
  readonly citation: string;
  readonly kind: string;
  readonly url: string | null;
  readonly date: string | null;
}

export interface PartnerShare {
  readonly partner: string;
  readonly name: string;
  readonly qtyKg: number | null;
  /** Fraction of the period's total quantity. */
  readonly qtyShare: number | null;
  readonly value: number | null;
  readonly valueShare: number | null;
  readonly sources: readonly number[];
}

/** One measure (quantity or value) of one period. */
export interface MeasureSummary {
  /** The denominator of the shares: the reported world total, or the sum of the countries. */
  readonly total: number;
  readonly totalBasis: "reported world total" | "sum of countries";
  /** Sum of the countries listed. */
  readonly countries: number;
  /** Total minus the countries listed (an OTH row, or a world total larger than its parts); ≥ 0. */
  readonly unallocated: number;
  /** HHI of the sources, 0–1: a point when every unit is allocated, else bounds (see hhiBounds). */
  readonly hhi: Interval;
  /** China's share; an interval when China is not listed but could hide in the remainder; null when the reporter is China. */
  readonly chinaShare: Interval | null;
  /** Currency of a value measure (null for quantities). */
  readonly currency: string | null;
}

export interface PeriodShares {
  /** "2024" or "2024-01". */
  readonly period: string;
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  /** Months the figures cover: 12 for annual figures, else the months that have any figure. */
  readonly months: number;
  /** A year built from fewer than 12 months. */
  readonly partial: boolean;
  readonly qty: MeasureSummary | null;
  readonly value: MeasureSummary | null;
  /** Countries, largest first by quantity (then value). */
  readonly partners: readonly PartnerShare[];
  /** Aggregate partners present and left out of the shares (WLD is used as the total instead). */
  readonly excluded: readonly string[];
}

export interface TrendPoint {
  readonly period: string;
  readonly share: Interval;
  readonly partial: boolean;
}

/** China's share over the periods, with the change from the first to the last and a linear trend. */
export interface ShareTrend {
  readonly points: readonly TrendPoint[];
  /** Last minus first, in percentage points. */
  readonly changePts: Interval;
  /** Least-squares slope in percentage points per year (time = middle of each period); null with fewer than three points or interval shares. */
  readonly slopePtsPerYear: number | null;
}

export interface ImportDependence {
  readonly status: "data";
  readonly reporter: string;
  readonly commodity: string;
  readonly commodityName: string;
  readonly by: ImportView;
  readonly periods: readonly PeriodShares[];
  readonly china: { readonly qty: ShareTrend | null; readonly value: ShareTrend | null };
  readonly sources: readonly SourceRef[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** USGS import sources (bundled): the only importer-side shares the bundled data has. */
export interface UsgsImportSources {
  readonly reporter: "USA";
  readonly period: string;
  /** What the shares are shares of. */
  readonly scope: string;
  /** Country shares as intervals: USGS rounds to whole percent, so 70% is [69.5%, 70.5%]. */
  readonly shares: readonly { readonly country: string; readonly name: string; readonly share: Interval }[];
  /** The share USGS gives as "other". */
  readonly other: Interval;
  readonly hhi: Interval;
  readonly chinaShare: Interval;
  readonly source: {
    readonly citation: string;
    readonly file: string;
    readonly url: string;
    readonly date: string;
  };
  readonly note: string;
}

export interface NoImportData {
  readonly status: "no-data";
  readonly reporter: string;
  readonly commodity: string;
  readonly commodityName: string;
  readonly by: ImportView;
  readonly message: string;
  /** Where to get the importer's figures and how to load them. */
  readonly howTo: readonly string[];
  /** For the United States: USGS shares of rare-earth compounds and metals (a different scope). */
  readonly context: UsgsImportSources | null;
}

export const IMPORT_NOTES: readonly string[] = [
  "Shares and the HHI count countries only: a world total (WLD) is the denominator when the data has one; " +
    "OTH is an unallocated remainder; EU27 and EUR overlap their members and are never summed with them.",
  "Where the countries listed fall short of the world total, the HHI is a range: the remainder spread over " +
    "many small sources (low) or packed into sources no larger than the smallest listed one (high).",
  "Quantity and value shares are computed separately; they differ where unit values differ.",
  "Partners are as the importer records them — for the US, the EU and Japan the country of origin: a " +
    "Chinese magnet shipped via Hong Kong or Vietnam counts as Chinese, a magnet made elsewhere from Chinese " +
    "metal does not.",
];

// ---- reading the store ----------------------------------------------------------------------------

interface CellRow {
  partner: string;
  period_kind: "month" | "year";
  start_month: number;
  end_month: number;
  measure: TradeMeasure;
  v: number;
  half: number | null;
  currency: string | null;
  source_id: number;
  source_line: number;
  citation: string;
  kind: string;
  source_date: string | null;
  url: string | null;
}

/** A reporter's best monthly and annual figures for one flow and commodity, with their sources. */
export async function readTradeCells(
  store: Store,
  q: { readonly reporter: string; readonly flow: "import" | "export"; readonly commodity: string },
): Promise<{ cells: TradeCell[]; sources: SourceRef[] }> {
  const rows = await store.all<CellRow>(sqlFile("risk-imports", store.dialect), {
    reporter: q.reporter,
    flow: q.flow,
    commodity: q.commodity,
  });
  const sources = new Map<number, SourceRef>();
  const cells = rows.map((r): TradeCell => {
    if (!sources.has(r.source_id)) {
      sources.set(r.source_id, {
        id: r.source_id,
        citation: r.citation,
        kind: r.kind,
        url: r.url,
        date: r.source_date,
      });
    }
    return {
      partner: r.partner,
      periodKind: r.period_kind,
      start: monthFromIndex(r.start_month),
      end: monthFromIndex(r.end_month),
      measure: r.measure,
      v: r.v,
      half: r.half ?? 0,
      currency: r.measure === "value" ? r.currency : null,
      sourceId: r.source_id,
      line: r.source_line,
    };
  });
  return { cells, sources: [...sources.values()].sort((a, b) => a.id - b.id) };
}

/**
 * Import sources of a reporter for a commodity from the store, or "no data" with how to get it.
 * Throws UsageError for an unknown reporter or commodity.
 */
export async function importDependence(
  store: Store,
  q: ImportQuery,
): Promise<ImportDependence | NoImportData> {
  const { reporter, commodity } = checkQuery(q);
  const by = q.by ?? "year";
  const { cells, sources } = await readTradeCells(store, {
    reporter,
    flow: "import",
    commodity: commodity.id,
  });
  const countries = cells.filter((c) => !isAggregate(c.partner));
  if (countries.length === 0) {
    const name = countryNameInText(reporter);
    const what = `${name}${name.endsWith("s") ? "'" : "'s"} imports of ${lowerFirst(commodity.name)} (${commodity.id})`;
    const message =
      cells.length > 0
        ? `Only totals for ${what} are in the store (${[...new Set(cells.map((c) => c.partner))].join(", ")}): no breakdown by source country.`
        : `No importer-side data for ${what} in the store: the bundled dataset holds China's reported exports, not any importer's own figures.`;
    return {
      status: "no-data",
      reporter,
      commodity: commodity.id,
      commodityName: commodity.name,
      by,
      message,
      howTo: importDataHowTo(reporter, commodity.id),
      context: reporter === "USA" ? usgsImportSources() : null,
    };
  }
  return sourceShares(cells, { reporter, commodity: commodity.id, by }, sources);
}

function checkQuery(q: ImportQuery): { reporter: string; commodity: Commodity } {
  const reporter = q.reporter.trim().toUpperCase();
  const country = countryByIso3(reporter);
  if (!country) throw new UsageError(`reporter "${q.reporter}" is not a known ISO3 code`, "reporter");
  if (country.members !== null && reporter !== "EU27") {
    throw new UsageError(
      `reporter "${reporter}" is an aggregate that reports no trade of its own`,
      "reporter",
    );
  }
  const commodity = commodityById(q.commodity);
  if (!commodity) throw new UsageError(`commodity "${q.commodity}" is not in the catalogue`, "commodity");
  if (q.by !== undefined && q.by !== "year" && q.by !== "month") {
    throw new UsageError(`by "${String(q.by)}" is not year or month`, "by");
  }
  return { reporter, commodity };
}

// ---- the computation ----------------------------------------------------------------------------

/**
 * Source shares, HHI and China's share per period from a reporter's cells (pure). Annual periods use
 * the annual figures when there are any for the year (a partner with only months joins when it has
 * all twelve); otherwise the months are summed and a year with fewer than 12 is marked partial.
 * @example
 * sourceShares(cells, { reporter: "USA", commodity: "re-magnets", by: "month" }, sources).periods[0]?.qty?.hhi;
 */
export function sourceShares(
  cells: readonly TradeCell[],
  q: { readonly reporter: string; readonly commodity: string; readonly by: ImportView },
  sources: readonly SourceRef[] = [],
): ImportDependence {
  for (const c of cells) {
    if (!(c.v >= 0)) {
      throw new RangeError(
        `${c.measure} ${c.v} for ${c.partner} (source ${c.sourceId}, line ${c.line}) is negative`,
      );
    }
  }
  const warnings: string[] = [];
  const groups = q.by === "month" ? monthGroups(cells) : yearGroups(cells, warnings);
  if (groups.length === 0 && cells.length > 0) {
    warnings.push("no monthly figures, only annual ones: use the annual view");
  }
  const periods = groups.map((g) => periodShares(g, q.reporter, warnings));
  const used = new Set(periods.flatMap((p) => p.partners.flatMap((s) => s.sources)));
  for (const p of periods) for (const id of p.totalSources) used.add(id);
  const notes = [...IMPORT_NOTES];
  if (periods.some((p) => p.partners.some((s) => s.partner === "HKG")) && q.reporter !== "CHN") {
    notes.push("Hong Kong (HKG) is a separate source here; USGS counts China together with Hong Kong.");
  }
  const commodity = commodityById(q.commodity);
  if (commodity?.caveat) notes.push(`${commodity.id}: ${commodity.caveat}`);
  const out = periods.map(({ totalSources: _t, mid: _m, ...p }): PeriodShares => p);
  return {
    status: "data",
    reporter: q.reporter,
    commodity: q.commodity,
    commodityName: commodity?.name ?? q.commodity,
    by: q.by,
    periods: out,
    china: {
      qty: q.reporter === "CHN" ? null : chinaTrend(periods, "qty"),
      value: q.reporter === "CHN" ? null : chinaTrend(periods, "value"),
    },
    sources: sources.filter((s) => used.has(s.id)),
    notes,
    warnings,
  };
}

/** One period's figures per partner and measure, each with the source ids it rests on. */
interface Group {
  readonly period: string;
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly months: number;
  readonly partial: boolean;
  /** Middle of the months the figures cover, as a month index (for the trend). */
  readonly mid: number;
  readonly figures: Map<string, Map<TradeMeasure, Figure>>;
}

interface Figure {
  v: number;
  half: number;
  currency: string | null;
  sources: Set<number>;
}

function addFigure(figures: Map<string, Map<TradeMeasure, Figure>>, c: TradeCell): void {
  let byMeasure = figures.get(c.partner);
  if (!byMeasure) figures.set(c.partner, (byMeasure = new Map()));
  const f = byMeasure.get(c.measure);
  if (!f) {
    byMeasure.set(c.measure, { v: c.v, half: c.half, currency: c.currency, sources: new Set([c.sourceId]) });
    return;
  }
  f.v += c.v;
  f.half += c.half;
  f.sources.add(c.sourceId);
  // Months in different currencies cannot be summed without a rate: mark the sum unusable.
  if (f.currency !== c.currency) f.currency = "mixed";
}

function monthGroups(cells: readonly TradeCell[]): Group[] {
  const byMonth = new Map<number, TradeCell[]>();
  for (const c of cells) {
    if (c.periodKind !== "month") continue;
    const list = byMonth.get(c.start) ?? [];
    list.push(c);
    byMonth.set(c.start, list);
  }
  return [...byMonth.keys()]
    .sort((a, b) => a - b)
    .map((m) => {
      const figures = new Map<string, Map<TradeMeasure, Figure>>();
      for (const c of byMonth.get(m) ?? []) addFigure(figures, c);
      const start = monthFromIndex(m);
      return { period: formatMonth(start), start, end: start, months: 1, partial: false, mid: m, figures };
    });
}

function yearGroups(cells: readonly TradeCell[], warnings: string[]): Group[] {
  const years = [...new Set(cells.map((c) => Math.floor(c.start / 12)))].sort((a, b) => a - b);
  return years.map((y) => {
    const start = monthOf(y, 1);
    const end = monthOf(y, 12);
    const annual = cells.filter((c) => c.periodKind === "year" && c.start === start);
    const monthly = cells.filter((c) => c.periodKind === "month" && c.start >= start && c.start <= end);
    const figures = new Map<string, Map<TradeMeasure, Figure>>();
    if (annual.length === 0) {
      for (const c of monthly) addFigure(figures, c);
      const covered = monthly.map((c) => c.start as number);
      const months = new Set(covered).size;
      const mid = (Math.min(...covered) + Math.max(...covered)) / 2;
      return { period: String(y), start, end, months, partial: months < 12, mid, figures };
    }
    for (const c of annual) addFigure(figures, c);
    // A partner × measure with months only joins the annual table when all 12 months are there.
    const monthsOnly = new Map<string, TradeCell[]>();
    for (const c of monthly) {
      if (figures.get(c.partner)?.has(c.measure)) continue;
      const key = `${c.partner}|${c.measure}`;
      monthsOnly.set(key, [...(monthsOnly.get(key) ?? []), c]);
    }
    for (const [key, list] of monthsOnly) {
      if (new Set(list.map((c) => c.start)).size === 12) for (const c of list) addFigure(figures, c);
      else {
        const [partner, measure] = key.split("|");
        warnings.push(
          `${y}: ${partner} has ${measure === "value" ? "values" : "quantities"} for ${list.length} month(s) ` +
            "but no annual figure; left out of the annual shares",
        );
      }
    }
    return { period: String(y), start, end, months: 12, partial: false, mid: (start + end) / 2, figures };
  });
}

interface PeriodWithSources extends PeriodShares {
  readonly totalSources: readonly number[];
  readonly mid: number;
}

function periodShares(g: Group, reporter: string, warnings: string[]): PeriodWithSources {
  const partners = [...g.figures.keys()];
  const countries = partners.filter((p) => !isAggregate(p));
  const excluded = partners.filter((p) => isAggregate(p) && p !== "WLD" && p !== "OTH").sort();
  const totalSources: number[] = [];
  const summary = (measure: TradeMeasure): MeasureSummary | null => {
    const listed = countries.filter((p) => g.figures.get(p)?.has(measure));
    if (listed.length === 0) return null;
    const figs = listed.map((p) => g.figures.get(p)?.get(measure) as Figure);
    const world = g.figures.get("WLD")?.get(measure);
    const other = g.figures.get("OTH")?.get(measure);
    const currencies = new Set(
      [...figs, ...(world ? [world] : []), ...(other ? [other] : [])].map((f) => f.currency),
    );
    if (measure === "value" && currencies.size > 1) {
      warnings.push(
        `${g.period}: values in more than one currency (${[...currencies].join(", ")}); no value shares`,
      );
      return null;
    }
    const sum = figs.reduce((s, f) => s + f.v, 0);
    const slack = figs.reduce((s, f) => s + f.half, 0) + (world?.half ?? 0);
    let total = sum + (other?.v ?? 0);
    let totalBasis: MeasureSummary["totalBasis"] = "sum of countries";
    if (world) {
      if (world.v + slack >= sum) {
        total = Math.max(world.v, sum);
        totalBasis = "reported world total";
        for (const id of world.sources) totalSources.push(id);
      } else {
        warnings.push(
          `${g.period}: the world total of ${measure === "value" ? "value" : "quantity"} (${world.v}) is below ` +
            `the sum of the countries (${sum}); the sum is used`,
        );
      }
    }
    if (other) for (const id of other.sources) totalSources.push(id);
    if (!(total > 0)) return null;
    const shares = figs.map((f) => f.v / total);
    const unallocated = Math.max(0, total - sum);
    const r = unallocated / total;
    const index = r > 0 ? hhiBounds(shares.map(point), point(r)) : point(hhi(shares));
    const chinaAt = listed.indexOf("CHN");
    const chinaShare =
      reporter === "CHN"
        ? null
        : chinaAt >= 0
          ? point(shares[chinaAt] ?? 0)
          : between(0, Math.min(r, Math.min(...shares)));
    return {
      total,
      totalBasis,
      countries: sum,
      unallocated,
      hhi: index,
      chinaShare,
      currency: measure === "value" ? (figs[0]?.currency ?? null) : null,
    };
  };
  const qty = summary("qty_kg");
  const value = summary("value");
  const rows = countries.map((p): PartnerShare => {
    const q = g.figures.get(p)?.get("qty_kg");
    const v = g.figures.get(p)?.get("value");
    return {
      partner: p,
      name: countryName(p),
      qtyKg: q?.v ?? null,
      qtyShare: q && qty ? q.v / qty.total : null,
      value: v && value ? v.v : null,
      valueShare: v && value ? v.v / value.total : null,
      sources: [...new Set([...(q?.sources ?? []), ...(v?.sources ?? [])])].sort((a, b) => a - b),
    };
  });
  rows.sort(
    (a, b) =>
      (b.qtyKg ?? -1) - (a.qtyKg ?? -1) ||
      (b.value ?? -1) - (a.value ?? -1) ||
      a.partner.localeCompare(b.partner),
  );
  return {
    period: g.period,
    start: g.start,
    end: g.end,
    months: g.months,
    partial: g.partial,
    qty,
    value,
    partners: rows,
    excluded,
    totalSources,
    mid: g.mid,
  };
}

function chinaTrend(periods: readonly PeriodWithSources[], measure: "qty" | "value"): ShareTrend | null {
  const points: TrendPoint[] = [];
  const times: number[] = [];
  for (const p of periods) {
    const share = p[measure]?.chinaShare;
    if (!share) continue;
    points.push({ period: p.period, share, partial: p.partial });
    // Middle of the months the period covers, in years since the first period (small numbers, exact sums).
    times.push((p.mid - (periods[0]?.mid ?? 0)) / 12);
  }
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  const changePts = between((last.share.lo - first.share.hi) * 100, (last.share.hi - first.share.lo) * 100);
  const allPoints = points.every((p) => p.share.lo === p.share.hi);
  return {
    points,
    changePts:
      first.share.lo === first.share.hi && last.share.lo === last.share.hi
        ? point((last.share.lo - first.share.lo) * 100)
        : changePts,
    slopePtsPerYear:
      points.length >= 3 && allPoints
        ? slope(
            times,
            points.map((p) => p.share.lo * 100),
          )
        : null,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Ordinary least-squares slope of y on x. */
function slope(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    sxy += dx * ((y[i] ?? 0) - my);
    sxx += dx * dx;
  }
  return sxx > 0 ? sxy / sxx : null;
}

// ---- without data -------------------------------------------------------------------------------

/** Where to get a reporter's own import figures for a commodity, and how to load them. */
export function importDataHowTo(reporter: string, commodityId: string): string[] {
  const commodity = commodityById(commodityId);
  const codes = commodity?.codes ?? [];
  const hts = codes.find((c) => c.scheme === "HTS-USA")?.code;
  const cn8 = codes.find((c) => c.scheme === "CN-EU")?.code;
  const hs6 = codes.find((c) => c.scheme === "HS")?.code ?? codes[0]?.code.slice(0, 6);
  const name = countryName(reporter);
  const out: string[] = [];
  if (codes.length === 0) {
    out.push(
      `${commodityId} has no customs line of its own (it is a grouping a source reports): type the ` +
        `importer's figures into an observations CSV (see data/README.md).`,
    );
  }
  if (reporter === "USA" && (hts || hs6)) {
    out.push(
      `USITC DataWeb (https://dataweb.usitc.gov/, free account): Imports for Consumption or General Imports, ` +
        `HTS ${hts ?? hs6}, all countries broken out by country, annual or monthly, with Customs Value and ` +
        `First Unit of Quantity; download the CSV or Excel file and run \`lodestone data import <file>\`.`,
    );
  }
  if (reporter === "EU27" || EU27_MEMBERS.includes(reporter)) {
    out.push(
      `Eurostat Comext (https://ec.europa.eu/eurostat/comext/newxtweb/), "EU trade since 1988 by HS2-4-6 and ` +
        `CN8": reporter ${reporter === "EU27" ? "EU27_2020" : name}, partners all, product CN8 ${cn8 ?? hs6 ?? "(none)"}, ` +
        `flow import, monthly, quantity in kg and value. Lodestone has no Comext loader yet: enter the figures in an ` +
        `observations CSV (reporter ${reporter}, flow import, commodity ${commodityId}); Comext values are in EUR, ` +
        `so enter quantities only, or values converted with a sourced rate.`,
    );
    if (reporter !== "EU27") {
      out.push(
        `UN Comtrade tariff-line data for ${name} (https://comtradeplus.un.org/, Tariff line): CN8 ${cn8 ?? "(none)"}, ` +
          `flow import, all partners; import the file as it downloads.`,
      );
    }
  }
  if (hs6) {
    // Comtrade final data is coded in HS6: a national line arrives as the HS6 id that holds it.
    const asHs6 = commodityForCode("HS", hs6)?.id;
    const arrives =
      asHs6 === commodityId
        ? ""
        : asHs6
          ? ` Comtrade final data is at HS6, so it loads as ${asHs6}, not as ${commodityId}. ` +
            (commodityById(asHs6)?.caveat ?? "")
          : ` Comtrade final data is at HS6 and HS ${hs6} is not in the catalogue: use tariff-line data or an observations CSV.`;
    out.push(
      `UN Comtrade final data (https://comtradeplus.un.org/): reporter ${name}, flow Import, all partners, ` +
        `HS ${hs6}, monthly or annual; import the CSV or JSON as it downloads.${arrives}`,
    );
  }
  out.push(
    `Or type figures from a report into an observations CSV (see data/README.md): reporter ${reporter}, ` +
      `flow import, commodity ${commodityId}, one row per partner and period, with its source.`,
  );
  return out;
}

/**
 * The bundled USGS import sources of US rare-earth compounds and metals (MCS 2025, 2020–23), with
 * the HHI as bounds: shares are rounded to whole percent and "other" is many small sources.
 * Throws ImportError naming the line and field of a bad cell.
 */
export function usgsImportSources(file: string = USGS_TABLE): UsgsImportSources {
  const ref = readReference(file, USGS_COLUMNS);
  const r: RowReader = ref.reader;
  const shares: { country: string; name: string; share: Interval }[] = [];
  let other: Interval | null = null;
  let period = "";
  let url = "";
  let date = "";
  let edition = "";
  let note = "";
  for (const row of ref.table.rows) {
    const metric = r.cell(row, "metric");
    const m = /^import_source_share_([A-Z]{3})$/.exec(metric);
    if (!m || r.cell(row, "country") !== "USA") continue;
    const country = m[1] as string;
    const text = r.required(row, "value");
    const bound = parseBound(text, 100);
    if (!bound) r.fail(row, "value", `"${text}" is not a percentage`);
    if (bound[0] < 0 || bound[1] > 100) r.fail(row, "value", `${text}% is not between 0 and 100`);
    // A whole-percent figure carries ±0.5 points of rounding.
    const share = between(Math.max(0, bound[0] - 0.5) / 100, Math.min(100, bound[1] + 0.5) / 100);
    if (country === "OTH") other = share;
    else {
      if (!countryByIso3(country)) r.fail(row, "metric", `unknown country "${country}"`);
      shares.push({ country, name: countryName(country), share });
    }
    period = r.cell(row, "year");
    url = r.cell(row, "source_url");
    date = r.cell(row, "source_date");
    edition = r.cell(row, "edition");
    note = r.cell(row, "note");
  }
  if (shares.length === 0) {
    throw new UsageError(`${ref.file} has no import_source_share rows for the United States`);
  }
  shares.sort((a, b) => b.share.hi - a.share.hi);
  const remainder = other ?? between(0, Math.max(0, 1 - shares.reduce((s, e) => s + e.share.lo, 0)));
  const china = shares.find((s) => s.country === "CHN")?.share ?? between(0, remainder.hi);
  return {
    reporter: "USA",
    period: period.replace("-", "–"),
    scope: "US imports of rare-earth compounds and metals (not magnets)",
    shares,
    other: remainder,
    hhi: hhiBounds(
      shares.map((s) => s.share),
      remainder,
    ),
    chinaShare: china,
    source: {
      citation: `USGS Mineral Commodity Summaries (${edition}), Rare Earths`,
      file: ref.file,
      url,
      date,
    },
    note,
  };
}
