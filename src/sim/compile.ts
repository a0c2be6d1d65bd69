/**
 * Turns a network and a scenario into the engine's model: flat typed arrays indexed by node, edge,
 * input slot and month, with every parameter drawn once (Monte-Carlo) or taken at its value
 * (deterministic). The draw order is fixed by the files, so run r of seed s always sees the same inputs.
 *
 * The plan: each product's demand is exploded upstream (MRP) through recipes, shares and lead times
 * into the volume every edge is contracted to carry each month. Plans do not react to shocks; controls
 * are measured against them.
 * @module
 */
import { parseMonth, type MonthIndex } from "../units/month.js";
import type { Network, Problem } from "./network.js";
import { isSource, topologicalOrder } from "./network.js";
import { sampleParam, type Param, type Schedule } from "./param.js";
import type { Rng } from "./rng.js";
import type { Scenario } from "./scenario.js";
import { delayWeights, type ExportControl } from "./shocks/export-control.js";

/** Longest licensing delay the model represents, months; later mass lands in the last month. */
export const MAX_DELAY_MONTHS = 24;

export interface Model {
  readonly nodes: number;
  readonly edges: number;
  readonly slots: number;
  readonly months: number;
  readonly products: number;
  readonly elements: number;
  readonly start: MonthIndex;
  readonly allocation: "pro-rata" | "priority";
  /** Node columns. */
  // Per-month columns are month-major ([t × rows + row]): the engine reads one month of every row
  // at a time, and this keeps that month contiguous in memory.
  readonly cap: Float64Array; // months × nodes, output units per month
  readonly target: Float64Array; // nodes
  readonly stock0: Float64Array; // nodes
  readonly kind: Uint8Array; // nodes: 0 process, 1 mine, 2 product, 3 stockpile
  readonly release: Uint8Array; // nodes: stockpiles, 0 on-shock, 1 below-cover
  readonly productOf: Int32Array; // nodes → product index or −1
  readonly productNode: Int32Array; // products → node
  readonly demand: Float64Array; // months × products, units
  readonly magnetPerUnit: Float64Array; // products, kg magnet per unit
  readonly planOut: Float64Array; // months × nodes
  /** Input slots (one per node × input material), in CSR by node. */
  readonly slotStart: Int32Array; // nodes + 1
  readonly slotNode: Int32Array; // slots
  readonly ratio: Float64Array; // months × slots, kg input per output unit (yield included)
  /** Edges; `outStart`/`outEdge` list each node's out-edges sorted by priority. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly slot: Int32Array;
  readonly lead: Int32Array;
  readonly share: Float64Array; // months × edges: planned share of the customer's need
  readonly fromStockpile: Uint8Array;
  readonly outStart: Int32Array;
  readonly outEdge: Int32Array;
  readonly inStart: Int32Array; // slots + 1
  readonly inEdge: Int32Array;
  readonly planEdge: Float64Array; // months × edges, contracted volume
  /** Export controls per edge-month: approval share of plan (1 = free), delay kernel, cap group. */
  readonly approve: Float64Array;
  readonly kernelOf: Int32Array; // months × edges → kernel index or −1
  readonly kernels: Float64Array; // kernels × (MAX_DELAY+1)
  readonly capGroupOf: Int32Array; // months × edges → group or −1
  readonly capGroups: number;
  readonly capLimit: Float64Array; // months × groups
  readonly anyShock: Uint8Array; // months
  /** Arrivals already in transit at month 0 (steady state): edges × maxLead. */
  readonly ring: number; // ring length, months: a power of two
  readonly pipeline0: Float64Array; // edges × ring
  /** Element content, kg per output unit (nodes) and per input kg (slots): for mass balance. */
  readonly outContent: Float64Array; // nodes × elements
  readonly slotContent: Float64Array; // slots × elements
}

/** What `compile` draws from: a seeded stream (Monte-Carlo) or null (every parameter at its value). */
export type Draw = Rng | null;

const KIND = { process: 0, mine: 1, product: 2, stockpile: 3 } as const;

/**
 * Typed arrays reused from one compile to the next: a Monte-Carlo batch compiles thousands of models
 * of one shape, and allocating (and collecting) their arrays each time cost more than filling them.
 * A model built in an arena is valid until the next compile into the same arena.
 */
