/**
 * Concentration by supply-chain stage: HHI (0–1 and 0–10,000), top-1 and top-3 shares, the leading
 * country and N-1 coverage for each stage, and the bottleneck stage of the chain. Range inputs give
 * range outputs; a stage with no data says so.
 * @module
 * @example
 * const chain = stageConcentration(loadStageShares({ year: 2023 }));
 * chain.bottleneck?.stage; // "separation"
 */
import { hhiBounds } from "./hhi.js";
import { type Interval } from "./interval.js";
import { nMinus1 } from "./n-minus-1.js";
import type { StageShares, SupplyStage } from "./stage-data.js";
import { topK } from "./topk.js";

export interface StageMetrics {
  readonly stage: SupplyStage;
  readonly year: number | null;
  readonly basis: string;
  readonly noData: boolean;
  /** 0–1 scale. */
  readonly hhi: Interval | null;
  /** 0–10,000 scale. */
  readonly hhiPoints: Interval | null;
  readonly top1: Interval | null;
  readonly top3: Interval | null;
  readonly leader: string | null;
  /** Supply from all but the largest supplier as a share of demand (the stage's output taken as demand). */
  readonly nMinus1: Interval | null;
  /** How an "Other" row or an unexplained remainder was treated. */
  readonly otherRule: string;
  readonly shares: StageShares;
}

export interface ChainConcentration {
  readonly stages: readonly StageMetrics[];
  /** The stage with the highest concentration (by the lower bound of its HHI); null with no data. */
  readonly bottleneck: {
    readonly stage: SupplyStage;
    readonly hhi: Interval;
    readonly ambiguousWith: readonly SupplyStage[];
  } | null;
}

const OTHER_RULE =
  "Other producers and any unexplained remainder count as many producers no larger than the smallest listed one: " +
  "they add nothing to the HHI's lower bound and at most r·min(r, s_min) to its upper bound.";

export function stageMetrics(s: StageShares): StageMetrics {
  if (s.noData || s.entries.length === 0) {
    return {
      stage: s.stage,
      year: s.year,
      basis: s.basis,
      noData: true,
      hhi: null,
      hhiPoints: null,
      top1: null,
      top3: null,
      leader: null,
      nMinus1: null,
      otherRule: OTHER_RULE,
      shares: s,
    };
  }
  const shares = s.entries.map((e) => e.share);
  const h = hhiBounds(shares, s.remainder);
  const top1 = topK(shares, s.remainder, 1);
  return {
    stage: s.stage,
    year: s.year,
    basis: s.basis,
    noData: false,
    hhi: h,
    hhiPoints: { lo: h.lo * 10_000, hi: h.hi * 10_000 },
    top1,
    top3: topK(shares, s.remainder, 3),
    leader: s.entries[0]?.country ?? null,
    nMinus1: nMinus1(top1),
    otherRule: OTHER_RULE,
    shares: s,
  };
}

export function stageConcentration(stages: readonly StageShares[]): ChainConcentration {
  const metrics = stages.map(stageMetrics);
  const withData = metrics.filter((m): m is StageMetrics & { hhi: Interval } => m.hhi !== null);
  if (withData.length === 0) return { stages: metrics, bottleneck: null };
  const top = withData.reduce((a, b) => (b.hhi.lo > a.hhi.lo ? b : a));
  const ambiguousWith = withData.filter((m) => m !== top && m.hhi.hi >= top.hhi.lo).map((m) => m.stage);
  return { stages: metrics, bottleneck: { stage: top.stage, hhi: top.hhi, ambiguousWith } };
}
