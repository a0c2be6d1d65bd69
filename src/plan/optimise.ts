/**
 * The planner's MILP: which levers, how big and when, by sample-average approximation over Monte-Carlo
 * scenarios. The second stage is the simulator's linear twin of the network in each sampled scenario
 * (`src/sim/twin.ts`), so the optimiser sees the same flows, capacities, lead times, inventories and
 * licensing caps the engine simulates — not a score per lever.
 *
 * First stage: a binary z per lever option (a size × a start month), at most one per lever.
 * - supplier and recycling levers: the lever's node may produce up to Σ z · capacity(option, month)
 *   (ramped from its start after qualification; recycling also capped by end-of-life supply);
 * - stockpiles: the node's opening stock is Σ z · size;
 * - substitution: from adoption the product's magnet intensity falls by share × size; the product
 *   P × z is linearised with the product line's capacity as the bound.
 * Lost magnet per scenario L_ω = Σ unmet units × kg magnet per unit (tonnes). Cost = capex × size +
 * (premium or opex) × expected output + holding × size × months + substitution cost × avoided kg.
 *
 * Objectives: (a) minimise cost with the mean (or P95, by a chance constraint with one binary per
 * scenario) of L_ω at most a target; (b) minimise penalty × mean L_ω + cost within a budget. Policy:
 * a cap on any one third country's share of a region's supply at given stages (the EU CRM Act's 65%).
 *
 * Each supplier delivers at most `contractFlex` × its contracted volume a month (default 2), so the
 * twin cannot route the world around a control more than contracts allow; lever sources are free.
 * The twin still has perfect foresight, so in-sample results flatter the plan: `evaluate`
 * re-runs the chosen portfolio in the engine on fresh draws, and both are reported.
 * @module
 */
import { UsageError } from "../errors.js";
import { compile, rampFactor, type Model } from "../sim/compile.js";
import { LpModel, solveLp, type LpStatus } from "../sim/lp.js";
import type { Network, Stage } from "../sim/network.js";
import { streamRng } from "../sim/rng.js";
import type { Scenario } from "../sim/scenario.js";
import { quantileSorted } from "../sim/summary.js";
import { buildTwin } from "../sim/twin.js";
import { addMonths, formatMonth, parseMonth } from "../units/month.js";
import type { Lever, Portfolio } from "./lever.js";
import { applyPortfolio, startOf } from "./portfolio.js";
import { endOfLifeSupply } from "./recycling.js";

/** Models above this many variables are solved in a worker thread (starting one costs a few 100 ms). */
export const WORKER_ABOVE_VARIABLES = 5000;

/** Default contract flexibility (see PlanProblem.contractFlex). */
export const DEFAULT_CONTRACT_FLEX = 2;

export type PlanObjective =
  | { kind: "min-cost"; measure: "mean" | "p95"; targetTonnes: number }
  | { kind: "min-loss"; budget: number; penaltyPerKg: number };

export interface PlanPolicy {
  /** The importing region (countries) the policy is about. */
  readonly region: readonly string[];
  /** Stages whose supply into the region counts (recycling nodes always count as supply). */
  readonly stages: readonly Stage[];
  /** At most this share of that supply from any one country outside the region (EU CRM Act: 0.65). */
  readonly maxThirdCountryShare?: number;
  /** At least this share made inside the region (the Act's processing benchmark: 0.40). */
  readonly minDomesticShare?: number;
  /** At least this share from recycling (the Act's recycling benchmark: 0.25). */
  readonly minRecycledShare?: number;
}

export interface PlanProblem {
  readonly network: Network;
  readonly levers: readonly Lever[];
  readonly scenarios: readonly Scenario[];
  /** Monte-Carlo draws per scenario (0: one deterministic draw per scenario, every value as given). */
  readonly samples: number;
  readonly seed: number;
  /** Cap on the horizon, months (the MILP grows with it). */
  readonly months?: number;
  readonly objective: PlanObjective;
  readonly policy?: PlanPolicy;
  /** Seconds HiGHS may take; the incumbent and its gap are reported if it stops there. */
  readonly timeLimit?: number;
  /**
   * A supplier delivers at most this many times its contracted volume a month in the twin (default
   * 2): contracts bind re-routing, as the engine's shares do, with room for catch-up orders.
   */
  readonly contractFlex?: number;
  /** Evaluate this portfolio instead of choosing: every z fixed. */
  readonly fixed?: Portfolio;
  /** Stops between the sampled scenarios' twins and before the solve (HiGHS itself cannot be interrupted). */
  readonly signal?: AbortSignal;
}

