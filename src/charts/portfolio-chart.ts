/**
 * Portfolios side by side: mean and P95 lost magnet over every engine run (bars, tonnes) and each
 * portfolio's cost (points on the right axis, million USD), in the order given — the baseline with
 * no levers first, when the caller puts it there.
 * @module
 * @example
 * const evals = await Promise.all(portfolios.map((portfolio) => evaluatePortfolio({ ...o, portfolio })));
 * renderSvg(portfolioChart(evals), { width: 860, height: 360 });
 */
import type { PortfolioEvaluation } from "../plan/evaluate.js";
import { BASE, COLORS, PALETTE, tip, title, type ChartOption } from "./common.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const PORTFOLIO_SERIES = {
  mean: "mean lost magnet, t",
  p95: "P95 lost magnet, t",
  cost: "cost, million USD (right axis)",
} as const;

const usd = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const tonnes = (x: number) => (x >= 100 ? usd.format(x) : x.toFixed(1));

export function portfolioChart(
  evals: readonly Pick<PortfolioEvaluation, "portfolio" | "cost" | "overall" | "scenarios">[],
): ChartOption {
  const names = evals.map((e) => e.portfolio);
  const scenarios = [...new Set(evals.flatMap((e) => e.scenarios.map((s) => s.scenario)))];
  const tips = evals.map((e) =>
    tip([
      e.portfolio,
      `lost magnet: mean ${tonnes(e.overall.meanLostTonnes)} t, P95 ${tonnes(e.overall.p95LostTonnes)} t`,
      `cost ${usd.format(e.cost.total)} USD (capex ${usd.format(e.cost.capex)}, running ${usd.format(e.cost.running)})`,
    ]),
  );
  return {
    ...BASE,
    title: title(
      "Portfolios: lost magnet and cost",
      `Engine runs on ${scenarios.join(", ") || "no scenario"}; bars: lost magnet over all runs, points: cost`,
    ),
    legend: { top: 48, left: 8, textStyle: { fontSize: 11 } },
    grid: { left: 72, right: 80, top: 84, bottom: 56 },
    xAxis: {
      type: "category",
      data: names,
      axisLabel: { fontSize: 11, interval: 0, rotate: names.length > 5 ? 20 : 0 },
    },
    yAxis: [
      {
        type: "value",
        name: "lost magnet, t",
        nameLocation: "middle",
        nameGap: 52,
        min: 0,
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      {
        type: "value",
        name: "cost, million USD",
        nameLocation: "middle",
        nameGap: 60,
        min: 0,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: PORTFOLIO_SERIES.mean,
        type: "bar",
        data: evals.map((e, k) => ({ value: e.overall.meanLostTonnes, tooltip: tips[k]! })),
        color: COLORS.observed,
        barMaxWidth: 28,
      },
      {
        name: PORTFOLIO_SERIES.p95,
        type: "bar",
        data: evals.map((e, k) => ({ value: e.overall.p95LostTonnes, tooltip: tips[k]! })),
        color: COLORS.range,
        barMaxWidth: 28,
      },
      {
        name: PORTFOLIO_SERIES.cost,
        type: "scatter",
        yAxisIndex: 1,
        data: evals.map((e, k) => ({ value: e.cost.total / 1e6, tooltip: tips[k]! })),
        symbol: "diamond",
        symbolSize: 11,
        color: PALETTE[1]!,
      },
    ],
  };
}
