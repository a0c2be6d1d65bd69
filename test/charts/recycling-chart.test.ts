import { test } from "node:test";
import assert from "node:assert/strict";
import { RECYCLING_SERIES, recyclingChart } from "../../src/charts/recycling-chart.js";
import { renderSvg } from "../../src/charts/render-svg.js";
import type { RecyclingFlows } from "../../src/plan/recycling.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

const flows: RecyclingFlows = {
  lever: "noveon",
  name: "Noveon recycled magnets",
  lifetime: "fixed 2 years",
  collection: 0.5,
  recovery: 0.9,
  years: [
    { year: 2020, inflowKg: 1000, stockKg: 1000, endOfLifeKg: 0, recoverableKg: 0 },
    { year: 2021, inflowKg: 2000, stockKg: 3000, endOfLifeKg: 0, recoverableKg: 0 },
    { year: 2022, inflowKg: 2000, stockKg: 4000, endOfLifeKg: 1000, recoverableKg: 450 },
  ],
};

test("recycling flows in tonnes by year; the stock in use on its own axis", () => {
  const o = read(recyclingChart(flows));
  assert.deepEqual(o.xAxis?.data, ["2020", "2021", "2022"]);
  assert.deepEqual(seriesNamed(o, RECYCLING_SERIES.inflow).data?.map(valueOf), [1, 2, 2]);
  assert.deepEqual(seriesNamed(o, RECYCLING_SERIES.stock).data?.map(valueOf), [1, 3, 4]);
  assert.deepEqual(seriesNamed(o, RECYCLING_SERIES.endOfLife).data?.map(valueOf), [0, 0, 1]);
  assert.deepEqual(seriesNamed(o, RECYCLING_SERIES.recoverable).data?.map(valueOf), [0, 0, 0.45]);
  assert.equal(seriesNamed(o, RECYCLING_SERIES.stock).yAxisIndex, 1);
  assert.equal(seriesNamed(o, RECYCLING_SERIES.recoverable).type, "bar");
  assert.equal(o.title?.text, "noveon: magnets entering use, in use and at end of life");
  assert.equal(o.title?.subtext, "Lifetime fixed 2 years; collection 50%, recovery 90% of end of life");
  const tooltip = (seriesNamed(o, "end of life").data?.[2] as { tooltip: { formatter: string } }).tooltip;
  assert.equal(
    tooltip.formatter,
    "Noveon recycled magnets, 2022<br/>entering use 2 t · in use 4 t<br/>end of life 1 t · recoverable 0.5 t",
  );
  assertPlainJson(o);
});

test("the recycling chart renders to SVG", () => {
  const svg = renderSvg(recyclingChart(flows), { width: 760, height: 340 });
  assert.match(svg, />noveon: magnets entering use, in use and at end of life</);
  assert.match(svg, />in use, t</);
  assert.match(svg, />2022</);
});