export interface PlanOption {
  readonly lever: string;
  readonly kind: Lever["kind"];
  readonly size: number;
  readonly start: string;
}

export interface PlanSolution {
  readonly status: LpStatus;
  /** Relative MIP gap reached (0 when proven optimal). */
  readonly gap: number;
  readonly portfolio: Portfolio;
  readonly cost: { capex: number; running: number; total: number };
  /** Lost magnet in the sampled scenarios, tonnes: mean, P95 and each scenario's. */
  readonly inSample: { mean: number; p95: number; perScenario: number[] };
  readonly model: {
    variables: number;
    constraints: number;
    binaries: number;
    scenarios: number;
    months: number;
    options: number;
  };
  readonly seconds: number;
}

/**
 * The scenarios cut to the optimiser's horizon (`months`), so an engine check of its answer measures
 * the same months the optimiser saw.
 */
export function withinHorizon(scenarios: readonly Scenario[], months: number | undefined): Scenario[] {
  return scenarios.map((s) => (months === undefined ? s : { ...s, months: Math.min(s.months, months) }));
}

/** The options the optimiser chooses among: each size × start (earliest, and a year later). */
export function leverOptions(levers: readonly Lever[], horizonEnd: string): PlanOption[] {
  return levers.flatMap((l) => {
    const later = formatMonth(addMonths(parseMonth(l.earliestStart)!, 12));
    const starts =
      l.kind === "stockpile" || later > horizonEnd ? [l.earliestStart] : [l.earliestStart, later];
    return l.sizes.flatMap((size) => starts.map((start) => ({ lever: l.id, kind: l.kind, size, start })));
  });
}

/** Monthly capacity of an option's node from the scenario start (kg/month), or null if it has none. */
function optionCapacity(lever: Lever, o: PlanOption, start: number, M: number): Float64Array | null {
  const out = new Float64Array(M);
  if (lever.kind === "supplier") {
    const online = parseMonth(o.start)! + Math.round(lever.qualification.value) - start;
    for (let t = 0; t < M; t++)
      out[t] = t < online ? 0 : o.size * lever.capacity.value * rampFactor(lever.ramp, t - online);
    return out;
  }
  if (lever.kind === "recycling") {
    const from = parseMonth(o.start)! - start;
    const supply = endOfLifeSupply(lever, o.size, o.start, Math.max(1, M - from));
    for (let t = Math.max(0, from); t < M; t++) out[t] = supply[t - from]!;
    return out;
  }
  return null;
}