export class ModelArena {
  private readonly arrays = new Map<string, Float64Array | Int32Array | Uint8Array>();
  private get<T extends Float64Array | Int32Array | Uint8Array>(
    name: string,
    n: number,
    make: (n: number) => T,
    fill: number,
  ): T {
    let a = this.arrays.get(name) as T | undefined;
    if (a?.length !== n) this.arrays.set(name, (a = make(n)));
    return a!.fill(fill) as T;
  }
  f64(name: string, n: number, fill = 0): Float64Array {
    return this.get(name, n, (k) => new Float64Array(k), fill);
  }
  i32(name: string, n: number, fill = 0): Int32Array {
    return this.get(name, n, (k) => new Int32Array(k), fill);
  }
  u8(name: string, n: number, fill = 0): Uint8Array {
    return this.get(name, n, (k) => new Uint8Array(k), fill);
  }
}

/** Builds the model for one run (into `arena`'s arrays when given: see ModelArena). */
export function compile(net: Network, sc: Scenario, rng: Draw, arena: ModelArena = new ModelArena()): Model {
  const draw = (p: Param) => (rng ? sampleParam(p, rng) : p.value);
  const M = sc.months;
  const start = parseMonth(sc.start)!;
  const N = net.nodes.length;
  const E = net.edges.length;
  const K = net.elements.length;
  const st = structureOf(net, sc);
  const { nodeIndex, order, scopeEdges } = st;
  const monthOf = (text: string) => parseMonth(text)! - start;

  const materials = new Map(
    net.materials.map((m) => [m.id, net.elements.map((el) => (m.content[el] ? draw(m.content[el]) : 0))]),
  );

  // Nodes.
  const { kind, release, slotStart, slotNode, slotMaterial, productOf, productNode: productIds } = st;
  const S = slotNode.length;
  const P = productIds.length;
  const cap = arena.f64("cap", N * M, 0);
  const ratio = arena.f64("ratio", S * M, 0);
  const demand = arena.f64("demand", P * M, 0);
  const cover = arena.f64("cover", N, 0);
  const inventory = arena.f64("inventory", N, NaN);
  net.nodes.forEach((n, i) => {
    fillSchedule(n.capacity, draw, start, M, cap, N, i, 1);
    const s = n.start ? monthOf(n.start) : -Infinity;
    const e = n.end ? monthOf(n.end) : Infinity;
    for (let t = 0; t < M; t++)
      cap[t * N + i] = t < s || t > e ? 0 : cap[t * N + i]! * rampFactor(n.ramp, t - s);
    if (n.inventory) inventory[i] = draw(n.inventory);
    cover[i] = n.cover ? draw(n.cover) : 0;
    n.inputs.forEach((inp, k) => {
      const y = inp.yield ? draw(inp.yield) : 1;
      const slotIndex = slotStart[i]! + k;
      fillSchedule(inp.perUnit, draw, start, M, ratio, S, slotIndex, 1 / y);
      // A stockpile holds what it takes in: one kg out per kg in, whatever the file says.
      if (kind[i] === KIND.stockpile) for (let t = 0; t < M; t++) ratio[t * S + slotIndex] = 1;
    });
    if (n.stage === "product") fillSchedule(n.demand!, draw, start, M, demand, P, productOf[i]!, 1);
  });

  // Edges.
  const { from, to, slot, fromStockpile, outStart, outEdge, inStart, inEdge } = st;
  const lead = arena.i32("lead", E, 0);
  const share = arena.f64("share", E * M, 0);
  net.edges.forEach((e, j) => {
    lead[j] = Math.max(1, Math.round(draw(e.leadTime)));
    fillSchedule(e.share, draw, start, M, share, E, j, 1);
  });
  // Shares are drawn one by one; scale each customer's suppliers of a material back to a sum of 1.
  for (let t = 0; t < M; t++)
    for (let s = 0; s < S; s++) {
      let sum = 0;
      for (let q = inStart[s]!; q < inStart[s + 1]!; q++)
        if (!fromStockpile[inEdge[q]!]) sum += share[t * E + inEdge[q]!]!;
      if (sum > 0)
        for (let q = inStart[s]!; q < inStart[s + 1]!; q++)
          if (!fromStockpile[inEdge[q]!]) share[t * E + inEdge[q]!]! /= sum;
    }

  // Shocks that change inputs: surges multiply demand, outages cut capacity.
  const anyShock = arena.u8("anyShock", M, 0);
  const mark = (a: number, b: number) => {
    for (let t = Math.max(0, a); t <= Math.min(M - 1, b); t++) anyShock[t] = 1;
  };
  const controls: ExportControl[] = [];
  for (const shock of sc.shocks) {
    if (shock.kind === "demand-surge") {
      const f = draw(shock.factor);
      const a = monthOf(shock.from);
      const b = shock.to ? monthOf(shock.to) : M - 1;
      mark(a, b);
      for (let p = 0; p < P; p++) {
        const n = net.nodes[productIds[p]!]!;
        if (!(shock.products?.includes(n.id) || shock.endUses?.includes(n.endUse!))) continue;
        for (let t = Math.max(0, a); t <= Math.min(M - 1, b); t++) demand[t * P + p]! *= f;
      }
    } else if (shock.kind === "outage") {
      const months = Math.round(draw(shock.recovery));
      const sev = draw(shock.severity);
      const i = nodeIndex.get(shock.node)!;
      const a = monthOf(shock.from);
      mark(a, a + months - 1);
      for (let t = Math.max(0, a); t < Math.min(M, a + months); t++) cap[t * N + i]! *= 1 - sev;
    } else controls.push(shock);
  }

  // The plan: demand exploded upstream in reverse topological order.
  const planOut = arena.f64("planOut", N * M, 0);
  const planEdge = arena.f64("planEdge", E * M, 0);
  for (let k = N - 1; k >= 0; k--) {
    const i = order[k]!;
    if (kind[i] === KIND.product)
      for (let t = 0; t < M; t++) planOut[t * N + i] = demand[t * P + productOf[i]!]!;
    for (let s = slotStart[i]!; s < slotStart[i + 1]!; s++) {
      for (let q = inStart[s]!; q < inStart[s + 1]!; q++) {
        const j = inEdge[q]!;
        if (fromStockpile[j]) continue;
        for (let t = 0; t < M; t++) {
          const use = Math.min(M - 1, t + lead[j]!);
          const v = share[use * E + j]! * ratio[use * S + s]! * planOut[use * N + i]!;
          planEdge[t * E + j] = v;
          planOut[t * N + from[j]!]! += v;
        }
      }
    }
  }

  const target = arena.f64("target", N, 0);
  const stock0 = arena.f64("stock0", N, 0);
  for (let i = 0; i < N; i++) {
    let mean = 0;
    for (let t = 0; t < M; t++) mean += planOut[t * N + i]!;
    mean /= M;
    target[i] =
      kind[i] === KIND.stockpile ? (Number.isNaN(inventory[i]!) ? 0 : inventory[i]!) : cover[i]! * mean;
    stock0[i] = Number.isNaN(inventory[i]!) ? target[i]! : inventory[i]!;
  }

  // Export controls.
  const approve = arena.f64("approve", E * M, 1);
  const kernelOf = arena.i32("kernelOf", E * M, -1);
  const capGroupOf = arena.i32("capGroupOf", E * M, -1);
  const D = MAX_DELAY_MONTHS;
  const kernels = arena.f64("kernels", controls.length * (D + 1), 0);
  const kernelMean = arena.f64("kernelMean", controls.length, 0);
  const capLimit = arena.f64("capLimit", controls.length * M, Infinity);
  controls.forEach((c, ci) => {
    const a0 = draw(c.approval);
    const mean = draw(c.delay.mean);
    const spread = c.delay.spread ? draw(c.delay.spread) : 0;
    const recAfter = c.recovery ? draw(c.recovery.after) : Infinity;
    const recApproval = c.recovery ? draw(c.recovery.approval) : a0;
    const capKg = c.cap ? draw(c.cap) : Infinity;
    kernels.set(delayWeights(c.delay.dist, mean, spread, D), ci * (D + 1));
    kernelMean[ci] = mean;
    const a = monthOf(c.from);
    const b = c.to ? monthOf(c.to) : M - 1;
    const active = (t: number) =>
      t >= a && t <= b && !c.suspensions.some((s) => t >= monthOf(s.from) && (!s.to || t <= monthOf(s.to)));
    const edges = scopeEdges[ci]!;
    for (let t = 0; t < M; t++) {
      if (!active(t)) continue;
      anyShock[t] = 1;
      capLimit[t * controls.length + ci] = capKg;
      const ap = t - a >= recAfter ? recApproval : a0;
      for (const j of edges) {
        const x = t * E + j;
        approve[x]! *= ap;
        if (kernelOf[x]! < 0 || kernelMean[kernelOf[x]!]! < mean) kernelOf[x] = ci;
        if (c.cap) capGroupOf[x] = ci;
      }
    }
  });

  // Pipeline at month 0: what was shipped before the start arrives as planned.
  // The ring is sized by the longest lead time any draw can give, so every run of a network has the
  // same shape and one workspace serves them all.
  let maxLead = 1;
  for (const e of net.edges)
    maxLead = Math.max(maxLead, Math.round(e.leadTime.range?.[1] ?? e.leadTime.value));
  // A power of two, so the engine indexes it with a mask rather than a division.
  const ring = 2 ** Math.ceil(Math.log2(maxLead + D + 1));
  const pipeline0 = arena.f64("pipeline0", E * ring, 0);
  for (let j = 0; j < E; j++) {
    if (fromStockpile[j]) continue;
    const s = slot[j]!;
    for (let t = 0; t < Math.min(lead[j]!, M); t++)
      pipeline0[j * ring + t] = share[t * E + j]! * ratio[t * S + s]! * planOut[t * N + to[j]!]!;
  }

  // Element content and magnet intensity per product unit.
  const outContent = arena.f64("outContent", N * K, 0);
  const slotContent = arena.f64("slotContent", S * K, 0);
  for (let s = 0; s < S; s++) slotContent.set(materials.get(slotMaterial[s]!)!, s * K);
  const magnetMaterials = new Set(net.nodes.filter((n) => n.stage === "magnet").map((n) => n.output!));
  const magnetKg = arena.f64("magnetKg", N, NaN);
  const magnetOf = (i: number): number => {
    if (!Number.isNaN(magnetKg[i]!)) return magnetKg[i]!;
    let v = 0;
    for (let s = slotStart[i]!; s < slotStart[i + 1]!; s++) {
      const mat = slotMaterial[s]!;
      const supplier = inStart[s + 1]! > inStart[s]! ? from[inEdge[inStart[s]!]!]! : -1;
      const r = ratio[s]!;
      v += magnetMaterials.has(mat) ? r : supplier >= 0 ? r * magnetOf(supplier) : 0;
    }
    return (magnetKg[i] = v);
  };
  for (let i = 0; i < N; i++) {
    if (kind[i] !== KIND.product) outContent.set(materials.get(net.nodes[i]!.output!)!, i * K);
    else
      for (let k = 0; k < K; k++) {
        // A unit holds what its inputs bring at the lowest intensity over the horizon; the rest is scrap.
        let least = Infinity;
        for (let t = 0; t < M; t++) {
          let v = 0;
          for (let s = slotStart[i]!; s < slotStart[i + 1]!; s++)
            v += ratio[t * S + s]! * slotContent[s * K + k]!;
          least = Math.min(least, v);
        }
        outContent[i * K + k] = least;
      }
  }
  const productNode = Int32Array.from(productIds);
  const magnetPerUnit = Float64Array.from(productIds, (i) => magnetOf(i));

  return {
    nodes: N,
    edges: E,
    slots: S,
    months: M,
    products: P,
    elements: K,
    start,
    allocation: sc.allocation,
    cap,
    target,
    stock0,
    kind,
    release,
    productOf,
    productNode,
    demand,
    magnetPerUnit,
    planOut,
    slotStart,
    slotNode: Int32Array.from(slotNode),
    ratio,
    from,
    to,
    slot,
    lead,
    share,
    fromStockpile,
    outStart,
    outEdge,
    inStart,
    inEdge,
    planEdge,
    approve,
    kernelOf,
    kernels,
    capGroupOf,
    capGroups: controls.length,
    capLimit,
    anyShock,
    ring,
    pipeline0,
    outContent,
    slotContent,
  };
}

