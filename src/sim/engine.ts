/**
 * The engine: one run of one model, month by month, over typed arrays only (no objects per node or
 * month). Each month, in this order:
 *
 * 1. **Arrivals.** Shipments due this month land in the customer's input buffer for that material.
 * 2. **Production.** Each node makes min(capacity, plan + restock orders + target stock − stock,
 *    inputs ÷ recipe);
 *    products make what demand and their finished-goods target ask. Mines need no inputs. Stockpiles
 *    take in what arrived, up to their capacity.
 * 3. **Shipping.** Each node serves its contracted (planned) orders first, then restock orders, from
 *    its stock, by the allocation rule when short (pro-rata, or by edge priority). Products sell to
 *    demand; what they cannot sell is the shortfall.
 * 4. **Licensing.** On a controlled edge at most `approval` × the contracted volume is licensed; the
 *    rest stays with the exporter (lost to that destination). A cap scales a control's approved total
 *    down pro-rata. Approved quantities leave now and arrive after lead time + licensing delay, spread
 *    over the delay distribution's months.
 * 5. **Restock orders** for next month: a node below its target stock orders the inputs to make up
 *    the gap (net of its input buffer), first from stockpiles whose release rule allows, then from its
 *    suppliers by share. Unfilled orders lapse; the node asks again next month.
 *
 * Mass is conserved at every node and month, per element: stock change = arrivals − shipments − sales −
 * process loss (recipe input content beyond output content), with mines as the only sources.
 * @module
 */
import { MAX_DELAY_MONTHS, type Model } from "./compile.js";

/** What one run yields. */
export interface RunOutput {
  /** Unmet demand, units: products × months. */
  readonly shortfall: Float64Array;
  /** Output stock at month end: nodes × months (Float32: paths are for charts and quantiles). */
  readonly inventory: Float32Array | null;
}

/** Every flow of a run, for mass-balance checks and the linear twin comparison (tests, `--trace`). */
export interface Trace {
  readonly production: Float64Array; // nodes × months
  readonly sold: Float64Array; // nodes × months
  readonly arrived: Float64Array; // edges × months
  readonly shipped: Float64Array; // edges × months
  readonly stock: Float64Array; // nodes × (months + 1): opening, then each month's close
  readonly buffer: Float64Array; // slots × (months + 1)
  readonly inTransitEnd: Float64Array; // edges: shipped but not arrived at the horizon
}

/** Scratch arrays sized for one model's shape; reuse across runs of the same network. */
export interface Workspace {
  readonly stock: Float64Array;
  readonly buffer: Float64Array;
  readonly ring: Float64Array;
  readonly orders: Float64Array;
  readonly restock: Float64Array;
  readonly ship: Float64Array;
  readonly groupSum: Float64Array;
}

export function workspace(m: Model): Workspace {
  return {
    stock: new Float64Array(m.nodes),
    buffer: new Float64Array(m.slots),
    ring: new Float64Array(m.edges * m.ring),
    orders: new Float64Array(m.edges),
    restock: new Float64Array(m.edges),
    ship: new Float64Array(m.edges),
    groupSum: new Float64Array(m.capGroups),
  };
}

export function runOutput(m: Model, withInventory = true): RunOutput {
  return {
    shortfall: new Float64Array(m.products * m.months),
    inventory: withInventory ? new Float32Array(m.nodes * m.months) : null,
  };
}

export function emptyTrace(m: Model): Trace {
  return {
    production: new Float64Array(m.nodes * m.months),
    sold: new Float64Array(m.nodes * m.months),
    arrived: new Float64Array(m.edges * m.months),
    shipped: new Float64Array(m.edges * m.months),
    stock: new Float64Array(m.nodes * (m.months + 1)),
    buffer: new Float64Array(m.slots * (m.months + 1)),
    inTransitEnd: new Float64Array(m.edges),
  };
}