export async function optimisePlan(pb: PlanProblem, diagnose = true): Promise<PlanSolution> {
  const t0 = performance.now();
  const sc0 = pb.scenarios[0];
  if (!sc0) throw new UsageError("the planner needs at least one scenario", "scenarios");
  const M = Math.min(pb.months ?? Infinity, ...pb.scenarios.map((s) => s.months));
  const start = parseMonth(sc0.start)!;
  if (pb.scenarios.some((s) => s.start !== sc0.start))
    throw new UsageError("the planner's scenarios must share a start month", "scenarios");
  const horizonEnd = formatMonth(addMonths(start, M - 1));
  const options = leverOptions(pb.levers, horizonEnd);
  const leverById = new Map(pb.levers.map((l) => [l.id, l]));

  // Choosing: one network holding every lever at full size from its earliest start, with no
  // contracted share — what the levers do is decided by the option binaries below. A fixed portfolio
  // is simply applied, so its twin is the twin of the very network the engine runs.
  const superset = pb.fixed
    ? applyPortfolio(pb.network, pb.levers, pb.fixed)
    : applyPortfolio(
        pb.network,
        pb.levers,
        {
          name: "all levers",
          choices: pb.levers.filter((l) => l.kind !== "substitution").map((l) => ({ lever: l.id, size: 1 })),
        },
        { forTwin: true },
      );

  const lp = new LpModel(`plan over ${pb.scenarios.length} scenario(s)`, "min");
  const z = options.map((o, k) => lp.addVar(`z_${k}_${o.lever}`, { kind: "binary" }));
  for (const l of pb.levers) {
    const mine = options.flatMap((o, k) => (o.lever === l.id ? [[z[k]!, 1] as [string, number]] : []));
    lp.addConstraint(`one_${l.id}`, mine, "<=", 1);
  }
  if (pb.fixed) {
    const chosen = new Map(pb.fixed.choices.map((c) => [c.lever, c]));
    for (const c of pb.fixed.choices)
      if (!leverById.has(c.lever)) throw new UsageError(`unknown lever "${c.lever}"`, "portfolio");
    options.forEach((o, k) => {
      const c = chosen.get(o.lever);
      const on = c !== undefined && c.size === o.size && startOf(leverById.get(o.lever)!, c) === o.start;
      lp.setBounds(z[k]!, on ? 1 : 0, on ? 1 : 0);
    });
    for (const c of pb.fixed.choices)
      if (
        !options.some(
          (o) => o.lever === c.lever && c.size === o.size && startOf(leverById.get(o.lever)!, c) === o.start,
        )
      )
        throw new UsageError(
          `portfolio "${pb.fixed.name}": lever ${c.lever} at size ${c.size} from ${c.start ?? "its earliest start"} is not one of its options`,
          "portfolio",
        );
  }

  // Per option, how much it lowers each original edge's contracted volume (deterministic plan).
  const planCuts = new Map<number, Map<number, number>>();
  if (!pb.fixed) {
    const sc = { ...sc0, months: M, shocks: [] };
    const base = compile(pb.network, sc, null);
    const E0 = pb.network.edges.length;
    options.forEach((o, k) => {
      if (o.kind === "stockpile") return;
      const one = compile(applyPortfolio(pb.network, pb.levers, { name: o.lever, choices: [o] }), sc, null);
      const cut = new Map<number, number>();
      for (let t = 0; t < M; t++)
        for (let j = 0; j < E0; j++) {
          const d = base.planEdge[t * base.edges + j]! - one.planEdge[t * one.edges + j]!;
          if (Math.abs(d) > 1e-12) cut.set(t * E0 + j, d);
        }
      planCuts.set(k, cut);
    });
  }

  // The candidate sources' own edges are not bound by contracts: the options decide them.
  const leverIds = new Set(pb.levers.map((l) => l.id));
  const leverEdges = new Set(
    pb.fixed ? [] : superset.edges.flatMap((e, j) => (leverIds.has(e.from) ? [j] : [])),
  );

  type Draw = { sc: Scenario; seed: number | null };
  const draws: Draw[] = pb.scenarios.flatMap((sc, s): Draw[] =>
    pb.samples === 0
      ? [{ sc, seed: null }]
      : Array.from({ length: pb.samples }, (_, k) => ({ sc, seed: s * 100_003 + k })),
  );
  const W = draws.length;
  const losses: string[] = [];
  const running: [string, number][] = [];
  let worst = 0;
  draws.forEach(({ sc, seed }, w) => {
    pb.signal?.throwIfAborted();
    const m: Model = compile(superset, { ...sc, months: M }, seed === null ? null : streamRng(pb.seed, seed));
    const pre = `w${w}_`;
    const { objective } = buildTwin(m, {
      lp,
      prefix: pre,
      weight: (p) => m.magnetPerUnit[p]! / 1000,
      licenceRows: true,
      contracts: { flex: pb.contractFlex ?? DEFAULT_CONTRACT_FLEX, exempt: leverEdges },
    });
    // A lever that takes contracted volume from a licensed supplier (a new source's share, a lower
    // intensity) shrinks what the licensing cap applies to, as it does in the engine.
    if (!pb.fixed)
      for (const [k, delta] of planCuts)
        for (const [x, d] of delta) {
          const E0 = pb.network.edges.length;
          const t = Math.floor(x / E0);
          const j = x % E0; // the network's own edges keep their index in the superset
          const row = `${pre}lic_${j}_${t}`;
          if (lp.hasConstraint(row)) lp.addTerm(row, z[k]!, m.approve[t * m.edges + j]! * d);
          const con = `${pre}con_${j}_${t}`;
          if (lp.hasConstraint(con)) lp.addTerm(con, z[k]!, (pb.contractFlex ?? DEFAULT_CONTRACT_FLEX) * d);
        }
    const L = lp.addVar(`${pre}L`);
    lp.addConstraint(
      `${pre}loss`,
      [[L, 1], ...objective.map(([v, c]) => [v, -c] as [string, number])],
      "=",
      0,
    );
    losses.push(L);
    let most = 0;
    for (let p = 0; p < m.products; p++)
      for (let t = 0; t < M; t++) most += (m.demand[t * m.products + p]! * m.magnetPerUnit[p]!) / 1000;
    worst = Math.max(worst, most);
    const nodeIndex = new Map(superset.nodes.map((n, i) => [n.id, i]));
    if (pb.fixed) {
      fixedRunningCost(pb, leverById, superset, m, pre, W, running);
      return;
    }
    options.forEach((o, k) => {
      const lever = leverById.get(o.lever)!;
      const i = nodeIndex.get(lever.kind === "substitution" ? "" : lever.id);
      const cap = optionCapacity(lever, o, start, M);
      if (cap && i !== undefined) {
        for (let t = 0; t < M; t++) {
          const name = `${pre}lev_${lever.id}_${t}`;
          if (!lp.hasConstraint(name)) lp.addConstraint(name, [[`${pre}P_${i}_${t}`, 1]], "<=", 0);
          lp.addTerm(name, z[k]!, -cap[t]!);
        }
        const per =
          lever.kind === "supplier" ? lever.premium.value : lever.kind === "recycling" ? lever.opex.value : 0;
        for (let t = 0; t < M; t++) running.push([`${pre}P_${i}_${t}`, per / W]);
      } else if (lever.kind === "stockpile" && i !== undefined) {
        lp.addTerm(`${pre}stock_${i}_0`, z[k]!, -o.size * lever.size.value);
      } else if (lever.kind === "substitution") {
        const adopt = parseMonth(o.start)! + Math.round(lever.lag.value) - start;
        for (const pid of lever.products) {
          const pi = nodeIndex.get(pid);
          if (pi === undefined)
            throw new UsageError(`lever ${lever.id} names product "${pid}", not in the network`, "lever");
          const slot =
            m.slotStart[pi]! + superset.nodes[pi]!.inputs.findIndex((x) => x.material === lever.material);
          for (let t = Math.max(0, adopt); t < M; t++) {
            const wv = lp.addVar(`${pre}sub_${k}_${pid}_${t}`);
            const P = `${pre}P_${pi}_${t}`;
            const capT = m.cap[t * m.nodes + pi]!;
            const r = m.ratio[t * m.slots + slot]!;
            lp.addConstraint(
              `${pre}subA_${k}_${pid}_${t}`,
              [
                [wv, 1],
                [P, -1],
              ],
              "<=",
              0,
            );
            lp.addConstraint(
              `${pre}subB_${k}_${pid}_${t}`,
              [
                [wv, 1],
                [z[k]!, -capT],
              ],
              "<=",
              0,
            );
            lp.addConstraint(
              `${pre}subC_${k}_${pid}_${t}`,
              [
                [wv, 1],
                [P, -1],
                [z[k]!, -capT],
              ],
              ">=",
              -capT,
            );
            lp.addTerm(`${pre}buffer_${slot}_${t}`, wv, -r * lever.share.value * o.size);
            running.push([wv, (lever.cost.value * r * lever.share.value * o.size) / W]);
          }
        }
      }
    });
    if (pb.policy) addPolicy(lp, pb.policy, superset, m, pre);
  });

  // Cost: one-off capex and holding by option, running costs by expected volume.
  const capexTerms: [string, number][] = options.map((o, k) => {
    const l = leverById.get(o.lever)!;
    const months = Math.max(0, start + M - parseMonth(o.start)!);
    const holding = l.kind === "stockpile" ? l.holdingCost.value * o.size * l.size.value * months : 0;
    return [z[k]!, l.capex.value * o.size + holding];
  });
  const C = lp.addVar("cost");
  const CR = lp.addVar("running");
  lp.addConstraint(
    "running_cost",
    [[CR, 1], ...running.map(([v, c]) => [v, -c] as [string, number])],
    "=",
    0,
  );
  lp.addConstraint(
    "total_cost",
    [[C, 1], [CR, -1], ...capexTerms.map(([v, c]) => [v, -c] as [string, number])],
    "=",
    0,
  );

  const ob = pb.objective;
  if (ob.kind === "min-cost") {
    if (ob.measure === "mean") {
      lp.addConstraint(
        "target_mean",
        losses.map((L) => [L, 1 / W] as [string, number]),
        "<=",
        ob.targetTonnes,
      );
    } else {
      const allowed = Math.floor(0.05 * W);
      const v = losses.map((L, w) => lp.addVar(`exceed_${w}`, { kind: "binary" }));
      losses.forEach((L, w) =>
        lp.addConstraint(
          `target_p95_${w}`,
          [
            [L, 1],
            [v[w]!, -worst],
          ],
          "<=",
          ob.targetTonnes,
        ),
      );
      lp.addConstraint(
        "target_p95_count",
        v.map((x) => [x, 1] as [string, number]),
        "<=",
        allowed,
      );
    }
    lp.setObjective([[C, 1]]);
  } else {
    lp.addConstraint("budget", [[C, 1]], "<=", ob.budget);
    lp.setObjective([[C, 1], ...losses.map((L) => [L, (ob.penaltyPerKg * 1000) / W] as [string, number])]);
  }

  pb.signal?.throwIfAborted();
  // Large models solve in a worker thread: HiGHS holds its thread until it stops.
  const first = await solveLp(lp, {
    time_limit: pb.timeLimit,
    accept: ["Time limit reached", "Infeasible"],
    worker: lp.variables.length > WORKER_ABOVE_VARIABLES,
  });
  if (first.status === "Infeasible")
    throw diagnose ? await infeasible(pb) : new UsageError("the plan is infeasible", "objective");
  if (first.values.size === 0)
    throw new UsageError(`the plan found no feasible point within ${pb.timeLimit ?? "∞"} s`, "objective");
  // Second pass, levers and cost fixed: the least loss this plan allows in each scenario (the first
  // pass only needed it under the target, and HiGHS may stop anywhere below it).
  z.forEach((v) => {
    const on = (first.values.get(v) ?? 0) > 0.5 ? 1 : 0;
    lp.setBounds(v, on, on);
  });
  lp.addConstraint("cost_of_plan", [[C, 1]], "<=", first.values.get(C)! * (1 + 1e-9) + 1e-9);
  lp.setObjective(losses.map((L) => [L, 1 / W] as [string, number]));
  const r = { ...(await solveLp(lp)), status: first.status, mip_gap: first.mip_gap };
  const chosen = options.filter((_, k) => (r.values.get(z[k]!) ?? 0) > 0.5);
  const perScenario = losses.map((L) => r.values.get(L)!);
  const sorted = [...perScenario].sort((a, b) => a - b);
  const running_ = r.values.get(CR)!;
  const total = r.values.get(C)!;
  return {
    status: r.status,
    gap: r.mip_gap ?? 0,
    portfolio: {
      name: pb.fixed?.name ?? "optimised",
      choices: chosen.map((o) => ({ lever: o.lever, size: o.size, start: o.start })),
    },
    cost: { capex: total - running_, running: running_, total },
    inSample: {
      mean: perScenario.reduce((a, b) => a + b, 0) / W,
      p95: quantileSorted(sorted, 0.95),
      perScenario,
    },
    model: {
      variables: lp.variables.length,
      constraints: lp.constraintCount,
      binaries: z.length + (ob.kind === "min-cost" && ob.measure === "p95" ? W : 0),
      scenarios: W,
      months: M,
      options: options.length,
    },
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Running costs of a fixed portfolio's twin: premium or opex × output, substitution cost × magnet avoided. */
function fixedRunningCost(
  pb: PlanProblem,
  leverById: Map<string, Lever>,
  applied: Network,
  m: Model,
  pre: string,
  W: number,
  running: [string, number][],
): void {
  const index = new Map(applied.nodes.map((n, i) => [n.id, i]));
  const base = compile(pb.network, { ...pb.scenarios[0]!, months: m.months, shocks: [] }, null);
  for (const c of pb.fixed!.choices) {
    const l = leverById.get(c.lever)!;
    if (l.kind === "supplier" || l.kind === "recycling") {
      const per = l.kind === "supplier" ? l.premium.value : l.opex.value;
      for (let t = 0; t < m.months; t++) running.push([`${pre}P_${index.get(l.id)!}_${t}`, per / W]);
    } else if (l.kind === "substitution") {
      for (const pid of l.products) {
        const pi = index.get(pid)!;
        const s = m.slotStart[pi]! + applied.nodes[pi]!.inputs.findIndex((x) => x.material === l.material);
        for (let t = 0; t < m.months; t++) {
          const avoided = base.ratio[t * base.slots + s]! - m.ratio[t * m.slots + s]!;
          if (avoided > 0) running.push([`${pre}P_${pi}_${t}`, (l.cost.value * avoided) / W]);
        }
      }
    }
  }
}

/**
 * Names what makes a plan infeasible. Share policies alone never are (buying nothing meets them), so
 * it is a target: beyond every lever's reach, or within reach only without the policy.
 */
async function infeasible(pb: PlanProblem): Promise<UsageError> {
  const ob = pb.objective;
  if (ob.kind !== "min-cost") return new UsageError("the plan is infeasible", "objective");
  const everything = { kind: "min-loss", budget: 1e18, penaltyPerKg: 1 } as const;
  const measure = (r: PlanSolution) => (ob.measure === "mean" ? r.inSample.mean : r.inSample.p95);
  const what = ob.measure === "mean" ? "mean" : "P95";
  const reach = measure(await optimisePlan({ ...pb, objective: everything }, false));
  if (pb.policy) {
    const free = measure(await optimisePlan({ ...pb, policy: undefined, objective: everything }, false));
    if (free <= ob.targetTonnes + 1e-9) {
      const p = pb.policy;
      const parts = [
        p.maxThirdCountryShare !== undefined ? `third-country share ≤ ${p.maxThirdCountryShare}` : null,
        p.minDomesticShare !== undefined ? `domestic share ≥ ${p.minDomesticShare}` : null,
        p.minRecycledShare !== undefined ? `recycled share ≥ ${p.minRecycledShare}` : null,
      ].filter(Boolean);
      return new UsageError(
        `infeasible: binding constraint policy (${parts.join(", ")} of ${p.region.join("+")}'s ${p.stages.join("/")} supply) — with it the ${what} lost magnet cannot go below ${reach.toFixed(3)} t (target ${ob.targetTonnes} t); without it, ${free.toFixed(3)} t`,
        "policy",
      );
    }
  }
  return new UsageError(
    `infeasible: binding constraint target_${ob.measure} — the ${what} lost magnet cannot go below ${reach.toFixed(3)} t even with every lever (target ${ob.targetTonnes} t)`,
    "target",
  );
}

/**
 * The EU CRM Act's kind of policy, over the horizon of each draw: of what the region takes from nodes
 * of the stages (and from recycling), at most a share from any one third country, at least a share
 * made inside the region, at least a share recycled.
 */
function addPolicy(lp: LpModel, policy: PlanPolicy, net: Network, m: Model, pre: string): void {
  const inRegion = (c: string) => policy.region.includes(c);
  const byCountry = new Map<string, [string, number][]>();
  const all: string[] = [];
  const domestic: string[] = [];
  const recycled: string[] = [];
  net.edges.forEach((e, j) => {
    const a = net.nodes[m.from[j]!]!;
    const b = net.nodes[m.to[j]!]!;
    if (!inRegion(b.country) || !(policy.stages.includes(a.stage) || a.stage === "recycling")) return;
    for (let t = 0; t < m.months; t++) {
      const x = `${pre}X_${j}_${t}`;
      all.push(x);
      if (inRegion(a.country)) domestic.push(x);
      else byCountry.set(a.country, [...(byCountry.get(a.country) ?? []), [x, 1]]);
      if (a.stage === "recycling") recycled.push(x);
    }
  });
  const share = (name: string, part: string[] | [string, number][], k: number, sense: "<=" | ">=") => {
    const terms = new Map<string, number>();
    for (const v of all) terms.set(v, -k);
    for (const p of part) {
      const v = typeof p === "string" ? p : p[0];
      terms.set(v, (terms.get(v) ?? 0) + 1);
    }
    lp.addConstraint(name, [...terms], sense, 0);
  };
  if (policy.maxThirdCountryShare !== undefined)
    for (const [c, terms] of byCountry)
      share(`${pre}policy_max_${c}`, terms, policy.maxThirdCountryShare, "<=");
  if (policy.minDomesticShare !== undefined)
    share(`${pre}policy_domestic`, domestic, policy.minDomesticShare, ">=");
  if (policy.minRecycledShare !== undefined)
    share(`${pre}policy_recycled`, recycled, policy.minRecycledShare, ">=");
}
