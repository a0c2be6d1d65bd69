/**
 * Concentration by supply-chain stage as bars with their ranges: each stage's HHI (0–10,000) drawn
 * solid up to its lower bound, and its range as a shaded, dash-bordered segment up to the upper
 * bound labelled with both ends; a stage with no data has no bar and says "no data" on its axis.
 * @module
 * @example
 * stagesChart(stageConcentration(loadStageShares({ year: 2023 })));
 */
import type { ChainConcentration, StageMetrics } from "../risk/stages.js";
import { countryName } from "../ref/countries.js";
import { BASE, COLORS, rangeText, shareText, tip, title, type ChartOption } from "./common.js";

const STAGE_NAMES: Record<string, string> = {
  mining: "mining",
  separation: "separation/refining",
  metal: "metal and alloy",
  magnet: "magnet making",
};

/** "separation/refining" for "separation". */
export function stageName(stage: string): string {
  return STAGE_NAMES[stage] ?? stage;
}

/** "separation/refining 2025", or "metal and alloy: no data". */
export function stageLabel(m: Pick<StageMetrics, "stage" | "year" | "noData">): string {
  const name = stageName(m.stage);
  return m.noData ? `${name}: no data` : `${name} ${m.year ?? ""}`.trim();
}

export function stagesChart(chain: ChainConcentration): ChartOption {
  const stages = chain.stages;
  const lo = stages.map((m) => (m.hhiPoints ? m.hhiPoints.lo : null));
  const tooltipOf = (m: StageMetrics) =>
    tip(
      m.noData || !m.hhiPoints
        ? [`${stageLabel(m)}`, ...m.shares.notes]
        : [
            `${stageLabel(m)}: HHI ${rangeText(m.hhiPoints.lo, m.hhiPoints.hi)} (0–10,000)`,
            `top-1 ${m.top1 ? shareText(m.top1.lo, m.top1.hi) : "–"}${m.leader ? ` (${countryName(m.leader)})` : ""} · top-3 ${m.top3 ? shareText(m.top3.lo, m.top3.hi) : "–"} · N-1 ${m.nMinus1 ? shareText(m.nMinus1.lo, m.nMinus1.hi) : "–"}`,
            m.basis,
            ...m.shares.sources.map((s) => `source: ${s}`),
          ],
    );
  const b = chain.bottleneck;
  const subtext = b
    ? `Bottleneck: ${stageName(b.stage)} (HHI ${rangeText(b.hhi.lo * 10_000, b.hhi.hi * 10_000)})` +
      (b.ambiguousWith.length ? `; its range overlaps ${b.ambiguousWith.map(stageName).join(", ")}` : "") +
      ". Solid: lower bound; shaded: the range the sources allow."
    : "No stage has data.";
  return {
    ...BASE,
    title: title("Concentration by stage: HHI (0–10,000)", subtext),
    grid: { left: 64, right: 24, top: 72, bottom: 48 },
    legend: { show: false },
    xAxis: {
      type: "category",
      data: stages.map(stageLabel),
      axisLabel: { fontSize: 11, interval: 0 },
    },
    yAxis: {
      type: "value",
      min: 0,
      max: 10_000,
      interval: 2_500,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: "HHI, lower bound",
        type: "bar",
        stack: "hhi",
        barWidth: "45%",
        data: stages.map((m, i) => (lo[i] === null ? null : { value: lo[i], tooltip: tooltipOf(m) })),
        itemStyle: { color: COLORS.observed },
      },
      {
        name: "HHI, range",
        type: "bar",
        stack: "hhi",
        barWidth: "45%",
        data: stages.map((m) =>
          m.hhiPoints
            ? {
                value: m.hhiPoints.hi - m.hhiPoints.lo,
                tooltip: tooltipOf(m),
                label: {
                  show: true,
                  position: "top",
                  formatter: rangeText(m.hhiPoints.lo, m.hhiPoints.hi),
                },
              }
            : null,
        ),
        itemStyle: {
          color: COLORS.range,
          borderColor: COLORS.observed,
          borderType: "dashed",
          borderWidth: 1,
        },
        label: { fontSize: 11, color: COLORS.text },
      },
    ],
  } as ChartOption;
}
