/**
 * The shortfall of one product as a fan chart, units per month: the P5–P95 band over the Monte-Carlo
 * runs (an invisible P5 line with the band's width stacked on it), the P50 line and the mean, dashed.
 * Every series has one point per month, in month order, so a reader can match the chart against the
 * summary it came from.
 * @module
 * @example
 * const s = summarise(await runMonteCarlo({ network, scenario, runs: 200, seed: 1 }));
 * renderSvg(fanChart(s.products[0], months), { width: 860, height: 320 });
 */
import type { ProductSummary } from "../sim/summary.js";
import { BASE, COLORS, tip, title, tonnesShort, type ChartOption } from "./common.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const FAN_SERIES = { p5: "P5", band: "P5–P95", p50: "P50", mean: "mean" } as const;

export interface FanChartOptions {
  /** Chart title (default: "<product>: shortfall, units per month"). */
  readonly title?: string;
}

export function fanChart(
  p: ProductSummary,
  months: readonly string[],
  opts: FanChartOptions = {},
): ChartOption {
  checkLengths(months, { P5: p.p5, P50: p.p50, P95: p.p95, mean: p.mean });
  const tips = months.map((m, t) =>
    tip([
      `${p.product}, ${m}: shortfall, units`,
      `P50 ${amountText(p.p50[t]!)} · mean ${amountText(p.mean[t]!)}`,
      `P5–P95 ${amountText(p.p5[t]!)} to ${amountText(p.p95[t]!)}`,
      `short in ${percent(p.probability[t] ?? 0)} of runs`,
    ]),
  );
  const lost = p.lostMagnetTonnes;
  const subtext =
    p.probabilityAny > 0
      ? `Short at some month in ${percent(p.probabilityAny)} of runs; lost magnet P50 ${tonnesShort(lost.p50 * 1000)} t, P95 ${tonnesShort(lost.p95 * 1000)} t`
      : "No shortfall in any run";
  return {
    ...BASE,
    title: title(opts.title ?? `${p.product}: shortfall, units per month`, subtext),
    legend: {
      top: 48,
      left: 8,
      data: [FAN_SERIES.band, FAN_SERIES.p50, FAN_SERIES.mean],
      textStyle: { fontSize: 11 },
    },
    grid: { left: 72, right: 24, top: 84, bottom: 40 },
    xAxis: { type: "category", data: [...months], boundaryGap: false, axisLabel: { fontSize: 11 } },
    yAxis: {
      type: "value",
      name: "units short per month",
      nameLocation: "middle",
      nameGap: 56,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      ...bandSeries(p.p5, p.p95),
      {
        name: FAN_SERIES.p50,
        type: "line",
        data: p.p50.map((v, t) => ({ value: orGap(v), tooltip: tips[t]! })),
        symbol: "circle",
        symbolSize: 4,
        color: COLORS.observed,
        lineStyle: { color: COLORS.observed, width: 2 },
        z: 3,
      },
      {
        name: FAN_SERIES.mean,
        type: "line",
        data: p.mean.map((v, t) => ({ value: orGap(v), tooltip: tips[t]! })),
        symbol: "none",
        color: COLORS.event,
        lineStyle: { color: COLORS.event, width: 1.5, type: "dashed" },
        z: 4,
      },
    ],
  };
}

/**
 * The P5–P95 band as two stacked lines: P5 drawn invisibly, then P95 − P5 filled on top of it.
 * Both series have plain numbers as data, one per month. Shared with the inventory chart.
 */
export function bandSeries(p5: readonly number[], p95: readonly number[]) {
  const hidden = { opacity: 0 };
  return [
    {
      name: FAN_SERIES.p5,
      type: "line" as const,
      stack: "band",
      data: p5.map((v) => orGap(v)),
      symbol: "none",
      lineStyle: hidden,
      silent: true,
      tooltip: { show: false },
    },
    {
      name: FAN_SERIES.band,
      type: "line" as const,
      stack: "band",
      data: p95.map((v, t) => orGap(v - p5[t]!)),
      symbol: "none",
      color: COLORS.range,
      lineStyle: hidden,
      areaStyle: { color: COLORS.range, opacity: 0.6 },
      silent: true,
      tooltip: { show: false },
    },
  ];
}

/** Throws when a path does not have one value per month: a chart must not shift its points. */
export function checkLengths(months: readonly string[], paths: Record<string, readonly number[]>): void {
  for (const [name, values] of Object.entries(paths))
    if (values.length !== months.length)
      throw new Error(`${name} has ${values.length} values for ${months.length} months`);
}

/** "1,234", "12.5", "0.31", "0": the digits a quantity of units or kilograms needs. */
export function amountText(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString("en-US");
  if (a >= 1) return x.toFixed(1);
  if (a < 1e-6) return "0";
  return Number(x.toPrecision(2)).toString();
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** JSON has no NaN or Infinity: a value the chart cannot place is a gap. */
export function orGap(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
