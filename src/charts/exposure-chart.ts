/**
 * End-use exposure as paired horizontal bars: each ranked end use's yearly demand and the part of
 * it that depends on China, in tonnes of rare-earth metal (the ranking's common basis), each drawn
 * solid to its lower bound and shaded across its range. End uses with no data, overlapping ones and
 * ones with no common basis are not drawn; the subtitle says how many.
 * @module
 * @example
 * exposureChart(exposure({ intensities, volumes, region: "USA", dependence }));
 */
import type { EndUseExposure, Exposure } from "../risk/exposure.js";
import { countryName } from "../ref/countries.js";
import { BASE, COLORS, rangeText, shareText, tip, title, tonnesShort, type ChartOption } from "./common.js";

function tRange(lo: number, hi: number, openAbove: boolean): string {
  return `${rangeText(lo, hi, tonnesShort)}${openAbove ? "+" : ""} t`;
}

/** "wind turbines, all types (2024)" */
function label(u: EndUseExposure): string {
  return `${u.name} (${u.year ?? "–"})`;
}

export function exposureChart(e: Exposure): ChartOption {
  const drawn = e.endUses
    .filter((u) => u.rank !== null && u.demandReMetal !== null)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const notDrawn = e.endUses.length - drawn.length;
  const tipOf = (u: EndUseExposure) => {
    const d = u.demandReMetal;
    const r = u.atRiskReMetal;
    return tip([
      `#${u.rank} ${label(u)}`,
      d ? `demand ${tRange(d.lo, d.hi, u.openAbove)} RE metal a year` : "demand: no common basis",
      u.chinaShare
        ? `China-dependent share ${shareText(u.chinaShare.lo, u.chinaShare.hi)}`
        : "China share: no data",
      r ? `at risk ${tRange(r.lo, r.hi, u.openAbove)} RE metal a year` : "at risk: not computed",
      ...u.notes.slice(0, 2),
      ...u.sources.map((s) => `source: ${s}`),
    ]);
  };
  const stackPair = (pick: (u: EndUseExposure) => { lo: number; hi: number } | null) => ({
    lo: drawn.map((u) => {
      const v = pick(u);
      return v ? { value: v.lo / 1000, tooltip: tipOf(u) } : null;
    }),
    range: drawn.map((u) => {
      const v = pick(u);
      return v
        ? {
            value: (v.hi - v.lo) / 1000,
            tooltip: tipOf(u),
            label: { show: true, position: "right", formatter: tRange(v.lo, v.hi, u.openAbove) },
          }
        : null;
    }),
  });
  const demand = stackPair((u) => u.demandReMetal);
  const risk = stackPair((u) => u.atRiskReMetal);
  const d = e.dependence;
  const subtext =
    `${countryName(e.region)}, t of rare-earth metal a year; solid: lower bound, shaded: the range. ` +
    (d ? `China-dependent share ${shareText(d.share.lo, d.share.hi)}.` : "No China share: nothing at risk.") +
    (notDrawn ? `\n${notDrawn} end uses not drawn (no data, overlapping another, or no common basis).` : "");
  const bar = (name: string, stack: string, data: unknown[], color: string, range: boolean) => ({
    name,
    type: "bar",
    stack,
    data,
    barMaxWidth: 14,
    itemStyle: range ? { color, borderColor: COLORS.muted, borderType: "dashed", borderWidth: 1 } : { color },
    label: { fontSize: 10, color: COLORS.text },
  });
  return {
    ...BASE,
    title: title("End-use exposure: demand and tonnes at risk", subtext),
    legend: {
      top: 60,
      left: 8,
      data: ["demand", "at risk (China-dependent)"],
      textStyle: { fontSize: 11 },
    },
    grid: { left: 8, right: 110, top: 92, bottom: 24, containLabel: true },
    yAxis: {
      type: "category",
      inverse: true,
      data: drawn.map(label),
      axisLabel: { fontSize: 11 },
    },
    xAxis: { type: "value", min: 0, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      bar("demand", "demand", demand.lo, COLORS.observed, false),
      bar("demand, range", "demand", demand.range, COLORS.range, true),
      bar("at risk (China-dependent)", "risk", risk.lo, COLORS.risk, false),
      bar("at risk, range", "risk", risk.range, COLORS.riskRange, true),
    ],
  } as ChartOption;
}