interface Structure {
  readonly nodeIndex: Map<string, number>;
  readonly order: number[];
  readonly kind: Uint8Array;
  readonly release: Uint8Array;
  readonly productOf: Int32Array;
  readonly productNode: Int32Array;
  readonly slotStart: Int32Array;
  readonly slotNode: Int32Array;
  readonly slotMaterial: string[];
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly slot: Int32Array;
  readonly fromStockpile: Uint8Array;
  readonly outStart: Int32Array;
  readonly outEdge: Int32Array;
  readonly inStart: Int32Array;
  readonly inEdge: Int32Array;
  /** Per export control (in scenario order), the edges in its scope. */
  readonly scopeEdges: number[][];
}

const structures = new WeakMap<Network, WeakMap<Scenario, Structure>>();

/**
 * What does not change between runs of one network and scenario — indices, order, each control's
 * edges — computed once and kept for the (network, scenario) objects. Scope uses the nominal element
 * contents: whether a material contains an element does not depend on the draw.
 */
function structureOf(net: Network, sc: Scenario): Structure {
  let bySc = structures.get(net);
  if (!bySc) structures.set(net, (bySc = new WeakMap()));
  const hit = bySc.get(sc);
  if (hit) return hit;
  const nodeIndex = new Map(net.nodes.map((n, i) => [n.id, i]));
  const order = topologicalOrder(net);
  const uses = endUsesDownstream(net, nodeIndex, order);
  const nominal = new Map(
    net.materials.map((m) => [m.id, net.elements.map((el) => m.content[el]?.value ?? 0)]),
  );
  const scopeEdges = sc.shocks
    .filter((s): s is ExportControl => s.kind === "export-control")
    .map((c) =>
      net.edges.flatMap((e, j) =>
        inScope(c, net, nodeIndex.get(e.from)!, nodeIndex.get(e.to)!, nominal, uses) ? [j] : [],
      ),
    );
  const N = net.nodes.length;
  const E = net.edges.length;
  const kind = Uint8Array.from(net.nodes, (n) =>
    isSource(n.stage)
      ? KIND.mine
      : n.stage === "product"
        ? KIND.product
        : n.stage === "stockpile"
          ? KIND.stockpile
          : KIND.process,
  );
  const release = Uint8Array.from(net.nodes, (n) => (n.release === "below-cover" ? 1 : 0));
  const productOf = new Int32Array(N).fill(-1);
  const products: number[] = [];
  const slotStart = new Int32Array(N + 1);
  const slotNode: number[] = [];
  const slotMaterial: string[] = [];
  net.nodes.forEach((n, i) => {
    slotStart[i] = slotNode.length;
    for (const inp of n.inputs) {
      slotNode.push(i);
      slotMaterial.push(inp.material);
    }
    if (n.stage === "product") productOf[i] = products.push(i) - 1;
  });
  slotStart[N] = slotNode.length;
  const from = Int32Array.from(net.edges, (e) => nodeIndex.get(e.from)!);
  const to = Int32Array.from(net.edges, (e) => nodeIndex.get(e.to)!);
  const slot = Int32Array.from(net.edges, (_, j) => {
    const mat = net.nodes[from[j]!]!.output!;
    let s = slotStart[to[j]!]!;
    while (slotMaterial[s] !== mat) s++;
    return s;
  });
  const fromStockpile = Uint8Array.from(net.edges, (_, j) => (kind[from[j]!] === KIND.stockpile ? 1 : 0));
  const priority = Int32Array.from(net.edges, (e) => e.priority);
  const out = csr(
    N,
    E,
    (j) => from[j]!,
    (a, b) => priority[a]! - priority[b]! || a - b,
  );
  const inn = csr(
    slotNode.length,
    E,
    (j) => slot[j]!,
    (a, b) => a - b,
  );
  const st: Structure = {
    nodeIndex,
    order,
    scopeEdges,
    kind,
    release,
    productOf,
    productNode: Int32Array.from(products),
    slotStart,
    slotNode: Int32Array.from(slotNode),
    slotMaterial,
    from,
    to,
    slot,
    fromStockpile,
    outStart: out.start,
    outEdge: out.items,
    inStart: inn.start,
    inEdge: inn.items,
  };
  bySc.set(sc, st);
  return st;
}

