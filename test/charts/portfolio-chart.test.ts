import { test } from "node:test";
import assert from "node:assert/strict";
import { PORTFOLIO_SERIES, portfolioChart } from "../../src/charts/portfolio-chart.js";
import { renderSvg } from "../../src/charts/render-svg.js";
import type { PortfolioEvaluation } from "../../src/plan/evaluate.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

const evaluation = (portfolio: string, mean: number, p95: number, capex: number): PortfolioEvaluation => ({
  portfolio,
  cost: { capex, running: 500_000, total: capex + 500_000 },
  scenarios: [{ scenario: "full-embargo-us", meanLostTonnes: mean, p95LostTonnes: p95, products: [] }],
  overall: { meanLostTonnes: mean, p95LostTonnes: p95 },
  tts: null,
});
const evals = [evaluation("none", 4000, 5500, -500_000), evaluation("stockpile", 3287.5, 4601.7, 62_800_000)];

test("portfolios: mean and P95 lost magnet as bars, cost in million USD on the right axis", () => {
  const o = read(portfolioChart(evals));
  assert.deepEqual(o.xAxis?.data, ["none", "stockpile"]);
  assert.deepEqual(seriesNamed(o, PORTFOLIO_SERIES.mean).data?.map(valueOf), [4000, 3287.5]);
  assert.deepEqual(seriesNamed(o, PORTFOLIO_SERIES.p95).data?.map(valueOf), [5500, 4601.7]);
  const cost = seriesNamed(o, PORTFOLIO_SERIES.cost);
  assert.deepEqual(cost.data?.map(valueOf), [0, 63.3]);
  assert.equal(cost.yAxisIndex, 1);
  assert.equal(
    o.title?.subtext,
    "Engine runs on full-embargo-us; bars: lost magnet over all runs, points: cost",
  );
  const tooltip = (cost.data?.[1] as { tooltip: { formatter: string } }).tooltip.formatter;
  assert.equal(
    tooltip,
    "stockpile<br/>lost magnet: mean 3,288 t, P95 4,602 t<br/>cost 63,300,000 USD (capex 62,800,000, running 500,000)",
  );
  assertPlainJson(o);
});

test("the portfolio chart renders to SVG, and an empty list draws an empty chart", () => {
  const svg = renderSvg(portfolioChart(evals), { width: 760, height: 360 });
  assert.match(svg, />Portfolios: lost magnet and cost</);
  assert.match(svg, />stockpile</);
  assert.match(svg, />cost, million USD</);
  const empty = read(portfolioChart([]));
  assert.deepEqual(empty.xAxis?.data, []);
  assert.match(empty.title?.subtext ?? "", /no scenario/);
  renderSvg(portfolioChart([]), { width: 400, height: 200 });
});
