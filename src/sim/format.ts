/**
 * Plain-text views of a simulation summary: a table per product and a small chart of the P5–P95
 * bands in the terminal (one column per month, or per group of months on long horizons).
 * @module
 */
import { renderTable } from "../monitor/format.js";
import { addMonths, formatMonth, type MonthIndex } from "../units/month.js";
import type { Summary } from "./summary.js";

const BARS = "▁▂▃▄▅▆▇█";

function fmt(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  return a >= 100
    ? Math.round(x).toLocaleString("en-US")
    : a >= 1
      ? x.toFixed(1)
      : a < 1e-6
        ? "0"
        : x.toPrecision(2);
}

/**
 * Rows of a band chart on one scale from zero to the highest P95: a month with no shortfall is a dot,
 * so "none" never looks like "a little". At most `width` columns (each the max over its months).
 */
export function bandChart(bands: { label: string; values: readonly number[] }[], width = 60): string[] {
  const M = bands[0]?.values.length ?? 0;
  const group = Math.max(1, Math.ceil(M / width));
  const cols = (vs: readonly number[]) => {
    const out: number[] = [];
    for (let t = 0; t < M; t += group) out.push(Math.max(...vs.slice(t, t + group)));
    return out;
  };
  const hi = Math.max(0, ...bands.flatMap((b) => b.values));
  return bands.map(
    (b) =>
      `${b.label.padEnd(4)} ${cols(b.values)
        .map((v) => (v <= 1e-6 || hi === 0 ? "·" : BARS[Math.min(7, Math.floor((v / hi) * 7.999))]))
        .join("")}`,
  );
}

/** The readable summary of `sim run`. */
export function formatSummary(s: Summary, start: MonthIndex, title: string): string {
  const when = (t: number | null) => (t === null ? "none" : formatMonth(addMonths(start, Math.round(t))));
  const table = renderTable(
    [
      { header: "product", align: "left" },
      { header: "P(short)" },
      { header: "first short (P50)" },
      { header: "lost units P50" },
      { header: "P95" },
      { header: "magnet t P50" },
      { header: "P95" },
    ],
    s.products.map((p) => [
      p.product,
      `${Math.round(p.probabilityAny * 100)}%`,
      when(p.firstShortfallP50),
      fmt(p.lostUnits.p50),
      fmt(p.lostUnits.p95),
      fmt(p.lostMagnetTonnes.p50),
      fmt(p.lostMagnetTonnes.p95),
    ]),
  );
  const group = Math.max(1, Math.ceil(s.months / 60));
  const charts = s.products
    .filter((p) => p.probabilityAny > 0)
    .flatMap((p) => [
      `${p.product}: shortfall, units/month (peak P95 ${fmt(Math.max(...p.p95))})`,
      ...bandChart([
        { label: "P95", values: p.p95 },
        { label: "P50", values: p.p50 },
        { label: "P5", values: p.p5 },
      ]).map((r) => `  ${r}`),
      `       ${formatMonth(start)}${" ".repeat(Math.max(1, Math.ceil(s.months / group) - 14))}${formatMonth(addMonths(start, s.months - 1))}`,
    ]);
  return [
    `${title}: ${s.runs.toLocaleString("en-US")} runs × ${s.months} months from ${formatMonth(start)}`,
    "",
    table,
    ...(charts.length ? ["", ...charts] : ["", "No product runs short in any run."]),
  ].join("\n");
}
