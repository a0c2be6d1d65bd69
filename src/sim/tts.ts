/**
 * Time to survive and time to recover (Simchi-Levi et al., "Identifying risks and mitigating
 * disruptions in the automotive supply chain", Interfaces 2015): for each node taken down in turn,
 * how long the rest of the network, re-routed at best, can still meet every product's demand (TTS),
 * and how much demand it loses if the node stays down for the time it needs to recover (TTR). A node
 * whose TTS is shorter than the TTR is flagged; the ranking puts the largest loss first.
 *
 * One LP per question, aggregated over the window [0, t] in months (lead times are ignored, so the
 * answer is an upper bound on what month-by-month shipping could achieve). With node n down:
 *
 * - y_j = what node j makes over the window: y_j ≤ capacity_j · t, and y_n = 0;
 * - each input of j: recipe_jm · y_j ≤ Σ flows of m into j (recipe = perUnit ÷ yield; 1 for stockpiles);
 * - what a node ships ≤ its inventory + y_j (a down node still ships its stock); a stockpile also
 *   releases at most capacity · t, as in the engine;
 * - each product p: sold_p ≤ inventory_p + y_p; TTS: sold_p ≥ demand_p · t, maximise t;
 *   impact: sold_p + lost_p = demand_p · TTR, minimise Σ w_p · lost_p with w_p the kg of magnet per
 *   unit (default, so lost phones and lost turbines compare), the product's unitCost, or 1 per unit.
 *
 * Flows may use any existing edge in any amount: shares are the plan, not a limit, because the paper
 * asks what the best response could do. If the LP is unbounded the node never binds: TTS = ∞, shown
 * as "∞ (does not bind)". Lost units per product are one optimal allocation; when products compete
 * for one scarce supplier at equal weights, another split may be equally optimal.
 *
 * Parameters are read through `compile`, like a one-month simulation, so recipes, yields and starting
 * stock mean what they mean to the engine: a node's inventory is its output stock, or cover × its
 * planned monthly output when it gives a cover, else 0 (stockpiles: inventory or 0). The network is
 * read at `month` if given (each schedule's step in force, plants' start, end and ramp); otherwise as
 * built: every plant open at full capacity and each schedule at its first step.
 * @module
 * @example
 * const r = await ttsAnalysis(net, { ttr: 6 });
 * for (const n of r.nodes) console.log(n.node, formatTts(n.tts), n.impact.total, n.flagged ? "at risk" : "");
 */
import { UsageError } from "../errors.js";
import { compile, type Model } from "./compile.js";
import type { Network, Stage } from "./network.js";
import { LpModel, solveLp } from "./lp.js";
import { parseMonth } from "../units/month.js";

export interface TtsOptions {
  /** Time to recover, months: how long each disrupted node stays down. */
  ttr: number;
  /** Node ids to disrupt; default every node. */
  nodes?: string[];
  /** `YYYY-MM` at which to read the network; default: as built (see the module note). */
  month?: string;
  /** How lost units are weighed: kg of magnet per unit (default), unit cost, or units. */
  weight?: TtsWeight;
  /** Called after each node: nodes done, nodes in all. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between nodes. */
  signal?: AbortSignal;
}

export type TtsWeight = "magnet" | "cost" | "units";

/** Demand lost over the TTR: units per product id, and Σ weight × units. */
export interface TtsImpact {
  lost: Record<string, number>;
  total: number;
}

export interface TtsNodeResult {
  node: string;
  stage: Stage;
  country: string;
  /** Months the network meets all demand with this node down; Infinity (null in JSON) when it never binds. */
  tts: number;
  impact: TtsImpact;
  /** TTS < TTR: demand is lost before the node recovers. */
  flagged: boolean;
}

export interface TtsReport {
  ttr: number;
  weight: TtsWeight;
  month: string | null;
  /** The same questions with nothing down: a finite TTS here means the network falls short anyway. */
  baseline: { tts: number; impact: TtsImpact };
  /** Most exposed first: larger impact, then shorter TTS, then network order. */
  nodes: TtsNodeResult[];
}

