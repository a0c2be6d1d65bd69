/**
 * The linear twin: the same compiled model as a linear program — production within capacity, stock
 * and input-buffer balances, shipments arriving after lead time plus the licensing delay kernel,
 * licensed volume ≤ approval × contracted volume, control caps, stockpile release rules — minimising
 * total shortfall over the horizon. Shocks enter as fixed reductions (capacities, approval caps).
 *
 * The engine's month-by-month trajectory satisfies every constraint here, so the twin's optimum is a
 * lower bound on the engine's shortfall: it is the best any operator with perfect foresight could do
 * (pre-building stock, re-routing between suppliers regardless of contract shares). Where foresight
 * and routing cannot help — a serial chain hit from the first month — the two agree exactly; the
 * planner optimises over the twin, and the engine re-evaluates its plans.
 * @module
 * @example
 * const twin = await solveTwin(compile(network, scenario, null));
 * twin.total; // minimum total shortfall, units
 */
import { MAX_DELAY_MONTHS, type Model } from "./compile.js";
import { LpModel, solveLp, type LpSolveOptions } from "./lp.js";

const PRODUCT = 2;
const STOCKPILE = 3;
const W = MAX_DELAY_MONTHS + 1;

export interface TwinResult {
  readonly status: string;
  /** Minimum total shortfall, units summed over products and months. */
  readonly total: number;
  /** products × months, units. */
  readonly shortfall: Float64Array;
  /** edges × months, shipped. */
  readonly shipped: Float64Array;
  readonly variables: number;
  readonly constraints: number;
}