const PRODUCT = 2;
const STOCKPILE = 3;
const W = MAX_DELAY_MONTHS + 1;

/** Runs one model; writes `out` (and `trace` when given). Pure apart from its output arguments. */
export function simulate(
  m: Model,
  out: RunOutput,
  ws: Workspace = workspace(m),
  trace: Trace | null = null,
): void {
  const { nodes: N, edges: E, months: M, ring: H, slots: S, products: P } = m;
  const { stock, buffer, ring, orders, restock, ship, groupSum } = ws;
  stock.set(m.stock0);
  buffer.fill(0);
  ring.set(m.pipeline0);
  restock.fill(0);
  const priority = m.allocation === "priority";
  const mask = H - 1;
  if (trace) {
    for (let i = 0; i < N; i++) trace.stock[i * (M + 1)] = stock[i]!;
  }

  for (let t = 0; t < M; t++) {
    const h = t & mask;
    // 1. Arrivals.
    for (let j = 0; j < E; j++) {
      const a = ring[j * H + h]!;
      if (a === 0) continue;
      ring[j * H + h] = 0;
      buffer[m.slot[j]!]! += a;
      if (trace) trace.arrived[j * M + t] = a;
    }

    // 2. Production.
    for (let i = 0; i < N; i++) {
      const s0 = m.slotStart[i]!;
      const s1 = m.slotStart[i + 1]!;
      let p: number;
      if (m.kind[i] === STOCKPILE) {
        p = Math.min(buffer[s0]!, m.cap[t * N + i]!);
        buffer[s0]! -= p;
      } else {
        let planned = m.kind[i] === PRODUCT ? m.demand[t * P + m.productOf[i]!]! : m.planOut[t * N + i]!;
        for (let q = m.outStart[i]!; q < m.outStart[i + 1]!; q++) planned += restock[m.outEdge[q]!]!;
        p = Math.min(m.cap[t * N + i]!, planned + m.target[i]! - stock[i]!);
        if (p <= 0) continue;
        for (let s = s0; s < s1; s++) {
          const r = m.ratio[t * S + s]!;
          if (buffer[s]! < p * r) p = buffer[s]! / r;
        }
        for (let s = s0; s < s1; s++) {
          const left = buffer[s]! - p * m.ratio[t * S + s]!;
          buffer[s] = left > 0 ? left : 0;
        }
      }
      stock[i]! += p;
      if (trace) trace.production[i * M + t] = p;
    }

    // 3. Shipping: contracted orders first, then restock orders, each by the allocation rule.
    for (let i = 0; i < N; i++) {
      if (m.kind[i] === PRODUCT) {
        const p = m.productOf[i]!;
        const d = m.demand[t * P + p]!;
        const sold = stock[i]! < d ? stock[i]! : d;
        stock[i]! -= sold;
        out.shortfall[p * M + t] = d - sold;
        if (trace) trace.sold[i * M + t] = sold;
        continue;
      }
      const e0 = m.outStart[i]!;
      const e1 = m.outStart[i + 1]!;
      let left = m.kind[i] === STOCKPILE ? Math.min(stock[i]!, m.cap[t * N + i]!) : stock[i]!;
      for (let q = e0; q < e1; q++) {
        const j = m.outEdge[q]!;
        orders[j] = m.planEdge[t * E + j]!;
        ship[j] = 0;
      }
      left = allocate(m.outEdge, e0, e1, orders, ship, left, priority);
      allocate(m.outEdge, e0, e1, restock, ship, left, priority);
    }

    // 4. Licensing, caps, departures.
    if (m.capGroups > 0) groupSum.fill(0);
    for (let j = 0; j < E; j++) {
      const x = t * E + j;
      let q = ship[j]!;
      const ap = m.approve[x]!;
      if (ap < 1) {
        const allowed = ap * m.planEdge[x]!;
        if (q > allowed) q = allowed;
      }
      ship[j] = q;
      const g = m.capGroupOf[x]!;
      if (g >= 0) groupSum[g]! += q;
    }
    for (let j = 0; j < E; j++) {
      const x = t * E + j;
      let q = ship[j]!;
      const g = m.capGroupOf[x]!;
      if (g >= 0) {
        const limit = m.capLimit[t * m.capGroups + g]!;
        if (groupSum[g]! > limit) q *= limit / groupSum[g]!;
      }
      if (q <= 0) continue;
      stock[m.from[j]!]! -= q;
      if (trace) trace.shipped[j * M + t] = q;
      const k = m.kernelOf[x]!;
      const base = t + m.lead[j]!;
      if (k < 0) ring[j * H + (base & mask)]! += q;
      else
        for (let d = 0; d < W; d++) {
          const w = m.kernels[k * W + d]!;
          if (w > 0) ring[j * H + ((base + d) & mask)]! += q * w;
        }
    }

    // 5. Restock orders for next month.
    restock.fill(0);
    const next = t + 1 < M ? t + 1 : t;
    for (let i = 0; i < N; i++) {
      const gap = m.target[i]! - stock[i]!;
      if (gap <= 0) continue;
      if (m.kind[i] === STOCKPILE && m.release[i] === 0 && m.anyShock[next]) continue; // no refill during a shock
      for (let s = m.slotStart[i]!; s < m.slotStart[i + 1]!; s++) {
        let need = m.ratio[next * S + s]! * gap - buffer[s]!;
        if (need <= 0) continue;
        const q0 = m.inStart[s]!;
        const q1 = m.inStart[s + 1]!;
        for (let q = q0; q < q1 && need > 0; q++) {
          const j = m.inEdge[q]!;
          const sp = m.from[j]!;
          if (!m.fromStockpile[j] || (m.release[sp] === 0 && !m.anyShock[next])) continue;
          const give = Math.min(need, stock[sp]!, m.cap[next * N + sp]!);
          restock[j] = give;
          need -= give;
        }
        if (need <= 0) continue;
        for (let q = q0; q < q1; q++) {
          const j = m.inEdge[q]!;
          if (!m.fromStockpile[j]) restock[j] = m.share[next * E + j]! * need;
        }
      }
    }

    if (out.inventory) for (let i = 0; i < N; i++) out.inventory[i * M + t] = stock[i]!;
    if (trace) {
      for (let i = 0; i < N; i++) trace.stock[i * (M + 1) + t + 1] = stock[i]!;
      for (let s = 0; s < m.slots; s++) trace.buffer[s * (M + 1) + t + 1] = buffer[s]!;
    }
  }
  if (trace)
    for (let j = 0; j < E; j++) {
      let v = 0;
      for (let h = 0; h < H; h++) v += ring[j * H + h]!;
      trace.inTransitEnd[j] = v;
    }
}

/** Serves `want[j]` for the edges listed in `edges[e0..e1)` from `avail`; adds to `got`; returns what is left. */
function allocate(
  edges: Int32Array,
  e0: number,
  e1: number,
  want: Float64Array,
  got: Float64Array,
  avail: number,
  priority: boolean,
): number {
  if (avail <= 0) return 0;
  let total = 0;
  for (let q = e0; q < e1; q++) total += want[edges[q]!]!;
  if (total <= 0) return avail;
  if (total <= avail) {
    for (let q = e0; q < e1; q++) got[edges[q]!]! += want[edges[q]!]!;
    return avail - total;
  }
  if (priority) {
    for (let q = e0; q < e1 && avail > 0; q++) {
      const j = edges[q]!;
      const g = want[j]! < avail ? want[j]! : avail;
      got[j]! += g;
      avail -= g;
    }
    return 0;
  }
  const f = avail / total;
  for (let q = e0; q < e1; q++) got[edges[q]!]! += want[edges[q]!]! * f;
  return 0;
}
