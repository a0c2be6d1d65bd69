/**
 * A calibration as a chart: the observed export index against the fitted one by month (1 = the mean
 * of the months before the control), the in-sample (fit) and out-of-sample (test) windows shaded,
 * and both errors stated in the subtitle, so the fit is never shown without how well it fits.
 * Missing observed months are gaps, never zeros.
 * @module
 * @example
 * const fit = calibrate({ network, scenario, observed, fit: [jan, aug], test: [sep, dec] });
 * renderSvg(calibrationChart(fit), { width: 860, height: 340 });
 */
import type { CalibrationResult } from "../sim/calibrate.js";
import { BASE, COLORS, PALETTE, tip, title, type ChartOption } from "./common.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const CALIBRATION_SERIES = { observed: "observed", fitted: "fitted" } as const;

/** What a window is called on the chart. */
const WINDOWS: Record<string, { label: string; color: string }> = {
  fit: { label: "in sample (fit)", color: "rgba(31, 78, 121, 0.08)" },
  test: { label: "out of sample (test)", color: "rgba(230, 159, 0, 0.14)" },
};

/** An error as the chart states it; after JSON an undefined RMSE (no months) is null. */
export function rmseText(e: { rmse: number | null; months: number }): string {
  return e.rmse === null || !Number.isFinite(e.rmse) || e.months === 0
    ? "– (no months)"
    : `${e.rmse.toFixed(3)} (${e.months} months)`;
}

export function calibrationChart(
  c: Pick<CalibrationResult, "series" | "inSample" | "outOfSample">,
): ChartOption {
  const months = c.series.map((s) => s.month);
  const index = (x: number | null) => (x === null ? "–" : x.toFixed(2));
  const tips = c.series.map((s) =>
    tip([
      `${s.month}${WINDOWS[s.window] ? ` (${WINDOWS[s.window]!.label})` : ""}`,
      `observed ${index(s.observedIndex)} · fitted ${index(s.fittedIndex)}`,
    ]),
  );
  return {
    ...BASE,
    title: title(
      "Observed against fitted exports (index, 1 = the months before the control)",
      `RMSE in sample ${rmseText(c.inSample)}, out of sample ${rmseText(c.outOfSample)}`,
    ),
    legend: {
      top: 48,
      left: 8,
      data: [CALIBRATION_SERIES.observed, CALIBRATION_SERIES.fitted],
      textStyle: { fontSize: 11 },
    },
    grid: { left: 56, right: 24, top: 84, bottom: 40 },
    xAxis: { type: "category", data: months, axisLabel: { fontSize: 11 } },
    yAxis: {
      type: "value",
      name: "index",
      nameLocation: "middle",
      nameGap: 36,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: CALIBRATION_SERIES.observed,
        type: "line",
        data: c.series.map((s, k) =>
          s.observedIndex === null ? null : { value: s.observedIndex, tooltip: tips[k]! },
        ),
        connectNulls: false,
        symbol: "circle",
        symbolSize: 6,
        color: COLORS.observed,
        lineStyle: { color: COLORS.observed, width: 2 },
        markArea: {
          silent: true,
          label: { fontSize: 10, color: COLORS.muted, position: "insideTop" },
          data: windows(c.series).map((w) => [
            { name: WINDOWS[w.window]!.label, xAxis: w.from, itemStyle: { color: WINDOWS[w.window]!.color } },
            { xAxis: w.to },
          ]),
        },
        z: 3,
      },
      {
        name: CALIBRATION_SERIES.fitted,
        type: "line",
        data: c.series.map((s, k) => ({ value: s.fittedIndex, tooltip: tips[k]! })),
        symbol: "emptyCircle",
        symbolSize: 6,
        color: PALETTE[1]!,
        lineStyle: { color: PALETTE[1]!, width: 2, type: "dashed" },
        z: 4,
      },
    ],
  };
}

/** Runs of consecutive months in the same named window: fit, then test. */
function windows(series: CalibrationResult["series"]): { window: string; from: string; to: string }[] {
  const out: { window: string; from: string; to: string }[] = [];
  series.forEach((s, k) => {
    if (!WINDOWS[s.window]) return;
    const last = out.at(-1);
    if (last && series[k - 1]?.window === s.window) last.to = s.month;
    else out.push({ window: s.window, from: s.month, to: s.month });
  });
  return out;
}
