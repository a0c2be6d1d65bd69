/**
 * Applying a portfolio of levers to a network: the simulator then runs the changed network like any
 * other, so levers are judged on the same flows, capacities, lead times and inventories.
 *
 * - **supplier**: a node with its recipe and suppliers, starting after qualification and ramping; its
 *   customers take a share of their need from it that grows with the ramp, the incumbents' shares
 *   shrinking in proportion;
 * - **recycling**: a `recycling` node whose monthly capacity is the smaller of the plant (ramped) and
 *   what end-of-life magnets allow (stock model outflow × collection × recovery ÷ 12), with customers
 *   as for a supplier;
 * - **substitution**: from adoption (start + lag) the products' intensity of the magnet material falls
 *   by share × size;
 * - **stockpile**: a stockpile node holding size × full size from its start (bought full: its capex
 *   includes the material), released to its customers by its rule and refilled from its suppliers.
 *
 * Derived numbers are written as assumptions naming the lever and portfolio they come from, so a
 * changed network still says where each number came from.
 * @module
 * @example
 * const changed = applyPortfolio(network, levers, { name: "mix", choices: [{ lever: "mp-10x", size: 1 }] });
 */
import { UsageError } from "../errors.js";
import { rampFactor } from "../sim/compile.js";
import type { Network, NetworkEdge, NetworkNode } from "../sim/network.js";
import { valueAt } from "../sim/network.js";
import type { Param, Schedule } from "../sim/param.js";
import { addMonths, formatMonth, parseMonth } from "../units/month.js";
import type { Choice, Lever, Portfolio } from "./lever.js";
import { endOfLifeSupply } from "./recycling.js";

/** Months over which ramps and end-of-life supply are written as monthly steps. */
const STEP_HORIZON_MONTHS = 240;

/** When a chosen lever starts: its own start if given, never before the lever's earliest. */
export function startOf(lever: Lever, choice: Choice): string {
  const earliest = lever.earliestStart;
  return choice.start && choice.start > earliest ? choice.start : earliest;
}

function scaled(p: Param, f: number, why: string): Param {
  const range: [number, number] = p.range ? [p.range[0] * f, p.range[1] * f] : [p.value * f, p.value * f];
  return f === 1 ? p : { value: p.value * f, assumption: why, range };
}

/**
 * Gives `node` a share of each customer's need for `material` growing with `shareAt(k)` (k months after
 * `start`), scaling the customer's other suppliers of that material by (1 − that share).
 */
function takeShares(
  net: Network,
  nodeId: string,
  material: string,
  customers: { node: string; leadTime: Param; share?: Param }[],
  start: string,
  shareAt: (k: number) => number,
  months: number,
  why: string,
): NetworkEdge[] {
  const supplierOf = new Map(net.nodes.map((n) => [n.id, n]));
  const added: NetworkEdge[] = [];
  for (const c of customers) {
    // A share is of the customer's need in the month it uses the material; the order for it leaves
    // one lead time earlier — so the share starts a lead time after the plant does, and grows as the
    // plant's capacity did a lead time before.
    const from = addMonths(parseMonth(start)!, Math.max(1, Math.round(c.leadTime.value)));
    const steps = Array.from({ length: months + 1 }, (_, k) => formatMonth(addMonths(from, k)));
    const full = c.share?.value ?? 1;
    const s = steps.map((m, k) => ({ m, v: full * shareAt(k) }));
    const mine: Param[] = [
      { value: 0, from: formatMonth(addMonths(from, -1)), assumption: why, range: [0, 0] },
      ...s.map(({ m, v }) => ({ value: v, from: m, assumption: why, range: [v, v] as [number, number] })),
    ];
    added.push({ from: nodeId, to: c.node, leadTime: c.leadTime, share: mine, priority: 0 });
    net.edges = net.edges.map((e) => {
      if (
        e.to !== c.node ||
        supplierOf.get(e.from)?.output !== material ||
        supplierOf.get(e.from)?.stage === "stockpile"
      )
        return e;
      return { ...e, share: scaleSchedule(e.share, s, why) };
    });
  }
  return added;
}

