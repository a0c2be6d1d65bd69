/**
 * The monthly series of one partner as a chart: observed months as a solid line, derived months as
 * hollow markers with the interval their inputs' rounding allows, missing months as gaps (never
 * zeros), and policy events marked on the time axis — a dashed line at the month each starts and a
 * marker on the axis whose tooltip gives the event and its source.
 * @module
 * @example
 * const s = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
 * renderSvg(seriesChart(s, "WLD"), { width: 800, height: 360 });
 */
import type { MonitorRow, MonitorSeries } from "../monitor/series.js";
import type { EventInMonth } from "../monitor/events.js";
import type { Figure } from "../monitor/figure.js";
import { countryName } from "../ref/countries.js";
import { formatMonth, type MonthIndex } from "../units/month.js";
import {
  BASE,
  COLORS,
  pctText,
  sourcesText,
  t,
  tip,
  title,
  tonnesText,
  type ChartOption,
  type SourceLabel,
} from "./common.js";

export interface SeriesChartOptions {
  /** First and last month shown (default: the partner's whole series). */
  readonly from?: MonthIndex;
  readonly to?: MonthIndex;
  /** Citations for tooltips; without them tooltips name source ids (#16). */
  readonly sources?: readonly SourceLabel[];
  /** Chart title (default: "<partner>: monthly quantity, t"). */
  readonly title?: string;
}

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const SERIES_NAMES = {
  observed: "observed",
  derived: "derived (interval)",
  intervalBase: "interval base",
  interval: "interval",
  events: "policy events",
} as const;

export function seriesChart(
  series: MonitorSeries,
  partner = "WLD",
  opts: SeriesChartOptions = {},
): ChartOption {
  const rows = series.rows.filter(
    (r) =>
      r.partner === partner &&
      (opts.from === undefined || r.month >= opts.from) &&
      (opts.to === undefined || r.month <= opts.to),
  );
  const months = rows.map((r) => formatMonth(r.month));
  const sources = opts.sources ?? [];
  const heading = opts.title ?? `${countryName(partner)}: monthly quantity, t`;
  const counts = { observed: 0, derived: 0, missing: 0 };
  for (const r of rows) counts[r.status]++;
  const subtext =
    rows.length === 0
      ? "no figures for this series"
      : `${counts.observed} observed, ${counts.derived} derived, ${counts.missing} missing months (gaps, never zeros)`;

  const observed = rows.map((r) =>
    r.status === "observed" && r.qty
      ? { value: t(r.qty.value), tooltip: tip(observedTip(r, sources)) }
      : null,
  );
  const derivedRows = rows.filter((r) => r.status === "derived" && r.qty);
  const derived = derivedRows.map((r) => ({
    name: formatMonth(r.month),
    value: [formatMonth(r.month), t((r.qty as Figure).value)],
    tooltip: tip(derivedTip(r, sources)),
  }));
  // Intervals as floating bars: a transparent base up to the low end, then the width of the interval.
  const intervalOf = (r: MonitorRow) =>
    r.status === "derived" && r.qty?.low !== undefined && r.qty.high !== undefined
      ? { low: r.qty.low, high: r.qty.high }
      : null;
  const base = rows.map((r) => {
    const i = intervalOf(r);
    return i ? t(i.low) : null;
  });
  const width = rows.map((r) => {
    const i = intervalOf(r);
    return i ? t(i.high) - t(i.low) : null;
  });

  const marks = eventMarks(rows, sources);
  return {
    ...BASE,
    title: title(heading, subtext),
    legend: {
      top: 48,
      left: 8,
      data: [SERIES_NAMES.observed, SERIES_NAMES.derived, SERIES_NAMES.events],
      textStyle: { fontSize: 11 },
    },
    grid: { left: 64, right: 24, top: 84, bottom: 48 },
    xAxis: {
      type: "category",
      data: months,
      axisTick: { alignWithLabel: true },
      axisLabel: { fontSize: 11 },
    },
    yAxis: {
      type: "value",
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: SERIES_NAMES.intervalBase,
        type: "bar",
        stack: "interval",
        data: base,
        barWidth: 4,
        itemStyle: { color: "transparent" },
        silent: true,
        tooltip: { show: false },
      },
      {
        name: SERIES_NAMES.interval,
        type: "bar",
        stack: "interval",
        data: width,
        barWidth: 4,
        itemStyle: { color: COLORS.interval },
        silent: true,
        tooltip: { show: false },
      },
      {
        name: SERIES_NAMES.observed,
        type: "line",
        data: observed,
        connectNulls: false,
        symbol: "circle",
        symbolSize: 6,
        showSymbol: true,
        itemStyle: { color: COLORS.observed },
        lineStyle: { color: COLORS.observed, width: 2 },
        z: 3,
      },
      {
        name: SERIES_NAMES.derived,
        type: "scatter",
        data: derived,
        symbol: "emptyCircle",
        symbolSize: 8,
        itemStyle: { color: COLORS.derived, borderWidth: 1.5 },
        z: 4,
      },
      {
        name: SERIES_NAMES.events,
        type: "scatter",
        data: marks.pins,
        symbol: "triangle",
        symbolSize: 10,
        itemStyle: { color: COLORS.event },
        z: 5,
        markLine: {
          symbol: ["none", "none"],
          tooltip: { formatter: "{b}" },
          lineStyle: { color: COLORS.event, type: "dashed", width: 1 },
          label: { position: "insideEndTop", fontSize: 10, color: COLORS.event },
          data: marks.lines,
        },
      },
    ],
  } as ChartOption;
}

