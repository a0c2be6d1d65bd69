/**
 * Where the exports went, month by month: the largest destinations stacked, observed quantities
 * only — countries, never aggregates (WLD, EU27, EUR, OTH), which would count members twice —
 * topped by "other destinations or not known" (the observed world total less the countries shown),
 * with the world total marked (hollow when derived). A destination with no figure for a month is
 * folded into that remainder, never drawn as a zero.
 *
 * Stacked columns by default: destination figures are sparse, and a stacked area interpolates
 * between months, drawing bands through months no source gives. `kind: "area"` draws areas for
 * dense data.
 * @module
 * @example
 * destinationsChart(series, 6); // stacked areas for the six largest destinations, then the remainder
 */
import type { MonitorRow, MonitorSeries } from "../monitor/series.js";
import { countryName, isAggregate } from "../ref/countries.js";
import { formatMonth, type MonthIndex } from "../units/month.js";
import {
  BASE,
  COLORS,
  PALETTE,
  sourcesText,
  t,
  tip,
  title,
  tonnesText,
  type ChartOption,
  type SourceLabel,
} from "./common.js";

export interface DestinationsChartOptions {
  readonly from?: MonthIndex;
  readonly to?: MonthIndex;
  readonly sources?: readonly SourceLabel[];
  readonly title?: string;
  /** Draw the band up to the world total (default true). */
  readonly remainder?: boolean;
  /** Stacked columns (default) or stacked areas. */
  readonly kind?: "bar" | "area";
}

/** The name of the band between the countries shown and the world total. */
export const REMAINDER_NAME = "other destinations or not known";
export const WORLD_NAME = "world total";

export function destinationsChart(
  series: MonitorSeries,
  top = 6,
  opts: DestinationsChartOptions = {},
): ChartOption {
  const inRange = (r: MonitorRow) =>
    (opts.from === undefined || r.month >= opts.from) && (opts.to === undefined || r.month <= opts.to);
  const rows = series.rows.filter(inRange);
  const sources = opts.sources ?? [];
  const observed = (r: MonitorRow) => r.status === "observed" && r.qty !== null;

  const monthNums = rows.map((r) => r.month as number);
  const first = monthNums.length ? Math.min(...monthNums) : 0;
  const last = monthNums.length ? Math.max(...monthNums) : -1;
  const months: MonthIndex[] = [];
  for (let m = first; m <= last; m++) months.push(m as MonthIndex);

  // Rank countries by their observed total over the window; ties by code, for a stable order.
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (!observed(r) || isAggregate(r.partner)) continue;
    totals.set(r.partner, (totals.get(r.partner) ?? 0) + (r.qty?.value ?? 0));
  }
  const shown = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, Math.max(0, top))
    .map(([p]) => p);

  const cell = new Map(rows.map((r) => [`${r.partner}|${r.month}`, r]));
  const at = (partner: string, m: MonthIndex) => cell.get(`${partner}|${m}`);

  const area = opts.kind === "area";
  const look = (color: string, opacity: number) =>
    area
      ? {
          type: "line",
          connectNulls: false,
          symbol: "circle",
          symbolSize: 5,
          showSymbol: true,
          areaStyle: { opacity },
          lineStyle: { width: 1 },
          itemStyle: { color },
        }
      : { type: "bar", barMaxWidth: 28, itemStyle: { color, opacity } };

  const countrySeries = shown.map((partner, i) => ({
    name: countryName(partner),
    ...look(PALETTE[i % PALETTE.length] as string, 0.9),
    stack: "destinations",
    partner,
    data: months.map((m) => {
      const r = at(partner, m);
      if (!r || !observed(r) || !r.qty) return null;
      const share = r.sharePct ? ` (${r.sharePct.value.toFixed(1)}% of the world total)` : "";
      return {
        value: t(r.qty.value),
        tooltip: tip([
          `${formatMonth(m)}, ${countryName(partner)}: ${tonnesText(r.qty.value)} observed${share}`,
          sourcesText(r.qty.sources, sources),
        ]),
      };
    }),
  }));

  const remainder = months.map((m) => {
    const w = at("WLD", m);
    if (!w || !observed(w) || !w.qty) return null;
    const known = shown.flatMap((p) => {
      const r = at(p, m);
      return r && observed(r) && r.qty ? [r.qty] : [];
    });
    const rest = w.qty.value - known.reduce((s, q) => s + q.value, 0);
    // Destinations can outrun a world total from another source: draw nothing rather than a negative band.
    if (rest < 0) return null;
    return {
      value: t(rest),
      tooltip: tip([
        `${formatMonth(m)}: ${tonnesText(rest)} to other destinations or not known`,
        `world total ${tonnesText(w.qty.value)} observed less ${known.length} destination(s) shown`,
        sourcesText([...new Set([...w.qty.sources, ...known.flatMap((q) => q.sources)])], sources),
      ]),
    };
  });

  const withRemainder = opts.remainder ?? true;
  const all = [
    ...countrySeries,
    ...(withRemainder
      ? [{ name: REMAINDER_NAME, ...look(COLORS.remainder, 0.8), stack: "destinations", data: remainder }]
      : []),
    {
      name: WORLD_NAME,
      type: "scatter",
      symbol: "diamond",
      symbolSize: 8,
      itemStyle: { color: COLORS.text },
      z: 5,
      data: months.flatMap((m) => {
        const w = at("WLD", m);
        if (!w?.qty || w.status === "missing") return [];
        const derived = w.status === "derived";
        return [
          {
            value: [formatMonth(m), t(w.qty.value)],
            ...(derived ? { symbol: "emptyDiamond" } : {}),
            tooltip: tip([
              `${formatMonth(m)}: world total ${tonnesText(w.qty.value)} ${w.status}`,
              ...(derived && w.qty.definition ? [w.qty.definition] : []),
              sourcesText(w.qty.sources, sources),
            ]),
          },
        ];
      }),
    },
  ];
  const subtext =
    shown.length === 0
      ? "no destination has an observed figure in these months"
      : `The ${shown.length} largest destinations with observed figures, stacked; ◇ world total (hollow: derived). ` +
        "Destinations without a figure for a month are in the grey remainder, never zero.";
  return {
    ...BASE,
    title: title(opts.title ?? "Destinations: monthly quantity, t", subtext),
    legend: { top: 48, left: 8, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 24, top: 92, bottom: 40 },
    xAxis: {
      type: "category",
      data: months.map(formatMonth),
      boundaryGap: !area,
      axisLabel: { fontSize: 11 },
    },
    yAxis: { type: "value", min: 0, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: all,
  } as ChartOption;
}
