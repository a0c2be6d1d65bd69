/**
 * Server-side rendering of a chart option to an SVG string with ECharts' SSR mode, for reports:
 * the same option the dashboard draws, so a chart looks the same in both. Deterministic: animation
 * off, and the class names and ids zrender numbers per process are renumbered per chart.
 * @module
 * @example
 * const svg = renderSvg(seriesChart(series), { width: 800, height: 360 }); // "<svg width=\"800\" …"
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as Echarts from "echarts";
import type { ChartOption } from "./common.js";

export interface SvgSize {
  readonly width: number;
  readonly height: number;
  /** Prefix for the SVG's class names and ids (default: a hash of the option and size). */
  readonly id?: string;
}

let echarts: typeof Echarts | undefined;

/**
 * ECharts is loaded on first use, synchronously through its CommonJS build: the ESM build takes
 * about 0.3 s to import, which every CLI command would pay through src/index.ts.
 */
function lib(): typeof Echarts {
  echarts ??= createRequire(import.meta.url)("echarts") as typeof Echarts;
  return echarts;
}

export function renderSvg(option: ChartOption, size: SvgSize): string {
  const chart = lib().init(null, null, {
    renderer: "svg",
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ ...option, animation: false });
    const svg = chart.renderToSVGString();
    const id =
      size.id ??
      `c${createHash("sha256")
        .update(`${size.width}x${size.height}:${JSON.stringify(option)}`)
        .digest("hex")
        .slice(0, 10)}`;
    return stableIds(svg, id);
  } finally {
    chart.dispose();
  }
}

/**
 * zrender names classes and clip paths `zr<instance>-cls-<n>` with counters that run on across
 * charts in one process: renumber them in order of appearance under the chart's own prefix, so the
 * same option gives the same SVG, and several charts inline in one page do not share names.
 */
function stableIds(svg: string, id: string): string {
  const seen = new Map<string, string>();
  const next = new Map<string, number>();
  return svg.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (token, kind: string) => {
    let name = seen.get(token);
    if (name === undefined) {
      const n = next.get(kind) ?? 0;
      next.set(kind, n + 1);
      name = `${id}-${kind}${n}`;
      seen.set(token, name);
    }
    return name;
  });
}
