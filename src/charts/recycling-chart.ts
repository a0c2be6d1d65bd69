/**
 * One recycling lever's stock model by year, in tonnes of magnet: what enters use, what reaches end
 * of life and what collection and recovery make recoverable (left axis, t a year), and the stock in
 * use (right axis, t), which is far larger than the flows.
 * @module
 * @example
 * const [f] = recyclingFlows(levers, { lever: "noveon-recycled-magnets", from: 2020, to: 2040 });
 * renderSvg(recyclingChart(f), { width: 860, height: 340 });
 */
import type { RecyclingFlows } from "../plan/recycling.js";
import { BASE, COLORS, PALETTE, t, tip, title, tonnesText, type ChartOption } from "./common.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const RECYCLING_SERIES = {
  inflow: "entering use",
  endOfLife: "end of life",
  recoverable: "recoverable",
  stock: "in use (right axis)",
} as const;

export function recyclingChart(f: RecyclingFlows): ChartOption {
  const years = f.years.map((y) => String(y.year));
  const tips = f.years.map((y) =>
    tip([
      `${f.name}, ${y.year}`,
      `entering use ${tonnesText(y.inflowKg)} · in use ${tonnesText(y.stockKg)}`,
      `end of life ${tonnesText(y.endOfLifeKg)} · recoverable ${tonnesText(y.recoverableKg)}`,
    ]),
  );
  const line = (name: string, color: string, values: readonly number[], dashed = false) => ({
    name,
    type: "line" as const,
    data: values.map((v, k) => ({ value: t(v), tooltip: tips[k]! })),
    symbol: "circle",
    symbolSize: 4,
    color,
    lineStyle: { color, width: 2, ...(dashed ? { type: "dashed" as const } : {}) },
  });
  return {
    ...BASE,
    title: title(
      // The lever's id, not its name: names run to a hundred characters and titles do not wrap.
      `${f.lever}: magnets entering use, in use and at end of life`,
      `Lifetime ${f.lifetime}; collection ${pct(f.collection)}, recovery ${pct(f.recovery)} of end of life`,
    ),
    legend: { top: 48, left: 8, textStyle: { fontSize: 11 } },
    grid: { left: 72, right: 80, top: 84, bottom: 40 },
    xAxis: { type: "category", data: years, axisLabel: { fontSize: 11 } },
    yAxis: [
      {
        type: "value",
        name: "t a year",
        nameLocation: "middle",
        nameGap: 52,
        min: 0,
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      {
        type: "value",
        name: "in use, t",
        nameLocation: "middle",
        nameGap: 60,
        min: 0,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: RECYCLING_SERIES.recoverable,
        type: "bar",
        data: f.years.map((y, k) => ({ value: t(y.recoverableKg), tooltip: tips[k]! })),
        color: PALETTE[2]!,
        barMaxWidth: 14,
      },
      line(
        RECYCLING_SERIES.inflow,
        COLORS.observed,
        f.years.map((y) => y.inflowKg),
      ),
      line(
        RECYCLING_SERIES.endOfLife,
        PALETTE[1]!,
        f.years.map((y) => y.endOfLifeKg),
      ),
      {
        ...line(
          RECYCLING_SERIES.stock,
          COLORS.muted,
          f.years.map((y) => y.stockKg),
          true,
        ),
        yAxisIndex: 1,
      },
    ],
  };
}

function pct(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
