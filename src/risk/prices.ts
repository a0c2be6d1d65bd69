/**
 * Price stress beside the dependence numbers: the rare-earth oxide prices of the bundled USGS
 * table (Nd, Dy, Tb, Ce, La, Eu oxides and mischmetal, annual averages) as yearly series, and the
 * unit value of China's magnet exports (value ÷ quantity) month by month beside the quantities,
 * with the unit values sources report for months the store lacks.
 * @module
 * @example
 * const nd = loadOxidePrices().series.find((s) => s.metric === "price_neodymium_oxide_99.5");
 * priceStress(nd!)?.changePct; // (56 / 78 − 1) × 100 = −28.2: 2024 (USGS estimate) against 2023
 */
import { readReference, userPath } from "../data/reference/read.js";
import type { RowReader, TableRow } from "../data/sources/table.js";
import type { Store } from "../data/store/store.js";
import { monthlySeries, type MonitorSeries } from "../monitor/series.js";
import type { Element } from "../units/basis.js";
import { formatMonth, monthOf, type MonthIndex } from "../units/month.js";

export interface PricePoint {
  readonly year: number;
  readonly value: number;
  /** The source marks the year's figure as its own estimate. */
  readonly estimate: boolean;
  readonly edition: string;
  readonly line: number;
}

export interface OxidePriceSeries {
  /** The table's metric name, e.g. "price_neodymium_oxide_99.5". */
  readonly metric: string;
  /** "Neodymium oxide 99.5%". */
  readonly name: string;
  readonly elements: readonly Element[];
  readonly unit: string;
  /** One point per year, oldest first; a later edition's figure supersedes an earlier one's. */
  readonly points: readonly PricePoint[];
  readonly superseded: readonly PricePoint[];
  /** Who priced it, as the source says (e.g. "Argus Non-Ferrous Markets (annual average)"). */
  readonly origin: string;
  readonly sources: readonly string[];
  readonly file: string;
}

const ELEMENT_BY_NAME: Record<string, Element> = {
  neodymium: "Nd",
  praseodymium: "Pr",
  dysprosium: "Dy",
  terbium: "Tb",
  cerium: "Ce",
  lanthanum: "La",
  europium: "Eu",
  yttrium: "Y",
  samarium: "Sm",
  gadolinium: "Gd",
};

function describe(metric: string): { name: string; elements: Element[] } {
  let m = /^price_([a-z]+)_oxide_([\d.]+)$/.exec(metric);
  if (m) {
    const el = ELEMENT_BY_NAME[m[1] ?? ""];
    const word = m[1] ?? "";
    return {
      name: `${word.charAt(0).toUpperCase()}${word.slice(1)} oxide ${m[2]}%`,
      elements: el ? [el] : [],
    };
  }
  m = /^price_mischmetal_(\d+)([A-Z][a-z]?)_(\d+)([A-Z][a-z]?)$/.exec(metric);
  if (m) {
    return {
      name: `Mischmetal (${m[1]}% ${m[2]}, ${m[3]}% ${m[4]})`,
      elements: [m[2], m[4]].filter((e): e is Element =>
        Object.values(ELEMENT_BY_NAME).includes(e as Element),
      ),
    };
  }
  const text = metric.replace(/^price_/, "").replace(/_/g, " ");
  return { name: `${text.charAt(0).toUpperCase()}${text.slice(1)}`, elements: [] };
}

/**
 * Reads every `price_*` metric of the USGS table (or a file in its layout): one yearly series per
 * metric. A bad year or value is an ImportError `file:line: field: reason`.
 */
export function loadOxidePrices(path?: string): { file: string; series: OxidePriceSeries[] } {
  const ref = readReference(userPath(path) ?? "usgs_rare_earths.csv", [
    "edition",
    "year",
    "metric",
    "value",
    "unit",
    "source_url",
  ]);
  const { file, table } = ref;
  const r: RowReader = ref.reader;
  const byMetric = new Map<string, { row: TableRow; point: PricePoint }[]>();
  for (const row of table.rows) {
    const metric = r.cell(row, "metric");
    if (!metric.startsWith("price_")) continue;
    const list = byMetric.get(metric) ?? [];
    list.push({ row, point: pricePoint(r, row) });
    byMetric.set(metric, list);
  }
  const series: OxidePriceSeries[] = [];
  for (const [metric, list] of byMetric) {
    // Per year, the latest edition wins (a later edition revises the estimate of the year before).
    const byYear = new Map<number, { row: TableRow; point: PricePoint }>();
    const superseded: PricePoint[] = [];
    for (const item of list) {
      const have = byYear.get(item.point.year);
      if (!have) byYear.set(item.point.year, item);
      else if (item.point.edition > have.point.edition) {
        superseded.push(have.point);
        byYear.set(item.point.year, item);
      } else superseded.push(item.point);
    }
    const kept = [...byYear.values()].sort((a, b) => a.point.year - b.point.year);
    const units = [...new Set(kept.map((k) => r.cell(k.row, "unit")))];
    if (units.length > 1) {
      r.fail(kept[kept.length - 1]?.row as TableRow, "unit", `${metric} mixes units: ${units.join(", ")}`);
    }
    const origins = [
      ...new Set(kept.map((k) => r.cell(k.row, "note").split(/\.\s/)[0]?.replace(/\.$/, "") ?? "")),
    ];
    series.push({
      metric,
      ...describe(metric),
      unit: units[0] ?? "",
      points: kept.map((k) => k.point),
      superseded,
      origin: origins.filter(Boolean).join("; "),
      sources: [...new Set(kept.map((k) => r.cell(k.row, "source_url")))],
      file,
    });
  }
  return { file, series };
}

