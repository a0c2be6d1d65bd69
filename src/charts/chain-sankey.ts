/**
 * The supply chain as a Sankey by country: for each stage with data, flows from the countries that
 * supply it to the stage, sized by their share of the stage's output. A share known only as a range
 * flows at its lower bound; the rest of the stage — other producers, and the part of each range the
 * sources leave open — flows from one node, "other / unexplained", so every stage sums to 100%.
 * Countries below `minShare` in every stage are grouped as "smaller listed producers". No flow
 * between stages is drawn: the sources give none.
 * @module
 * @example
 * chainSankey(loadStageShares()); // CHN → mining 69.2, CHN → separation/refining 88, …
 */
import type { StageShares } from "../risk/stage-data.js";
import { countryName } from "../ref/countries.js";
import { BASE, PALETTE, COLORS, shareText, tip, title, type ChartOption } from "./common.js";
import { stageLabel } from "./stages-chart.js";

export interface ChainSankeyOptions {
  /** Countries whose share is below this in every stage are grouped (default 0.02 = 2%). */
  readonly minShare?: number;
}

export const UNEXPLAINED = "other / unexplained";
export const SMALLER = "smaller listed producers";

/** Percentage points with one decimal, for link values. */
function pp(x: number): number {
  return Math.round(x * 1000) / 10;
}

export function chainSankey(stages: readonly StageShares[], opts: ChainSankeyOptions = {}): ChartOption {
  const minShare = opts.minShare ?? 0.02;
  const withData = stages.filter((s) => !s.noData && s.entries.length > 0);
  const noData = stages.filter((s) => s.noData || s.entries.length === 0);
  const big = new Set(
    withData.flatMap((s) => s.entries.filter((e) => e.share.hi >= minShare).map((e) => e.country)),
  );
  // Countries in order of their largest share anywhere, then by code.
  const best = new Map<string, number>();
  for (const s of withData)
    for (const e of s.entries) best.set(e.country, Math.max(best.get(e.country) ?? 0, e.share.hi));
  const countries = [...big].sort((a, b) => (best.get(b) ?? 0) - (best.get(a) ?? 0) || a.localeCompare(b));

  const links: object[] = [];
  const used = new Set<string>();
  for (const s of withData) {
    const target = stageLabel({ stage: s.stage, year: s.year, noData: false });
    let small = 0;
    const smallNames: string[] = [];
    let lo = 0;
    for (const e of s.entries) {
      lo += e.share.lo;
      if (!big.has(e.country)) {
        small += e.share.lo;
        smallNames.push(countryName(e.country));
        continue;
      }
      const value = pp(e.share.lo);
      if (value <= 0) continue;
      used.add(countryName(e.country));
      links.push({
        source: countryName(e.country),
        target,
        value,
        tooltip: tip([
          `${countryName(e.country)} → ${target}: ${shareText(e.share.lo, e.share.hi, 1)} of ${s.basis}`,
          ...(e.share.lo !== e.share.hi
            ? ["drawn at the lower bound; the rest of the range is unexplained"]
            : []),
          `source: ${e.source}`,
        ]),
      });
    }
    if (pp(small) > 0) {
      used.add(SMALLER);
      links.push({
        source: SMALLER,
        target,
        value: pp(small),
        tooltip: tip([`${smallNames.join(", ")} → ${target}: ${shareText(small, small, 1)} together`]),
      });
    }
    const rest = Math.max(0, 1 - lo);
    if (pp(rest) > 0) {
      used.add(UNEXPLAINED);
      links.push({
        source: UNEXPLAINED,
        target,
        value: pp(rest),
        tooltip: tip([
          `${target}: ${shareText(rest, rest, 1)} not explained by a listed country`,
          `other producers ${shareText(s.remainder.lo, s.remainder.hi, 1)}, plus the open part of ranged shares`,
        ]),
      });
    }
  }
  const countryNodes = [
    ...countries.map(countryName).filter((n) => used.has(n)),
    ...[SMALLER, UNEXPLAINED].filter((n) => used.has(n)),
  ];
  const nodes = [
    ...countryNodes.map((name, i) => ({
      name,
      depth: 0,
      itemStyle: {
        color: name === UNEXPLAINED || name === SMALLER ? COLORS.remainder : PALETTE[i % PALETTE.length],
      },
    })),
    ...withData.map((s) => ({
      name: stageLabel({ stage: s.stage, year: s.year, noData: false }),
      depth: 1,
      itemStyle: { color: COLORS.observed },
    })),
  ];
  const subtext =
    "Width: share of each stage's output (%), lower bounds; " +
    (noData.length
      ? `${noData.map((s) => stageLabel({ stage: s.stage, year: s.year, noData: true })).join("; ")}.`
      : "every stage has data.");
  return {
    ...BASE,
    title: title("Supply chain by country: shares of each stage", subtext),
    series: [
      {
        type: "sankey",
        top: 64,
        bottom: 16,
        left: 8,
        right: 160,
        nodeWidth: 14,
        nodeGap: 10,
        layoutIterations: 0,
        nodeAlign: "left",
        data: nodes,
        links,
        lineStyle: { color: "source", opacity: 0.45, curveness: 0.5 },
        label: { fontSize: 11, color: COLORS.text },
        emphasis: { focus: "adjacency" },
      },
    ],
  } as ChartOption;
}