/** Edges from a lever's suppliers into it; an omitted share splits its need evenly. */
function feedEdges(
  nodeId: string,
  suppliers: { node: string; leadTime: Param; share?: Param }[],
  why: string,
): NetworkEdge[] {
  const n = suppliers.length;
  return suppliers.map((s) => ({
    from: s.node,
    to: nodeId,
    leadTime: s.leadTime,
    share: s.share ?? { value: 1 / n, assumption: `${why}: split evenly`, range: [1 / n, 1 / n] },
    priority: 0,
  }));
}

/** Edges from a lever's node with no contracted share: the planner's twin decides their flows. */
function freeEdges(nodeId: string, customers: { node: string; leadTime: Param }[]): NetworkEdge[] {
  return customers.map((c) => ({
    from: nodeId,
    to: c.node,
    leadTime: c.leadTime,
    share: { value: 0, source: "flows decided by the planner" },
    priority: 0,
  }));
}

/** A schedule multiplied by (1 − v) from each step month `m` on. */
function scaleSchedule(sch: Schedule, steps: { m: string; v: number }[], why: string): Param[] {
  const months = [
    ...new Set([...(Array.isArray(sch) ? sch.map((p) => p.from!) : []), ...steps.map((x) => x.m)]),
  ].sort();
  const first = Array.isArray(sch) ? [...sch].sort((a, b) => a.from!.localeCompare(b.from!))[0]! : sch;
  const takenAt = (m: string) => {
    let v = 0;
    for (const x of steps) if (x.m <= m) v = x.v;
    return v;
  };
  const base = (m: string) => valueAt(sch, m);
  const out: Param[] = [{ ...first, from: Array.isArray(sch) ? first.from! : "1900-01" } as Param];
  for (const m of months) {
    const v = base(m) * (1 - takenAt(m));
    const r = first.range;
    out.push({
      value: v,
      from: m,
      assumption: why,
      range: r ? [Math.min(v, r[0] * (1 - takenAt(m))), Math.max(v, r[1] * (1 - takenAt(m)))] : [v, v],
    });
  }
  return out;
}

