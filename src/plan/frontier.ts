/**
 * The efficient frontier: cost against resilience. Optimised mixes come from the MILP at a ladder of
 * budgets (least expected lost magnet for each budget); the named single-lever strategies
 * ("diversify", "build domestic", "recycle", "substitute", "stockpile") are evaluated as fixed
 * portfolios on the same sampled scenarios. Every point can also be re-run in the engine on fresh
 * draws (out of sample), so the chart shows what the plan promised and what the engine delivered.
 * @module
 * @example
 * const points = await efficientFrontier(problem, { strategies, evaluateRuns: 200 });
 */
import { evaluatePortfolio } from "./evaluate.js";
import type { Portfolio } from "./lever.js";
import { optimisePlan, withinHorizon, type PlanProblem } from "./optimise.js";

/** The named single-lever strategies: shipped portfolios the frontier compares with its mixes. */
export const NAMED_STRATEGIES: readonly string[] = [
  "diversify",
  "build-domestic",
  "recycle",
  "substitute",
  "stockpile",
];

export interface FrontierPoint {
  readonly name: string;
  readonly kind: "optimised" | "strategy";
  readonly portfolio: Portfolio;
  /** Cost as the MILP counts it (capex + expected running costs), USD. */
  readonly cost: number;
  /** Mean lost magnet over the sampled scenarios in the linear twin, tonnes. */
  readonly inSampleMeanTonnes: number;
  /** Mean and P95 in the engine on fresh draws, when evaluated. */
  readonly outOfSample: { meanTonnes: number; p95Tonnes: number } | null;
  readonly gap: number;
}

export interface FrontierOptions {
  /** Budgets for the optimised mixes (default: 0 and 1/64, 1/32 … 1 of every lever's full capex). */
  readonly budgets?: readonly number[];
  readonly strategies?: readonly Portfolio[];
  /** USD per kg of magnet lost, for the optimiser's trade-off within a budget. */
  readonly penaltyPerKg?: number;
  /** Engine runs per scenario for the out-of-sample check (0: skip). */
  readonly evaluateRuns?: number;
  readonly onPoint?: (done: number, total: number) => void;
  /** Stops between points and inside each point's engine check. */
  readonly signal?: AbortSignal;
}

export async function efficientFrontier(
  pb: Omit<PlanProblem, "objective" | "fixed">,
  o: FrontierOptions = {},
): Promise<FrontierPoint[]> {
  const all = pb.levers.reduce((s, l) => s + l.capex.value, 0);
  // A geometric ladder: the first useful levers are often a small fraction of the whole list's capex.
  const budgets = o.budgets ?? [0, 1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1].map((f) => f * all);
  const penaltyPerKg = o.penaltyPerKg ?? 1e6;
  const strategies = o.strategies ?? [];
  const total = budgets.length + strategies.length;
  const points: FrontierPoint[] = [];
  const outOfSample = async (p: Portfolio) => {
    if (!o.evaluateRuns) return null;
    const e = await evaluatePortfolio({
      network: pb.network,
      levers: pb.levers,
      portfolio: p,
      scenarios: withinHorizon(pb.scenarios, pb.months),
      runs: o.evaluateRuns,
      seed: pb.seed + 7919, // fresh draws: not the optimiser's
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return { meanTonnes: e.overall.meanLostTonnes, p95Tonnes: e.overall.p95LostTonnes };
  };
  for (const budget of budgets) {
    o.signal?.throwIfAborted();
    const r = await optimisePlan({ ...pb, objective: { kind: "min-loss", budget, penaltyPerKg } });
    const portfolio = { ...r.portfolio, name: `optimised ≤ ${Math.round(budget).toLocaleString("en-US")}` };
    points.push({
      name: portfolio.name,
      kind: "optimised",
      portfolio,
      cost: r.cost.total,
      inSampleMeanTonnes: r.inSample.mean,
      outOfSample: await outOfSample(portfolio),
      gap: r.gap,
    });
    o.onPoint?.(points.length, total);
  }
  for (const s of strategies) {
    o.signal?.throwIfAborted();
    const r = await optimisePlan({
      ...pb,
      objective: { kind: "min-loss", budget: 1e18, penaltyPerKg },
      fixed: s,
    });
    points.push({
      name: s.name,
      kind: "strategy",
      portfolio: s,
      cost: r.cost.total,
      inSampleMeanTonnes: r.inSample.mean,
      outOfSample: await outOfSample(s),
      gap: r.gap,
    });
    o.onPoint?.(points.length, total);
  }
  return points;
}
