/**
 * One ECharts chart: created on mount with the chosen renderer, given a new option whenever it
 * changes (not merged with the last one), resized with its box, disposed on unmount.
 * `data-ready` turns true once the current option has finished drawing (the tests wait for it).
 * @module
 */
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useRef } from "preact/hooks";
import { chosenRenderer, echarts, type EChartsType } from "../echarts.js";

export interface ChartProps {
  /** Names the chart for tests and downloads (`data-chart`). */
  readonly name: string;
  readonly option: EChartsCoreOption | null;
  /** What the chart shows, for screen readers (the tables beside it carry the numbers). */
  readonly label: string;
  readonly height?: string;
  /**
   * Narrower screens scroll the chart sideways rather than squeeze it: the options are laid out
   * for report widths, and a squeezed legend or axis would overlap the plot.
   */
  readonly minWidth?: string;
  /** Scrolled to its right end when it overflows: a time series' latest months come first into view. */
  readonly latestFirst?: boolean;
}

export function Chart({
  name,
  option,
  label,
  height = "360px",
  minWidth = "600px",
  latestFirst,
}: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: chosenRenderer() });
    if (latestFirst && scroller.current) scroller.current.scrollLeft = scroller.current.scrollWidth;
    chart.current = c;
    c.on("finished", () => {
      el.dataset.ready = "true";
    });
    // Resize on the next frame: resizing inside the observer's callback can loop.
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => c.resize());
    });
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    const el = box.current;
    if (!c || !el) return;
    el.dataset.ready = "false";
    if (option) c.setOption(option, { notMerge: true });
    else c.clear();
  }, [option]);

  return (
    <div ref={scroller} class="chart-box" role="region" aria-label={`Chart: ${label}`} tabIndex={0}>
      <div
        ref={box}
        class="chart"
        data-chart={name}
        data-renderer={chosenRenderer()}
        role="img"
        aria-label={label}
        style={{ height, minWidth }}
      />
    </div>
  );
}

/** The instance drawn in a chart container, for downloads. */
export function chartOf(name: string): EChartsType | undefined {
  const el = document.querySelector<HTMLElement>(`[data-chart="${name}"]`);
  return el ? echarts.getInstanceByDom(el) : undefined;
}