/** The network with the portfolio's levers applied. Unknown levers or nodes are usage errors. */
export function applyPortfolio(
  network: Network,
  levers: readonly Lever[],
  portfolio: Portfolio,
  opts: {
    /**
     * For the planner's linear twin: lever nodes join with no contracted share and stockpiles empty,
     * since the optimiser's own variables decide what they supply.
     */
    forTwin?: boolean;
  } = {},
): Network {
  const net: Network = structuredClone(network);
  const byId = new Map(levers.map((l) => [l.id, l]));
  const ids = new Set(net.nodes.map((n) => n.id));
  const need = (id: string, what: string) => {
    if (!ids.has(id))
      throw new UsageError(
        `lever ${what} names node "${id}", which is not in network "${net.name}"`,
        "lever",
      );
  };
  for (const choice of portfolio.choices) {
    const lever = byId.get(choice.lever);
    if (!lever)
      throw new UsageError(
        `portfolio "${portfolio.name}" names lever "${choice.lever}", which is not defined`,
        "portfolio",
      );
    const f = choice.size;
    const start = startOf(lever, choice);
    const why = `lever ${lever.id} at ${Math.round(f * 100)}% from ${start} (portfolio ${portfolio.name})`;
    if (lever.kind === "supplier") {
      [...lever.suppliers, ...lever.customers].forEach((l) => need(l.node, lever.id));
      const online = formatMonth(addMonths(parseMonth(start)!, Math.round(lever.qualification.value)));
      const node: NetworkNode = {
        id: lever.id,
        name: lever.name,
        stage: lever.stage as NetworkNode["stage"],
        country: lever.country,
        output: lever.output,
        capacity: scaled(lever.capacity, f, why),
        start: online,
        ramp: lever.ramp,
        inputs: lever.inputs.map((x) => ({ material: x.material, perUnit: x.perUnit })),
        cover: lever.cover,
        inventory: { value: 0, source: "a new plant starts with no stock" },
        unitCost: lever.premium,
      };
      net.nodes.push(node);
      net.edges.push(...feedEdges(lever.id, lever.suppliers, why));
      // takeShares replaces net.edges: take its result before pushing onto the array.
      const added = opts.forTwin
        ? freeEdges(lever.id, lever.customers)
        : takeShares(
            net,
            lever.id,
            lever.output,
            lever.customers,
            online,
            (k) => f * rampFactor(lever.ramp, k),
            lever.ramp.months,
            why,
          );
      net.edges.push(...added);
    } else if (lever.kind === "recycling") {
      lever.customers.forEach((l) => need(l.node, lever.id));
      const supply = endOfLifeSupply(lever, f, start, STEP_HORIZON_MONTHS);
      net.nodes.push({
        id: lever.id,
        name: lever.name,
        stage: "recycling",
        country: lever.country,
        output: lever.output,
        capacity: supply.map((v, k) => ({
          value: v,
          from: formatMonth(addMonths(parseMonth(start)!, k)),
          assumption: `${why}: min(plant capacity on its ramp, end-of-life magnets × collection × recovery)`,
          range: [v, v] as [number, number],
        })),
        start,
        inputs: [],
        unitCost: lever.opex,
      });
      // The share each customer takes follows what recycling can supply, relative to its full size.
      const full = lever.capacity.value * f;
      const added = opts.forTwin
        ? freeEdges(lever.id, lever.customers)
        : takeShares(
            net,
            lever.id,
            lever.output,
            lever.customers,
            start,
            (k) => (full > 0 ? Math.min(1, (supply[k] ?? supply.at(-1)!) / full) : 0) * f,
            STEP_HORIZON_MONTHS,
            why,
          );
      net.edges.push(...added);
    } else if (lever.kind === "substitution") {
      const adopt = formatMonth(addMonths(parseMonth(start)!, Math.round(lever.lag.value)));
      const cut = 1 - lever.share.value * f;
      for (const pid of lever.products) {
        need(pid, lever.id);
        const node = net.nodes.find((n) => n.id === pid)!;
        const input = node.inputs.find((x) => x.material === lever.material);
        if (!input)
          throw new UsageError(`lever ${lever.id}: product "${pid}" takes no ${lever.material}`, "lever");
        input.perUnit = scaleSchedule(
          input.perUnit,
          [{ m: adopt, v: 1 - cut }],
          `${why}: intensity × ${cut.toFixed(3)} from adoption`,
        );
      }
    } else {
      [...lever.suppliers, ...lever.customers].forEach((l) => need(l.node, lever.id));
      net.nodes.push({
        id: lever.id,
        name: lever.name,
        stage: "stockpile",
        country: lever.country,
        output: lever.material,
        capacity: lever.rate,
        inventory: opts.forTwin
          ? { value: 0, source: "the planner sets the opening stock" }
          : scaled(lever.size, f, why),
        release: lever.release,
        start,
        inputs: [
          { material: lever.material, perUnit: { value: 1, source: "a stockpile holds what it takes in" } },
        ],
        holdingCost: lever.holdingCost,
      });
      net.edges.push(...feedEdges(lever.id, lever.suppliers, why));
      for (const c of lever.customers)
        net.edges.push({
          from: lever.id,
          to: c.node,
          leadTime: c.leadTime,
          share: { value: 0, source: "stockpiles release to restock orders, not to plans" },
          priority: 0,
        });
    }
    ids.add(lever.id);
  }
  return net;
}