/** Capacity share `k` months after a plant starts: linear, or a smoothstep S-curve, full after `months`. */
export function rampFactor(
  ramp: { months: number; shape: "linear" | "s-curve" } | undefined,
  k: number,
): number {
  if (!ramp || !Number.isFinite(k)) return 1;
  const x = Math.min(1, (k + 1) / ramp.months);
  return ramp.shape === "linear" ? x : x * x * (3 - 2 * x);
}

/** Writes a schedule's value for each month into `out[t × stride + offset]`, times `scale`. */
function fillSchedule(
  sch: Schedule,
  draw: (p: Param) => number,
  start: MonthIndex,
  M: number,
  out: Float64Array,
  stride: number,
  offset: number,
  scale: number,
): void {
  if (!Array.isArray(sch)) {
    const v = draw(sch) * scale;
    for (let t = 0; t < M; t++) out[t * stride + offset] = v;
    return;
  }
  // Draw in file order (the draw order is part of the seed's meaning), then apply in month order.
  const steps = sch.map((p) => ({ from: parseMonth(p.from!)! - start, v: draw(p) * scale }));
  steps.sort((a, b) => a.from - b.from);
  let k = 0;
  for (let t = 0; t < M; t++) {
    while (k + 1 < steps.length && steps[k + 1]!.from <= t) k++;
    out[t * stride + offset] = steps[k]!.v;
  }
}