/** Runs the TTS and impact LPs for every requested node; see the module note for the model. */
export async function ttsAnalysis(net: Network, opts: TtsOptions): Promise<TtsReport> {
  if (!(Number.isFinite(opts.ttr) && opts.ttr > 0))
    throw new UsageError("ttr must be a positive number of months", "ttr");
  if (opts.month !== undefined && parseMonth(opts.month) === null)
    throw new UsageError(`month "${opts.month}" is not a month YYYY-MM`, "month");
  const index = new Map(net.nodes.map((n, i) => [n.id, i]));
  for (const id of opts.nodes ?? [])
    if (!index.has(id)) throw new UsageError(`unknown node "${id}"`, "nodes");
  const m = compileAt(net, opts.month);
  const chosen = opts.nodes
    ? [...new Set(opts.nodes)].map((id) => index.get(id)!)
    : net.nodes.map((_, i) => i);

  const weight = opts.weight ?? "magnet";
  if (!["magnet", "cost", "units"].includes(weight))
    throw new UsageError(`weight "${weight}" is not magnet, cost or units`, "weight");
  const w = (p: number) =>
    weight === "units"
      ? 1
      : weight === "cost"
        ? (net.nodes[m.productNode[p]!]!.unitCost?.value ?? 1)
        : m.magnetPerUnit[p]!;
  const baseline = { tts: await survive(net, m, null), impact: await impact(net, m, null, opts.ttr, w) };
  const nodes: TtsNodeResult[] = [];
  for (const i of chosen) {
    opts.signal?.throwIfAborted();
    const n = net.nodes[i]!;
    const tts = await survive(net, m, i);
    nodes.push({
      node: n.id,
      stage: n.stage,
      country: n.country,
      tts,
      impact: await impact(net, m, i, opts.ttr, w),
      flagged: tts < opts.ttr,
    });
    opts.onProgress?.(nodes.length, chosen.length);
  }
  // Array.prototype.sort is stable, so equal exposure keeps network order.
  nodes.sort((a, b) => cmp(b.impact.total, a.impact.total) || cmp(a.tts, b.tts));
  return { ttr: opts.ttr, weight, month: opts.month ?? null, baseline, nodes };
}

/** `15.0 months`, or `∞ (does not bind)`. */
export function formatTts(tts: number): string {
  return tts === Infinity ? "∞ (does not bind)" : `${tts.toFixed(1)} months`;
}

/** A one-month model of the network at `month`, or as built when no month is given. */
function compileAt(net: Network, month: string | undefined): Model {
  let at = month;
  let read = net;
  if (at === undefined) {
    read = { ...net, nodes: net.nodes.map(({ start: _s, end: _e, ramp: _r, ...n }) => n) };
    // At the earliest step's month every schedule is at its first step (compile holds a schedule's
    // first value before its first step starts).
    const steps = net.nodes.flatMap((n) =>
      [n.demand, ...n.inputs.map((x) => x.perUnit)].flatMap((s) =>
        Array.isArray(s) ? s.map((p) => p.from!) : [],
      ),
    );
    at = steps.sort()[0] ?? "2000-01";
  }
  return compile(
    read,
    { name: "tts", network: "reference", start: at, months: 1, allocation: "pro-rata", shocks: [] },
    null,
  );
}

/** TTS with node `down` out (null: nothing out): max t, or Infinity when the LP is unbounded. */
async function survive(net: Network, m: Model, down: number | null): Promise<number> {
  const lp = flowModel(net, m, down, null);
  // t = 0 with nothing made is always feasible (every right-hand side is a stock ≥ 0), so "infeasible
  // or unbounded" can only mean unbounded here.
  const r = await solveLp(lp, { accept: ["Unbounded", "Primal infeasible or unbounded"] });
  return r.status === "Optimal" ? r.objective : Infinity;
}

