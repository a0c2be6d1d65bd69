/**
 * Plain-text formatting shared by the briefing, the CLI tables and the reports: numbers, aligned
 * tables and sparklines. No colour here; shells add it.
 * @module
 */
import { kg, formatTonnes, formatPct } from "../units/quantity.js";
import type { Figure } from "./figure.js";

export { formatPct };

/** "3,188 t" for a kilogram figure. */
export function tonnes(f: Figure | null | undefined): string {
  return f ? formatTonnes(kg(f.value)) : "–";
}

/** "+157.5%" for a percentage figure; "–" when unknown. Reported figures get a trailing "r". */
export function pctCell(f: Figure | null | undefined, digits = 1): string {
  if (!f) return "–";
  return `${formatPct(f.value, digits)}${f.basis === "reported" ? " r" : f.basis === "derived" ? " d" : ""}`;
}

export interface Column {
  readonly header: string;
  readonly align?: "left" | "right";
}

/** An aligned plain-text table. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => [...(r[i] ?? "")].length)),
  );
  const pad = (text: string, i: number) => {
    const w = widths[i] ?? 0;
    const n = w - [...text].length;
    return columns[i]?.align === "left" ? text + " ".repeat(n) : " ".repeat(n) + text;
  };
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, i))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join(
    "\n",
  );
}

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of values; null (unknown) months show as a space, never as a zero. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return "";
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return " ";
      const i = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[i];
    })
    .join("");
}

/** Word-wraps text to a width (80 columns for a terminal); words longer than the width stay whole. */
export function wrap(text: string, width = 80): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/**
 * A bar for a share in [0, 1]: solid up to the interval's lower bound, shaded up to its upper
 * bound, so a range reads as a range ("████▒▒··" for 50–75% in 8 cells).
 */
export function shareBar(lo: number, hi: number, width = 20): string {
  const a = Math.round(Math.max(0, Math.min(1, lo)) * width);
  const b = Math.max(a, Math.round(Math.max(0, Math.min(1, hi)) * width));
  return "█".repeat(a) + "▒".repeat(b - a) + "·".repeat(width - b);
}

/** "92%" or "88–91%" for a share interval (fractions of 1). */
export function pctRange(lo: number, hi: number, digits = 0): string {
  const f = (x: number) => `${(x * 100).toFixed(digits)}`;
  return f(lo) === f(hi) ? `${f(lo)}%` : `${f(lo)}–${f(hi)}%`;
}