function csr(n: number, m: number, key: (j: number) => number, cmp: (a: number, b: number) => number) {
  const items = Int32Array.from({ length: m }, (_, j) => j).sort((a, b) => key(a) - key(b) || cmp(a, b));
  const start = new Int32Array(n + 1);
  for (let j = 0; j < m; j++) start[key(j) + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  return { start, items };
}

/** End uses of the products each node feeds. */
function endUsesDownstream(net: Network, nodeIndex: Map<string, number>, order: number[]): Set<string>[] {
  const uses = net.nodes.map(() => new Set<string>());
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    const n = net.nodes[i]!;
    if (n.endUse) uses[i]!.add(n.endUse);
    for (const e of net.edges)
      if (e.from === n.id) for (const u of uses[nodeIndex.get(e.to)!]!) uses[i]!.add(u);
  }
  return uses;
}

function inScope(
  c: ExportControl,
  net: Network,
  a: number,
  b: number,
  materials: Map<string, number[]>,
  uses: Set<string>[],
): boolean {
  const sup = net.nodes[a]!;
  const cus = net.nodes[b]!;
  if (sup.country !== c.exporter || cus.country === c.exporter) return false;
  if (c.destinations && !c.destinations.includes(cus.country)) return false;
  if (c.allExcept?.includes(cus.country)) return false;
  const content = materials.get(sup.output!)!;
  const byElement = c.scope.elements?.some((el) => (content[net.elements.indexOf(el)] ?? 0) > 0) ?? false;
  const byMaterial = c.scope.materials?.includes(sup.output!) ?? false;
  const byStage = c.scope.stages?.includes(sup.stage) ?? false;
  if (!(byElement || byMaterial || byStage)) return false;
  if (c.scope.endUses) {
    const u = uses[b]!;
    if (u.size === 0 || [...u].some((x) => !c.scope.endUses!.includes(x))) return false;
  }
  return true;
}