/** Variable names: `P_n_t` production, `S_n_t` stock, `B_s_t` buffer, `X_e_t` shipped, `U_p_t` unmet. */
export function buildTwin(
  m: Model,
  opts: {
    name?: string;
    /** Add into this model (the planner puts one twin per sampled scenario in one MILP). */
    lp?: LpModel;
    /** Prefix of every variable and constraint name. */
    prefix?: string;
    /**
     * Write each licensing cap as a row `lic_j_t` (X ≤ approval × contracted volume) rather than a
     * bound, so the planner can make the contracted volume depend on its decisions.
     */
    licenceRows?: boolean;
    /**
     * Contracts: each edge delivers at most `flex` × its contracted (planned) volume a month, as a
     * row `con_j_t`, except the edges in `exempt` (the planner's candidate sources). Without it the
     * twin may reroute everything through any supplier with spare capacity, which the engine's
     * contracts do not allow.
     */
    contracts?: { flex: number; exempt?: ReadonlySet<number> };
    /** Weight of a unit of product p's unmet demand in the objective (default 1). */
    weight?: (p: number) => number;
  } = {},
): { lp: LpModel; constraints: number; objective: [string, number][] } {
  const { nodes: N, edges: E, months: M } = m;
  const lp = opts.lp ?? new LpModel(opts.name ?? "linear twin", "min");
  const pre = opts.prefix ?? "";
  const weight = opts.weight ?? (() => 1);
  let rows = 0;
  for (let i = 0; i < N; i++)
    for (let t = 0; t < M; t++) {
      lp.addVar(`${pre}P_${i}_${t}`, { hi: m.cap[t * N + i]! });
      lp.addVar(`${pre}S_${i}_${t}`);
    }
  for (let s = 0; s < m.slots; s++) for (let t = 0; t < M; t++) lp.addVar(`${pre}B_${s}_${t}`);
  for (let j = 0; j < E; j++)
    for (let t = 0; t < M; t++) {
      const x = t * E + j;
      let hi = Infinity;
      const licensed = m.approve[x]! < 1;
      if (licensed && !opts.licenceRows) hi = m.approve[x]! * m.planEdge[x]!;
      const sp = m.from[j]!;
      if (m.fromStockpile[j] && m.release[sp] === 0 && !m.anyShock[t]) hi = 0; // on-shock stockpiles hold
      lp.addVar(`${pre}X_${j}_${t}`, { hi });
      if (opts.contracts && !m.fromStockpile[j] && !opts.contracts.exempt?.has(j)) {
        lp.addConstraint(
          `${pre}con_${j}_${t}`,
          [[`${pre}X_${j}_${t}`, 1]],
          "<=",
          opts.contracts.flex * m.planEdge[x]!,
        );
        rows++;
      }
      if (licensed && opts.licenceRows) {
        lp.addConstraint(
          `${pre}lic_${j}_${t}`,
          [[`${pre}X_${j}_${t}`, 1]],
          "<=",
          m.approve[x]! * m.planEdge[x]!,
        );
        rows++;
      }
    }
  for (let p = 0; p < m.products; p++) for (let t = 0; t < M; t++) lp.addVar(`${pre}U_${p}_${t}`);

  // Arrivals into each slot at month t: the pipeline at the start plus shipments t' with their delay weights.
  const arrivals: Map<string, number>[] = Array.from({ length: m.slots * M }, () => new Map());
  const constant = new Float64Array(m.slots * M);
  for (let j = 0; j < E; j++) {
    const s = m.slot[j]!;
    for (let h = 0; h < m.ring && h < M; h++) constant[s * M + h]! += m.pipeline0[j * m.ring + h]!;
    for (let t = 0; t < M; t++) {
      const k = m.kernelOf[t * E + j]!;
      const base = t + m.lead[j]!;
      for (let d = 0; d < (k < 0 ? 1 : W); d++) {
        const w = k < 0 ? 1 : m.kernels[k * W + d]!;
        const a = base + d;
        if (w === 0 || a >= M) continue;
        const row = arrivals[s * M + a]!;
        row.set(`${pre}X_${j}_${t}`, (row.get(`${pre}X_${j}_${t}`) ?? 0) + w);
      }
    }
  }

  for (let i = 0; i < N; i++) {
    for (let t = 0; t < M; t++) {
      // Stock: S[t] = S[t−1] + P[t] − shipped[t] − sold[t].
      const terms = new Map<string, number>([
        [`${pre}S_${i}_${t}`, 1],
        [`${pre}P_${i}_${t}`, -1],
      ]);
      if (t > 0) terms.set(`${pre}S_${i}_${t - 1}`, -1);
      for (let q = m.outStart[i]!; q < m.outStart[i + 1]!; q++) terms.set(`${pre}X_${m.outEdge[q]!}_${t}`, 1);
      let rhs = t === 0 ? m.stock0[i]! : 0;
      if (m.kind[i] === PRODUCT) {
        // sold = demand − unmet
        const p = m.productOf[i]!;
        terms.set(`${pre}U_${p}_${t}`, -1);
        rhs -= m.demand[t * m.products + p]!;
        lp.addConstraint(
          `${pre}unmet_${p}_${t}`,
          [[`${pre}U_${p}_${t}`, 1]],
          "<=",
          m.demand[t * m.products + p]!,
        );
        rows++;
      }
      lp.addConstraint(`${pre}stock_${i}_${t}`, terms, "=", rhs);
      rows++;
      if (m.kind[i] === STOCKPILE) {
        // Release is bounded by the stockpile's capacity as well as its stock.
        const out = new Map<string, number>();
        for (let q = m.outStart[i]!; q < m.outStart[i + 1]!; q++) out.set(`${pre}X_${m.outEdge[q]!}_${t}`, 1);
        if (out.size) {
          lp.addConstraint(`${pre}release_${i}_${t}`, out, "<=", m.cap[t * N + i]!);
          rows++;
        }
      }
      // Buffers: B[t] = B[t−1] + arrivals[t] − ratio × P[t].
      for (let s = m.slotStart[i]!; s < m.slotStart[i + 1]!; s++) {
        const b = new Map<string, number>([[`${pre}B_${s}_${t}`, 1]]);
        if (t > 0) b.set(`${pre}B_${s}_${t - 1}`, -1);
        for (const [v, w] of arrivals[s * M + t]!) b.set(v, -w);
        b.set(`${pre}P_${i}_${t}`, m.ratio[t * m.slots + s]!);
        lp.addConstraint(`${pre}buffer_${s}_${t}`, b, "=", constant[s * M + t]!);
        rows++;
      }
    }
  }
  for (let g = 0; g < m.capGroups; g++)
    for (let t = 0; t < M; t++) {
      const limit = m.capLimit[t * m.capGroups + g]!;
      if (!Number.isFinite(limit)) continue;
      const terms: [string, number][] = [];
      for (let j = 0; j < E; j++) if (m.capGroupOf[t * E + j] === g) terms.push([`${pre}X_${j}_${t}`, 1]);
      if (terms.length) {
        lp.addConstraint(`${pre}cap_${g}_${t}`, terms, "<=", limit);
        rows++;
      }
    }
  const objective: [string, number][] = [];
  for (let p = 0; p < m.products; p++)
    for (let t = 0; t < M; t++) objective.push([`${pre}U_${p}_${t}`, weight(p)]);
  if (!opts.lp) lp.setObjective(objective);
  return { lp, constraints: rows, objective };
}

export async function solveTwin(m: Model, options: LpSolveOptions = {}): Promise<TwinResult> {
  const { lp, constraints } = buildTwin(m);
  const r = await solveLp(lp, options);
  const M = m.months;
  const shortfall = new Float64Array(m.products * M);
  const shipped = new Float64Array(m.edges * M);
  for (let p = 0; p < m.products; p++)
    for (let t = 0; t < M; t++) shortfall[p * M + t] = r.values.get(`U_${p}_${t}`) ?? 0;
  for (let j = 0; j < m.edges; j++)
    for (let t = 0; t < M; t++) shipped[j * M + t] = r.values.get(`X_${j}_${t}`) ?? 0;
  return {
    status: r.status,
    total: r.objective,
    shortfall,
    shipped,
    variables: lp.variables.length,
    constraints,
  };
}
