/**
 * The inventory path of one node over the Monte-Carlo runs: the P5–P95 band and the P50 line, one
 * point per month, in the node's output units (kg of material; units for a product).
 * @module
 * @example
 * const s = summarise(await runMonteCarlo({ network, scenario, runs: 200, seed: 1 }));
 * renderSvg(inventoryChart(s.nodes[0], months), { width: 860, height: 320 });
 */
import type { NodeSummary } from "../sim/summary.js";
import { BASE, COLORS, tip, title, type ChartOption } from "./common.js";
import { amountText, bandSeries, checkLengths, orGap } from "./fan-chart.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const INVENTORY_SERIES = { p5: "P5", band: "P5–P95", p50: "P50" } as const;

export interface InventoryChartOptions {
  /** Chart title (default: "<node>: inventory"). */
  readonly title?: string;
  /** The node's output unit, for the axis (default "output units"). */
  readonly unit?: string;
}

export function inventoryChart(
  n: NodeSummary,
  months: readonly string[],
  opts: InventoryChartOptions = {},
): ChartOption {
  checkLengths(months, { P5: n.p5, P50: n.p50, P95: n.p95 });
  const unit = opts.unit ?? "output units";
  const lowest = Math.min(...n.p5);
  return {
    ...BASE,
    title: title(
      opts.title ?? `${n.node}: inventory`,
      `P5–P95 band and P50 over runs, ${unit}; lowest P5 ${amountText(lowest)}${lowest <= 1e-6 ? " (runs out)" : ""}`,
    ),
    legend: {
      top: 48,
      left: 8,
      data: [INVENTORY_SERIES.band, INVENTORY_SERIES.p50],
      textStyle: { fontSize: 11 },
    },
    grid: { left: 80, right: 24, top: 84, bottom: 40 },
    xAxis: { type: "category", data: [...months], boundaryGap: false, axisLabel: { fontSize: 11 } },
    yAxis: {
      type: "value",
      name: `inventory, ${unit}`,
      nameLocation: "middle",
      nameGap: 64,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      ...bandSeries(n.p5, n.p95),
      {
        name: INVENTORY_SERIES.p50,
        type: "line",
        data: n.p50.map((v, t) => ({
          value: orGap(v),
          tooltip: tip([
            `${n.node}, ${months[t]}: inventory, ${unit}`,
            `P50 ${amountText(v)}`,
            `P5–P95 ${amountText(n.p5[t]!)} to ${amountText(n.p95[t]!)}`,
          ]),
        })),
        symbol: "circle",
        symbolSize: 4,
        color: COLORS.observed,
        lineStyle: { color: COLORS.observed, width: 2 },
        z: 3,
      },
    ],
  };
}