/** Checks a scenario's references against a network: nodes, products and end uses it names. */
export function scenarioProblems(sc: Scenario, net: Network): Problem[] {
  const out: Problem[] = [];
  const ids = new Set(net.nodes.map((n) => n.id));
  const products = new Set(net.nodes.filter((n) => n.stage === "product").map((n) => n.id));
  const endUses = new Set(net.nodes.flatMap((n) => (n.endUse ? [n.endUse] : [])));
  const materials = new Set(net.materials.map((m) => m.id));
  sc.shocks.forEach((s, i) => {
    const at = (...p: (string | number)[]) => ["shocks", i, ...p];
    if ("to" in s && s.to && parseMonth(s.to)! < parseMonth(s.from)!)
      out.push({ path: at("to"), message: "ends before it starts" });
    if (s.kind === "outage" && !ids.has(s.node))
      out.push({ path: at("node"), message: `unknown node "${s.node}"` });
    if (s.kind === "demand-surge") {
      s.products?.forEach((p, j) => {
        if (!products.has(p)) out.push({ path: at("products", j), message: `unknown product "${p}"` });
      });
      s.endUses?.forEach((u, j) => {
        if (!endUses.has(u)) out.push({ path: at("endUses", j), message: `no product has end use "${u}"` });
      });
    }
    if (s.kind === "export-control") {
      s.scope.materials?.forEach((m, j) => {
        if (!materials.has(m))
          out.push({ path: at("scope", "materials", j), message: `unknown material "${m}"` });
      });
      s.scope.endUses?.forEach((u, j) => {
        if (!endUses.has(u))
          out.push({ path: at("scope", "endUses", j), message: `no product has end use "${u}"` });
      });
    }
  });
  return out;
}
