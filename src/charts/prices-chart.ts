/**
 * Oxide prices by year (USGS annual averages) as lines on a log scale — terbium oxide costs some
 * twenty times neodymium oxide — with the source's own estimates as hollow markers.
 * @module
 * @example
 * pricesChart(loadOxidePrices().series.filter((s) => s.elements.includes("Nd")));
 */
import type { OxidePriceSeries } from "../risk/prices.js";
import { BASE, COLORS, PALETTE, tip, title, type ChartOption } from "./common.js";

export interface PricesChartOptions {
  /** Log scale (default true: prices differ by orders of magnitude). */
  readonly log?: boolean;
  readonly title?: string;
}

export function pricesChart(series: readonly OxidePriceSeries[], opts: PricesChartOptions = {}): ChartOption {
  const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const units = [...new Set(series.map((s) => s.unit))];
  const log = opts.log ?? true;
  const origins = [...new Set(series.map((s) => s.origin).filter(Boolean))];
  return {
    ...BASE,
    title: title(
      opts.title ?? `Oxide prices, ${units.join(", ")} (annual averages)`,
      `${log ? "Log scale. " : ""}Hollow: the source's estimate.${origins.length ? ` Priced by ${origins.join("; ")}.` : ""}`,
    ),
    legend: { top: 48, left: 8, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 24, top: 84, bottom: 32 },
    xAxis: { type: "category", data: years.map(String), axisLabel: { fontSize: 11 } },
    yAxis: {
      type: log ? "log" : "value",
      ...(log ? { logBase: 10 } : { min: 0 }),
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: series.map((s, i) => ({
      name: s.name,
      type: "line",
      metric: s.metric,
      connectNulls: false,
      symbol: "circle",
      symbolSize: 7,
      itemStyle: { color: PALETTE[i % PALETTE.length] },
      data: years.map((y) => {
        const p = s.points.find((x) => x.year === y);
        if (!p) return null;
        return {
          value: p.value,
          ...(p.estimate ? { symbol: "emptyCircle" } : {}),
          tooltip: tip([
            `${s.name}, ${y}: ${p.value.toLocaleString("en-US")} ${s.unit}${p.estimate ? " (the source's estimate)" : ""}`,
            `${p.edition}, line ${p.line}`,
            ...s.sources.map((u) => `source: ${u}`),
          ]),
        };
      }),
    })),
  } as ChartOption;
}
