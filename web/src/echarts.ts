/**
 * ECharts, imported piece by piece (core + the charts and components the option builders use) to
 * keep the bundle small. The renderer is canvas by default and SVG with `?renderer=svg` or
 * `<html data-renderer="svg">` — the browser tests force SVG, so what they read is what is drawn.
 * @module
 */
import { BarChart, LineChart, SankeyChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";

// What src/charts uses (see its common.ts): a chart type or component missing here is a console
// error in the browser tests.
echarts.use([
  BarChart,
  LineChart,
  SankeyChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };
export type { EChartsType } from "echarts/core";

export type Renderer = "canvas" | "svg";

/** `?renderer=svg` (the tests' switch) or `data-renderer` on <html>; canvas otherwise. */
export function chosenRenderer(): Renderer {
  const fromUrl = new URLSearchParams(location.search).get("renderer");
  const fromAttr = document.documentElement.dataset.renderer;
  return (fromUrl ?? fromAttr) === "svg" ? "svg" : "canvas";
}

declare global {
  interface Window {
    /** For the browser tests: the option a chart container's instance holds. */
    lodestoneChart?: (selector: string) => unknown;
  }
}

window.lodestoneChart = (selector) => {
  const el = document.querySelector<HTMLElement>(selector);
  return el ? (echarts.getInstanceByDom(el)?.getOption() ?? null) : null;
};