function basisWord(f: Figure): string {
  return f.basis === "reported" ? " (as reported)" : "";
}

function observedTip(r: MonitorRow, sources: readonly SourceLabel[]): string[] {
  const q = r.qty as Figure;
  const lines = [`${formatMonth(r.month)}: ${tonnesText(q.value)} observed`];
  const changes = [
    r.momPct ? `m/m ${pctText(r.momPct.value)}${basisWord(r.momPct)}` : null,
    r.yoyPct ? `y/y ${pctText(r.yoyPct.value)}${basisWord(r.yoyPct)}` : null,
  ].filter((x): x is string => x !== null);
  if (changes.length) lines.push(changes.join(" · "));
  lines.push(sourcesText(q.sources, sources));
  return lines;
}

function derivedTip(r: MonitorRow, sources: readonly SourceLabel[]): string[] {
  const q = r.qty as Figure;
  const range =
    q.low !== undefined && q.high !== undefined ? ` (${tonnesText(q.low)} to ${tonnesText(q.high)})` : "";
  const lines = [`${formatMonth(r.month)}: ${tonnesText(q.value)} derived${range}`];
  if (q.definition) lines.push(q.definition);
  lines.push(sourcesText(q.sources, sources));
  return lines;
}

/** "CHN export control" */
function shortLabel(e: EventInMonth): string {
  return `${e.event.actor} ${e.event.type.replace(/_/g, " ")}`;
}

/**
 * Events dated in a shown month: one marker per event on the axis (tooltip: date, what, scope,
 * status, source) and one dashed line per month, labelled with the events that start in it.
 */
function eventMarks(rows: readonly MonitorRow[], sources: readonly SourceLabel[]) {
  const pins: object[] = [];
  const lines: object[] = [];
  for (const r of rows) {
    const starts = r.events.filter((e) => e.relation === "starts");
    if (starts.length === 0) continue;
    const month = formatMonth(r.month);
    for (const e of starts) {
      pins.push({
        name: e.event.id,
        value: [month, 0],
        eventId: e.event.id,
        sourceId: e.event.sourceId,
        tooltip: tip([
          `${e.event.date}: ${shortLabel(e)}${e.event.derived ? " (date derived)" : ""}`,
          e.event.description,
          `scope: ${e.event.scopeText}`,
          `status: ${e.event.status.replace(/_/g, " ")}`,
          sourcesText([e.event.sourceId], sources),
        ]),
      });
    }
    lines.push({
      xAxis: month,
      name: starts
        .map((e) => `${e.event.date} ${shortLabel(e)} — ${sourcesText([e.event.sourceId], sources)}`)
        .join(" | "),
      eventIds: starts.map((e) => e.event.id),
      label: { formatter: starts.map(shortLabel).join(" · ") },
    });
  }
  return { pins, lines };
}
