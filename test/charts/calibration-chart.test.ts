import { test } from "node:test";
import assert from "node:assert/strict";
import { CALIBRATION_SERIES, calibrationChart, rmseText } from "../../src/charts/calibration-chart.js";
import { renderSvg } from "../../src/charts/render-svg.js";
import type { CalibrationResult } from "../../src/sim/calibrate.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

type Fit = Pick<CalibrationResult, "series" | "inSample" | "outOfSample">;
const fit: Fit = {
  inSample: { months: 3, rmse: 0.12345, mape: 9 },
  outOfSample: { months: 2, rmse: 0.5, mape: 30 },
  series: [
    { month: "2025-01", observedIndex: 1.1, fittedIndex: 1, window: "fit" },
    { month: "2025-02", observedIndex: null, fittedIndex: 1, window: "fit" },
    { month: "2025-03", observedIndex: 0.4, fittedIndex: 0.5, window: "fit" },
    { month: "2025-04", observedIndex: 0.9, fittedIndex: 0.95, window: "" },
    { month: "2025-05", observedIndex: 1.2, fittedIndex: 1, window: "test" },
    { month: "2025-06", observedIndex: 1.3, fittedIndex: 1, window: "test" },
  ],
};

interface Area {
  data: [{ name: string; xAxis: string }, { xAxis: string }][];
}

test("observed against fitted by month, missing observed months as gaps", () => {
  const o = read(calibrationChart(fit));
  assert.deepEqual(o.xAxis?.data, ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]);
  assert.deepEqual(
    o.series?.map((s) => s.name),
    [CALIBRATION_SERIES.observed, CALIBRATION_SERIES.fitted],
  );
  const observed = seriesNamed(o, "observed");
  assert.deepEqual(observed.data?.map(valueOf), [1.1, null, 0.4, 0.9, 1.2, 1.3]);
  assert.equal(observed.connectNulls, false);
  assert.deepEqual(seriesNamed(o, "fitted").data?.map(valueOf), [1, 1, 0.5, 0.95, 1, 1]);
  const tooltip = (observed.data?.[2] as { tooltip: { formatter: string } }).tooltip.formatter;
  assert.equal(tooltip, "2025-03 (in sample (fit))<br/>observed 0.40 · fitted 0.50");
  assertPlainJson(o);
});

test("the fit and test windows are shaded, and the subtitle states both errors", () => {
  const o = read(calibrationChart(fit));
  const area = seriesNamed(o, "observed").markArea as Area;
  assert.deepEqual(
    area.data.map(([a, b]) => [a.name, a.xAxis, b.xAxis]),
    [
      ["in sample (fit)", "2025-01", "2025-03"],
      ["out of sample (test)", "2025-05", "2025-06"],
    ],
  );
  assert.equal(o.title?.subtext, "RMSE in sample 0.123 (3 months), out of sample 0.500 (2 months)");
});

test("an error without months (NaN, or null after JSON) is stated as missing", () => {
  assert.equal(rmseText({ rmse: NaN, months: 0 }), "– (no months)");
  assert.equal(rmseText({ rmse: null, months: 0 }), "– (no months)");
  const json = JSON.parse(
    JSON.stringify({ ...fit, outOfSample: { months: 0, rmse: NaN, mape: NaN } }),
  ) as Fit;
  assert.equal(json.outOfSample.rmse, null);
  const o = read(calibrationChart(json));
  assert.equal(o.title?.subtext, "RMSE in sample 0.123 (3 months), out of sample – (no months)");
  assertPlainJson(o);
});

test("the calibration chart renders to SVG with its shaded windows labelled", () => {
  const svg = renderSvg(calibrationChart(fit), { width: 760, height: 340 });
  assert.match(svg, />RMSE in sample 0.123 \(3 months\), out of sample 0.500 \(2 months\)</);
  assert.match(svg, />in sample \(fit\)</);
  assert.match(svg, />out of sample \(test\)</);
});