function pricePoint(r: RowReader, row: TableRow): PricePoint {
  const yearText = r.required(row, "year");
  if (!/^\d{4}$/.test(yearText)) r.fail(row, "year", `"${yearText}" is not a year (YYYY)`);
  const year = Number(yearText);
  const value = r.figure(row, "value") ?? r.fail(row, "value", "is empty");
  return {
    year,
    value,
    estimate: r.cell(row, "note").includes(`${year} = USGS estimate`),
    edition: r.cell(row, "edition"),
    line: row.line,
  };
}

/** How prices stand: the latest against the year before and against the series' peak and trough. */
export interface PriceStress {
  readonly latest: PricePoint;
  readonly previous: PricePoint | null;
  /** Latest ÷ the year before − 1, in percent; null when the year before is missing. */
  readonly changePct: number | null;
  readonly peak: PricePoint;
  /** Latest ÷ peak − 1, in percent (0 at the peak). */
  readonly vsPeakPct: number;
  readonly trough: PricePoint;
}

export function priceStress(s: { points: readonly PricePoint[] }): PriceStress | null {
  const latest = s.points.at(-1);
  if (!latest) return null;
  const previous = s.points.find((p) => p.year === latest.year - 1) ?? null;
  // First of equal values: the earliest year the peak or trough was reached.
  const peak = s.points.reduce((a, b) => (b.value > a.value ? b : a));
  const trough = s.points.reduce((a, b) => (b.value < a.value ? b : a));
  return {
    latest,
    previous,
    changePct: previous && previous.value > 0 ? (latest.value / previous.value - 1) * 100 : null,
    peak,
    vsPeakPct: peak.value > 0 ? (latest.value / peak.value - 1) * 100 : 0,
    trough,
  };
}

/** An oxide's price stress with what it is, for reading beside tonnes at risk. */
export interface OxideStress {
  readonly metric: string;
  readonly name: string;
  readonly elements: readonly Element[];
  readonly unit: string;
  readonly stress: PriceStress;
  readonly sources: readonly string[];
}

/** The magnet elements, in the order their oxides are listed: the light pair, then the heavy pair. */
export const MAGNET_ELEMENTS: readonly Element[] = ["Nd", "Pr", "Dy", "Tb"];

/** Price stress of the oxides of magnet elements (Nd, Pr, Dy, Tb), in that order; series without points are left out. */
export function magnetOxidePrices(series: readonly OxidePriceSeries[]): OxideStress[] {
  const order = (s: OxidePriceSeries) =>
    Math.min(...s.elements.map((el) => MAGNET_ELEMENTS.indexOf(el)).filter((i) => i >= 0));
  return series
    .filter((s) => s.elements.some((el) => MAGNET_ELEMENTS.includes(el)))
    .sort((a, b) => order(a) - order(b))
    .flatMap((s) => {
      const stress = priceStress(s);
      return stress
        ? [{ metric: s.metric, name: s.name, elements: s.elements, unit: s.unit, stress, sources: s.sources }]
        : [];
    });
}

