/**
 * Downloads made in the browser from what the page already holds: a CSV of the rows a table or
 * chart shows, and a PNG of a chart drawn again off-screen on a canvas (whatever renderer the page
 * uses), at twice the pixel density.
 * @module
 */
import type { EChartsCoreOption } from "echarts/core";
import { echarts } from "./echarts.js";

type Cell = string | number | boolean | null | undefined;

/** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const field = (v: Cell) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveCsv(
  filename: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  saveBlob(new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" }), filename);
}

/** Draws the option on an off-screen canvas of the given size and saves it as a PNG. */
export function savePng(filename: string, option: EChartsCoreOption, width: number, height: number): void {
  const host = document.createElement("div");
  host.style.cssText = `position:fixed;left:-10000px;top:0;width:${width}px;height:${height}px`;
  document.body.append(host);
  const c = echarts.init(host, null, { renderer: "canvas", width, height });
  try {
    c.setOption({ ...option, animation: false });
    const url = c.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.style.display = "none";
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    c.dispose();
    host.remove();
  }
}