/** Demand lost over `ttr` months with node `down` out, each product's units weighted by `w(p)`. */
async function impact(
  net: Network,
  m: Model,
  down: number | null,
  ttr: number,
  w: (p: number) => number,
): Promise<TtsImpact> {
  const r = await solveLp(flowModel(net, m, down, ttr, w));
  const lost: Record<string, number> = {};
  for (let p = 0; p < m.products; p++) {
    const id = net.nodes[m.productNode[p]!]!.id;
    lost[id] = Math.max(0, r.values.get(`lost:${id}`)!);
  }
  return { lost, total: Math.max(0, r.objective) };
}

/**
 * The shared constraints; `ttr` null makes t a variable and the objective max t, a number fixes t and
 * minimises weighted lost demand.
 */
function flowModel(
  net: Network,
  m: Model,
  down: number | null,
  ttr: number | null,
  w: (p: number) => number = () => 1,
): LpModel {
  const lp = new LpModel(
    `${ttr === null ? "tts" : "impact"} ${net.name}${down === null ? "" : ` without ${net.nodes[down]!.id}`}`,
    ttr === null ? "max" : "min",
  );
  // Σ terms ≤ rate × t: t is a column for TTS, and a constant on the right-hand side for impact.
  const t = ttr === null ? lp.addVar("t") : null;
  const withinRate = (name: string, terms: [string, number][], rate: number): void => {
    if (t === null) lp.addConstraint(name, terms, "<=", rate * ttr!);
    else lp.addConstraint(name, [...terms, [t, -rate]], "<=", 0);
  };

  const y = net.nodes.map((n, i) => lp.addVar(`y:${n.id}`, { hi: i === down ? 0 : Infinity }));
  const f = net.edges.map((e, j) => lp.addVar(`f${j}:${e.from}>${e.to}`));
  const out = (i: number): [string, number][] => {
    const terms: [string, number][] = [];
    for (let q = m.outStart[i]!; q < m.outStart[i + 1]!; q++) terms.push([f[m.outEdge[q]!]!, 1]);
    return terms;
  };

  net.nodes.forEach((n, i) => {
    if (i !== down) withinRate(`capacity:${n.id}`, [[y[i]!, 1]], m.cap[i]!);
    for (let s = m.slotStart[i]!; s < m.slotStart[i + 1]!; s++) {
      const terms: [string, number][] = [[y[i]!, m.ratio[s]!]];
      for (let q = m.inStart[s]!; q < m.inStart[s + 1]!; q++) terms.push([f[m.inEdge[q]!]!, -1]);
      lp.addConstraint(`input:${n.id}:${n.inputs[s - m.slotStart[i]!]!.material}`, terms, "<=", 0);
    }
    const p = m.productOf[i]!;
    if (p < 0) {
      lp.addConstraint(`stock:${n.id}`, [...out(i), [y[i]!, -1]], "<=", m.stock0[i]!);
      if (n.stage === "stockpile") withinRate(`release:${n.id}`, out(i), m.cap[i]!);
      return;
    }
    const sold = lp.addVar(`sold:${n.id}`);
    lp.addConstraint(`stock:${n.id}`, { [sold]: 1, [y[i]!]: -1 }, "<=", m.stock0[i]!);
    if (t !== null) lp.addConstraint(`demand:${n.id}`, { [sold]: 1, [t]: -m.demand[p]! }, ">=", 0);
    else {
      const lost = lp.addVar(`lost:${n.id}`);
      lp.addConstraint(`demand:${n.id}`, { [sold]: 1, [lost]: 1 }, "=", m.demand[p]! * ttr!);
    }
  });

  if (t !== null) lp.setObjective({ [t]: 1 });
  else lp.setObjective(Array.from(m.productNode, (i, p) => [`lost:${net.nodes[i]!.id}`, w(p)] as const));
  return lp;
}

/** Orders numbers, treating a relative difference below 1e-9 as a tie (solver noise is not a rank). */
function cmp(a: number, b: number): number {
  const near = Number.isFinite(a - b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const tie = a === b || near;
  return tie ? 0 : a < b ? -1 : 1;
}
