/**
 * What the chart option builders share: the option type, source labels for tooltips, colours and
 * number formats. Options are plain JSON (no functions), so the dashboard can receive them over
 * HTTP and the reports can render them server-side; tooltips and labels are precomputed strings.
 * The builders use only the series types the dashboard registers (line, bar, scatter, sankey) and
 * the title, legend, grid, tooltip and markLine components.
 * @module
 */
import type { EChartsOption } from "echarts";

/** An ECharts option object: plain data, no functions, safe to serialise. */
export type ChartOption = EChartsOption;

/** How a tooltip names a store source (a row of `data sources`). */
export interface SourceLabel {
  readonly id: number;
  readonly citation: string;
  readonly url?: string | null;
  readonly date?: string | null;
}

export const COLORS = {
  observed: "#1f4e79",
  derived: "#1f4e79",
  interval: "#7f9cbc",
  event: "#b03a2e",
  remainder: "#c8ccd2",
  range: "#9fb8d3",
  risk: "#b03a2e",
  riskRange: "#e3a59d",
  text: "#333333",
  muted: "#6b7280",
  grid: "#e5e7eb",
} as const;

/** Categorical colours for countries, in a fixed order (colour-blind safe, Okabe–Ito based). */
export const PALETTE: readonly string[] = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#f0e442",
  "#7a5195",
  "#000000",
  "#999999",
];

export const BASE = {
  animation: false,
  textStyle: { fontFamily: "sans-serif", color: COLORS.text },
  tooltip: { trigger: "item", confine: true },
} as const;

export function title(text: string, subtext?: string): ChartOption["title"] {
  return {
    text,
    ...(subtext ? { subtext } : {}),
    left: 8,
    top: 4,
    textStyle: { fontSize: 14, fontWeight: "bold" },
    subtextStyle: { fontSize: 11, color: COLORS.muted },
  };
}

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "3,188 t" from kilograms; one decimal below 10 t. */
export function tonnesText(kg: number): string {
  const t = kg / 1000;
  return Math.abs(t) < 10 && t !== Math.round(t)
    ? `${t.toLocaleString("en-US", { maximumFractionDigits: 1 })} t`
    : `${int.format(t)} t`;
}

/** Tonnes from kilograms at the precision their size warrants: "18,720", "77.9", "16.2". */
export function tonnesShort(kg: number): string {
  const x = kg / 1000;
  if (Math.abs(x) >= 100) return int.format(x);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return Number(x.toPrecision(2)).toString();
}

/** "1,234" or "1,234–1,300" for a pair of numbers at a given precision. */
export function rangeText(lo: number, hi: number, fmt: (x: number) => string = (x) => int.format(x)): string {
  const a = fmt(lo);
  const b = fmt(hi);
  return a === b ? a : `${a}–${b}`;
}

/** "92%" or "88–91%" for shares as fractions of 1. */
export function shareText(lo: number, hi: number, digits = 0): string {
  return rangeText(lo, hi, (x) => `${(x * 100).toFixed(digits)}`) + "%";
}

/** "+157.5%" / "−38.1%" with a true minus sign. */
export function pctText(p: number): string {
  const s = Math.abs(p).toFixed(1);
  return p > 0 ? `+${s}%` : p < 0 ? `−${s}%` : `${s}%`;
}

/** Escapes text for tooltips, which ECharts shows as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A tooltip from lines of plain text. */
export function tip(lines: readonly string[]): { formatter: string } {
  return { formatter: lines.map(escapeHtml).join("<br/>") };
}

/** "source: Reuters via tradingeconomics.com (2025-07-21)" or "sources #16, #13" when not labelled. */
export function sourcesText(ids: readonly number[], labels: readonly SourceLabel[] = []): string {
  if (ids.length === 0) return "no source";
  const byId = new Map(labels.map((s) => [s.id, s]));
  const parts = ids.map((id) => {
    const s = byId.get(id);
    return s ? `${s.citation}${s.date ? ` (${s.date})` : ""}` : `#${id}`;
  });
  return `${ids.length === 1 ? "source" : "sources"}: ${parts.join("; ")}`;
}

/** Kilograms as tonnes for a chart value (exact division, no rounding: the tests compare with the core). */
export function t(kg: number): number {
  return kg / 1000;
}
