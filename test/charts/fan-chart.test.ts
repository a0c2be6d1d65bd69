import { test } from "node:test";
import assert from "node:assert/strict";
import { FAN_SERIES, fanChart } from "../../src/charts/fan-chart.js";
import { renderSvg } from "../../src/charts/render-svg.js";
import type { ProductSummary } from "../../src/sim/summary.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

const months = ["2025-01", "2025-02", "2025-03"];
const product: ProductSummary = {
  product: "ev-usa",
  p5: [0, 2, 1],
  p50: [0, 5, 3],
  p95: [0, 12, 4.5],
  mean: [0, 6, 2.5],
  probability: [0, 0.9, 0.6],
  probabilityAny: 0.9,
  firstShortfallP50: 1,
  lostUnits: { p5: 3, p50: 8, p95: 16.5, mean: 8.5 },
  lostMagnetTonnes: { p5: 0.006, p50: 0.016, p95: 0.033, mean: 0.017 },
};

test("the fan has a hidden P5 line with the P5–P95 width stacked on it, the P50 and a dashed mean", () => {
  const o = read(fanChart(product, months));
  assert.deepEqual(
    o.series?.map((s) => s.name),
    [FAN_SERIES.p5, FAN_SERIES.band, FAN_SERIES.p50, FAN_SERIES.mean],
  );
  assert.deepEqual(FAN_SERIES, { p5: "P5", band: "P5–P95", p50: "P50", mean: "mean" });
  assert.deepEqual(o.xAxis?.data, months);
  const p5 = seriesNamed(o, "P5");
  const band = seriesNamed(o, "P5–P95");
  assert.deepEqual(p5.data, [0, 2, 1]);
  assert.deepEqual(band.data, [0, 10, 3.5], "P95 − P5, month by month");
  assert.equal(p5.stack, "band");
  assert.equal(band.stack, "band");
  assert.deepEqual(p5.lineStyle, { opacity: 0 });
  assert.ok(band.areaStyle, "the band is filled");
  assert.deepEqual(seriesNamed(o, "P50").data?.map(valueOf), [0, 5, 3]);
  assert.deepEqual(seriesNamed(o, "mean").data?.map(valueOf), [0, 6, 2.5]);
  assert.equal((seriesNamed(o, "mean").lineStyle as { type: string }).type, "dashed");
  for (const s of o.series ?? []) assert.equal(s.data?.length, months.length, `${s.name}: one point a month`);
  assert.equal((o.yAxis as { name: string }).name, "units short per month");
  assertPlainJson(o);
});

test("the title names the product and the subtitle its chance of a shortfall and lost magnet", () => {
  const o = read(fanChart(product, months));
  assert.equal(o.title?.text, "ev-usa: shortfall, units per month");
  assert.equal(o.title?.subtext, "Short at some month in 90% of runs; lost magnet P50 0.016 t, P95 0.033 t");
  assert.equal(read(fanChart(product, months, { title: "EVs" })).title?.text, "EVs");
  const tooltip = (seriesNamed(o, "P50").data?.[1] as { tooltip: { formatter: string } }).tooltip;
  assert.equal(
    tooltip.formatter,
    "ev-usa, 2025-02: shortfall, units<br/>P50 5.0 · mean 6.0<br/>P5–P95 2.0 to 12.0<br/>short in 90% of runs",
  );
});

test("a product never short says so, and its fan is flat at zero", () => {
  const zeros = [0, 0, 0];
  const o = read(
    fanChart(
      {
        ...product,
        p5: zeros,
        p50: zeros,
        p95: zeros,
        mean: zeros,
        probabilityAny: 0,
        firstShortfallP50: null,
      },
      months,
    ),
  );
  assert.equal(o.title?.subtext, "No shortfall in any run");
  assert.deepEqual(seriesNamed(o, "P5–P95").data, zeros);
});

test("a path with more or fewer values than months is refused, not drawn shifted", () => {
  assert.throws(() => fanChart(product, months.slice(0, 2)), /P5 has 3 values for 2 months/);
});

test("a value JSON cannot carry becomes a gap", () => {
  const o = read(fanChart({ ...product, mean: [0, NaN, 2.5] }, months));
  assert.deepEqual(seriesNamed(o, "mean").data?.map(valueOf), [0, null, 2.5]);
  assertPlainJson(o);
});

test("the fan renders to SVG with its title, months and axis name", () => {
  const svg = renderSvg(fanChart(product, months), { width: 700, height: 320 });
  assert.ok(svg.startsWith('<svg width="700" height="320"'));
  assert.match(svg, />ev-usa: shortfall, units per month</);
  assert.match(svg, />2025-03</);
  assert.match(svg, />units short per month</);
  assert.match(svg, />P5–P95</, "the legend");
});
