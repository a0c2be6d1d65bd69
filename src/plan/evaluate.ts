/**
 * Evaluating a portfolio with the engine: apply it to the network, run every scenario as a
 * Monte-Carlo, and report lost magnet (tonnes: unmet units × kg of magnet per unit) by scenario and
 * product — mean and P95 over runs — with the portfolio's cost. This is the out-of-sample check of
 * the optimiser's plans: fresh draws, the engine's contracted shares and reactive stockpiles, no
 * foresight.
 * @module
 * @example
 * const e = await evaluatePortfolio({ network, levers, portfolio, scenarios, runs: 500, seed: 7 });
 * e.overall.meanLostTonnes;
 */
import { compile } from "../sim/compile.js";
import { emptyTrace, runOutput, simulate } from "../sim/engine.js";
import { runMonteCarlo } from "../sim/monte-carlo.js";
import type { Network } from "../sim/network.js";
import type { Scenario } from "../sim/scenario.js";
import { quantileSorted } from "../sim/summary.js";
import { ttsAnalysis, type TtsReport } from "../sim/tts.js";
import { parseMonth } from "../units/month.js";
import type { Lever, Portfolio } from "./lever.js";
import { applyPortfolio, startOf } from "./portfolio.js";

export interface EvaluateOptions {
  readonly network: Network;
  readonly levers: readonly Lever[];
  readonly portfolio: Portfolio;
  readonly scenarios: readonly Scenario[];
  readonly runs: number;
  readonly seed: number;
  readonly workers?: number | "auto";
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Also the TTS/TTR analysis of the changed network for this time to recover (months). */
  readonly ttr?: number;
}

export interface LossStats {
  readonly meanLostTonnes: number;
  readonly p95LostTonnes: number;
}

export interface PortfolioEvaluation {
  readonly portfolio: string;
  readonly cost: { capex: number; running: number; total: number };
  readonly scenarios: readonly (LossStats & {
    scenario: string;
    products: { product: string; meanLostUnits: number; p95LostUnits: number; meanLostTonnes: number }[];
  })[];
  /** Over every run of every scenario. */
  readonly overall: LossStats;
  /** TTS per node of the changed network (with `ttr`), nodes whose TTS < TTR flagged. */
  readonly tts: TtsReport | null;
}

function stats(xs: number[]): LossStats {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    meanLostTonnes: xs.reduce((a, b) => a + b, 0) / xs.length,
    p95LostTonnes: quantileSorted(sorted, 0.95),
  };
}

export async function evaluatePortfolio(o: EvaluateOptions): Promise<PortfolioEvaluation> {
  const net = applyPortfolio(o.network, o.levers, o.portfolio);
  const all: number[] = [];
  const scenarios: PortfolioEvaluation["scenarios"][number][] = [];
  const total = o.runs * o.scenarios.length;
  for (const [s, sc] of o.scenarios.entries()) {
    const r = await runMonteCarlo({
      network: net,
      scenario: sc,
      runs: o.runs,
      seed: o.seed + s,
      workers: o.workers ?? "auto",
      keepInventory: false,
      signal: o.signal,
      onProgress: (d) => o.onProgress?.(s * o.runs + d, total),
    });
    const P = r.products.length;
    const M = r.months;
    const perRun: number[] = [];
    const byProduct = r.products.map(() => ({ units: [] as number[], tonnes: [] as number[] }));
    for (let k = 0; k < o.runs; k++) {
      let tonnes = 0;
      for (let p = 0; p < P; p++) {
        let units = 0;
        for (let t = 0; t < M; t++) units += r.shortfall[(k * P + p) * M + t]!;
        const t_ = (units * r.magnetPerUnit[k * P + p]!) / 1000;
        byProduct[p]!.units.push(units);
        byProduct[p]!.tonnes.push(t_);
        tonnes += t_;
      }
      perRun.push(tonnes);
    }
    all.push(...perRun);
    scenarios.push({
      scenario: sc.name,
      ...stats(perRun),
      products: r.products.map((product, p) => {
        const u = [...byProduct[p]!.units].sort((a, b) => a - b);
        return {
          product,
          meanLostUnits: u.reduce((a, b) => a + b, 0) / u.length,
          p95LostUnits: quantileSorted(u, 0.95),
          meanLostTonnes: byProduct[p]!.tonnes.reduce((a, b) => a + b, 0) / u.length,
        };
      }),
    });
  }
  const tts = o.ttr ? await ttsAnalysis(net, { ttr: o.ttr }) : null;
  return { portfolio: o.portfolio.name, cost: portfolioCost(o, net), scenarios, overall: stats(all), tts };
}

/**
 * Cost over the horizon, averaged over the scenarios' deterministic runs: capex × size, premium or opex
 * × what the lever's node made, holding × stock held, substitution cost × magnet avoided.
 */
export function portfolioCost(
  o: Pick<EvaluateOptions, "network" | "levers" | "portfolio" | "scenarios">,
  applied = applyPortfolio(o.network, o.levers, o.portfolio),
): { capex: number; running: number; total: number } {
  const byId = new Map(o.levers.map((l) => [l.id, l]));
  let capex = 0;
  for (const c of o.portfolio.choices) capex += byId.get(c.lever)!.capex.value * c.size;
  let running = 0;
  for (const sc of o.scenarios) {
    const m = compile(applied, sc, null);
    const base = compile(o.network, sc, null);
    const tr = emptyTrace(m);
    simulate(m, runOutput(m, false), undefined, tr);
    const M = m.months;
    const index = new Map(applied.nodes.map((n, i) => [n.id, i]));
    for (const c of o.portfolio.choices) {
      const l = byId.get(c.lever)!;
      const i = index.get(l.id);
      let made = 0;
      if (i !== undefined) for (let t = 0; t < M; t++) made += tr.production[i * M + t]!;
      if (l.kind === "supplier") running += l.premium.value * made;
      else if (l.kind === "recycling") running += l.opex.value * made;
      else if (l.kind === "stockpile" && i !== undefined) {
        let held = 0;
        for (let t = 1; t <= M; t++) held += tr.stock[i * (M + 1) + t]!;
        running += l.holdingCost.value * held;
      } else if (l.kind === "substitution") {
        const adopt = parseMonth(startOf(l, c))! + Math.round(l.lag.value) - m.start;
        for (const pid of l.products) {
          const pi = index.get(pid)!;
          const k = applied.nodes[pi]!.inputs.findIndex((x) => x.material === l.material);
          const s = m.slotStart[pi]! + k;
          for (let t = Math.max(0, adopt); t < M; t++)
            running +=
              l.cost.value *
              tr.production[pi * M + t]! *
              (base.ratio[t * base.slots + s]! - m.ratio[t * m.slots + s]!);
        }
      }
    }
  }
  running /= Math.max(1, o.scenarios.length);
  return { capex, running, total: capex + running };
}
