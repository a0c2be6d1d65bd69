/**
 * The efficient frontier as a chart: cost (x) against expected lost magnet (y), the optimised mixes as
 * a stepped line, the named single-lever strategies as labelled points, and — where evaluated — the
 * engine's out-of-sample result as hollow markers, so the optimiser's promise and the engine's
 * delivery sit side by side.
 * @module
 * @example
 * renderSvg(frontierChart(points), { width: 800, height: 420 });
 */
import type { FrontierPoint } from "../plan/frontier.js";
import { BASE, COLORS, PALETTE, tip, title, type ChartOption } from "./common.js";

const usd = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function frontierChart(
  points: readonly FrontierPoint[],
  heading = "Cost against resilience",
): ChartOption {
  const mixes = points.filter((p) => p.kind === "optimised").sort((a, b) => a.cost - b.cost);
  const strategies = points.filter((p) => p.kind === "strategy");
  const label = (p: FrontierPoint) =>
    tip([
      p.name,
      `cost ${usd.format(p.cost)} USD`,
      `lost magnet ${p.inSampleMeanTonnes.toFixed(1)} t (linear twin, in sample)`,
      ...(p.outOfSample
        ? [
            `engine: ${p.outOfSample.meanTonnes.toFixed(1)} t mean, ${p.outOfSample.p95Tonnes.toFixed(1)} t P95`,
          ]
        : []),
      p.portfolio.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%`).join(", ") || "no levers",
    ]);
  return {
    ...BASE,
    title: title(
      heading,
      "Filled: the optimiser's in-sample estimate. Hollow: the same plan re-run in the engine.",
    ),
    legend: { top: 48, left: 8, textStyle: { fontSize: 11 } },
    grid: { left: 80, right: 24, top: 84, bottom: 48 },
    xAxis: {
      type: "value",
      name: "cost, USD",
      nameLocation: "middle",
      nameGap: 28,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: {
      type: "value",
      name: "expected lost magnet, t",
      nameLocation: "middle",
      nameGap: 56,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: "optimised mixes",
        type: "line",
        step: "end",
        symbol: "circle",
        symbolSize: 8,
        color: COLORS.observed,
        data: mixes.map((p) => ({ value: [p.cost, p.inSampleMeanTonnes], tooltip: label(p) })),
      },
      {
        name: "optimised, in the engine",
        type: "scatter",
        symbol: "emptyCircle",
        symbolSize: 9,
        color: COLORS.observed,
        data: mixes.flatMap((p) =>
          p.outOfSample ? [{ value: [p.cost, p.outOfSample.meanTonnes], tooltip: label(p) }] : [],
        ),
      },
      ...strategies.map((p, i) => ({
        name: p.name,
        type: "scatter" as const,
        symbolSize: 11,
        color: PALETTE[(i + 1) % PALETTE.length]!,
        label: { show: true, formatter: p.name, position: "right" as const, fontSize: 11 },
        data: [
          { value: [p.cost, p.inSampleMeanTonnes], tooltip: label(p) },
          ...(p.outOfSample
            ? [
                {
                  value: [p.cost, p.outOfSample.meanTonnes],
                  symbol: "emptyCircle",
                  tooltip: label(p),
                  label: { show: false },
                },
              ]
            : []),
        ],
      })),
    ],
  };
}