/** A unit value a source reports for a month (e.g. "48,729 USD/t in July 2024"). */
export interface ReportedUnitValue {
  readonly month: MonthIndex;
  /** Per kg in `currency`. */
  readonly value: number;
  readonly currency: string;
  readonly commodity: string;
  readonly source: string;
  readonly file: string;
  readonly line: number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * The reported unit values of China's rare-earth magnet exports in published_indicators.csv
 * (indicator "unit_value", subject naming permanent magnets, unit like "USD/t (July 2024)").
 */
export function loadReportedUnitValues(path?: string): ReportedUnitValue[] {
  const ref = readReference(userPath(path) ?? "published_indicators.csv", [
    "indicator",
    "subject",
    "value",
    "unit",
    "source_url",
  ]);
  const { file, table } = ref;
  const r: RowReader = ref.reader;
  const out: ReportedUnitValue[] = [];
  for (const row of table.rows) {
    if (r.cell(row, "indicator") !== "unit_value" || !/permanent magnet/i.test(r.cell(row, "subject")))
      continue;
    const unit = r.cell(row, "unit");
    const m = /^([A-Z]{3})\/(t|kg)\s*\(([A-Za-z]+)\.?\s+(\d{4})\)$/.exec(unit);
    const month = m ? MONTHS.indexOf((m[3] ?? "").slice(0, 3).toLowerCase()) + 1 : 0;
    if (!m || month === 0) {
      r.fail(row, "unit", `"${unit}" is not a currency per t or kg with a month, e.g. "USD/t (July 2024)"`);
    }
    const v = r.figure(row, "value") ?? r.fail(row, "value", "is empty");
    out.push({
      month: monthOf(Number(m[4]), month),
      value: m[2] === "t" ? v / 1000 : v,
      currency: m[1] as string,
      commodity: "re-magnets",
      source: r.cell(row, "source_url"),
      file,
      line: row.line,
    });
  }
  return out;
}

export interface UnitValuePoint {
  readonly month: string;
  readonly qtyKg: number | null;
  readonly qtyStatus: "observed" | "derived" | "missing";
  /** Value ÷ quantity from the store (both known for the month); null otherwise. */
  readonly computed: number | null;
  /** A unit value a source states for the month. */
  readonly reported: number | null;
  /** computed, else reported: the figure to show. */
  readonly unitValue: number | null;
  readonly unit: string | null;
  readonly basis: "computed" | "reported" | null;
  /** Store source ids of the computed figure. */
  readonly sourceIds: readonly number[];
  /** Addresses of the reported figure. */
  readonly sourceUrls: readonly string[];
}

export interface UnitValueSeries {
  readonly reporter: string;
  readonly flow: string;
  readonly commodity: string;
  readonly partner: string;
  readonly points: readonly UnitValuePoint[];
  /** The latest month with a unit value. */
  readonly latest: UnitValuePoint | null;
  /** Latest against the same month a year before, in percent, when both are known in one unit. */
  readonly yoyPct: number | null;
}

/** The unit values of one partner's monthly series, beside its quantities, with reported ones merged in. */
export function unitValueSeries(
  series: MonitorSeries,
  opts: { partner?: string; reported?: readonly ReportedUnitValue[] } = {},
): UnitValueSeries {
  const partner = opts.partner ?? series.query.partner ?? "WLD";
  const rows = series.rows.filter((r) => r.partner === partner);
  const reported = (opts.reported ?? []).filter((x) => x.commodity === series.query.commodity);
  const months = [
    ...new Set([...rows.map((r) => r.month as number), ...reported.map((x) => x.month as number)]),
  ].sort((a, b) => a - b);
  const points = months.map((m): UnitValuePoint => {
    const row = rows.find((r) => r.month === m);
    const rep = reported.find((x) => x.month === m);
    const computed = row?.unitValue?.value ?? null;
    const unit = row?.unitValue?.unit ?? (rep ? `${rep.currency}/kg` : null);
    return {
      month: formatMonth(m as MonthIndex),
      qtyKg: row?.qty?.value ?? null,
      qtyStatus: row?.status ?? "missing",
      computed,
      reported: rep?.value ?? null,
      unitValue: computed ?? rep?.value ?? null,
      unit,
      basis: computed !== null ? "computed" : rep ? "reported" : null,
      sourceIds: row?.unitValue?.sources ?? [],
      sourceUrls: rep ? [rep.source] : [],
    };
  });
  const known = points.filter((p) => p.unitValue !== null);
  const latest = known.at(-1) ?? null;
  let yoyPct: number | null = null;
  if (latest) {
    const [y, mo] = latest.month.split("-");
    const before = known.find((p) => p.month === `${Number(y) - 1}-${mo}` && p.unit === latest.unit);
    if (before?.unitValue) yoyPct = ((latest.unitValue as number) / before.unitValue - 1) * 100;
  }
  return {
    reporter: series.query.reporter,
    flow: series.query.flow,
    commodity: series.query.commodity,
    partner,
    points,
    latest,
    yoyPct,
  };
}

/** China's magnet exports to one partner (default the world): quantities and unit values by month. */
export async function chinaExportUnitValues(
  store: Store,
  opts: { partner?: string; commodity?: string; reported?: readonly ReportedUnitValue[] } = {},
): Promise<UnitValueSeries> {
  const partner = opts.partner ?? "WLD";
  const series = await monthlySeries(store, {
    reporter: "CHN",
    flow: "export",
    commodity: opts.commodity ?? "re-magnets",
    partner,
  });
  // Reported unit values are of the world total: they never stand in for one destination.
  const reported = partner === "WLD" ? (opts.reported ?? loadReportedUnitValues()) : [];
  return unitValueSeries(series, { partner, reported });
}
