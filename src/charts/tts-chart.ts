/**
 * The TTS ranking as horizontal bars: for the most exposed nodes, the demand lost if the node stays
 * down for the time to recover (impact.total, in the report's weight), largest at the top; nodes
 * whose time to survive is shorter than the time to recover in the alarm colour. The tooltip gives
 * each node's TTS, or "does not bind" when the rest of the network never runs short (Infinity in the
 * core, null once the report has been through JSON).
 * @module
 * @example
 * renderSvg(ttsChart(await ttsAnalysis(network, { ttr: 3 })), { width: 860, height: 420 });
 */
import type { TtsNodeResult, TtsReport } from "../sim/tts.js";
import { BASE, COLORS, tip, title, type ChartOption } from "./common.js";

/** Names of the series in the option, for the dashboard's legend and the tests. */
export const TTS_SERIES = { flagged: "TTS < TTR", safe: "TTS ≥ TTR" } as const;

/** A TTS report as computed, or as it comes back through JSON, where an infinite TTS is null. */
export type TtsReportLike = Pick<TtsReport, "ttr" | "weight"> & {
  readonly nodes: readonly (Omit<TtsNodeResult, "tts"> & { readonly tts: number | null })[];
};

const WEIGHT_UNIT = { magnet: "kg of magnet", cost: "USD", units: "units" } as const;

/** "2.5 months", or "∞ (does not bind)" for Infinity and for JSON's null. */
export function ttsText(tts: number | null): string {
  return tts === null || tts === Infinity ? "∞ (does not bind)" : `${tts.toFixed(1)} months`;
}

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function ttsChart(r: TtsReportLike, top = 15): ChartOption {
  const shown = r.nodes.slice(0, Math.max(0, top));
  const unit = WEIGHT_UNIT[r.weight] ?? r.weight;
  const flagged = r.nodes.filter((n) => n.flagged).length;
  const item = (n: (typeof shown)[number]) => ({
    value: n.impact.total,
    tooltip: tip([
      `${n.node} (${n.stage}, ${n.country})`,
      `time to survive: ${ttsText(n.tts)}`,
      `lost over ${r.ttr} months down: ${int.format(n.impact.total)} ${unit}`,
      n.flagged ? "TTS < TTR: demand is lost before the node recovers" : "TTS ≥ TTR",
    ]),
  });
  const bars = (name: string, color: string, which: boolean) => ({
    name,
    type: "bar" as const,
    stack: "impact",
    barMaxWidth: 16,
    color,
    data: shown.map((n) => (n.flagged === which ? item(n) : null)),
  });
  return {
    ...BASE,
    title: title(
      `Time to survive: the ${shown.length} most exposed nodes`,
      `Demand lost with each node down for ${r.ttr} months (TTR), ${unit}; ${flagged} of ${r.nodes.length} nodes have TTS < TTR`,
    ),
    legend: { top: 48, left: 8, data: [TTS_SERIES.flagged, TTS_SERIES.safe], textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 32, top: 84, bottom: 40, containLabel: true },
    xAxis: {
      type: "value",
      name: `lost over TTR, ${unit}`,
      nameLocation: "middle",
      nameGap: 26,
      min: 0,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: {
      type: "category",
      data: shown.map((n) => n.node),
      inverse: true,
      axisLabel: { fontSize: 11 },
    },
    series: [bars(TTS_SERIES.flagged, COLORS.risk, true), bars(TTS_SERIES.safe, COLORS.observed, false)],
  };
}
