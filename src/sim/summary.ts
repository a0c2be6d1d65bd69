/**
 * What a Monte-Carlo run means for each product and node: P5/P50/P95 shortfall per month, the
 * probability of any shortfall, the month of the first shortfall, cumulative lost units and magnet
 * tonnes, and inventory bands per node. Quantiles are the linear-interpolation kind (Hyndman & Fan
 * type 7, as NumPy's default), so the peer benchmark and spreadsheets agree.
 * @module
 * @example
 * const s = summarise(result);
 * s.products[0].p95[6]; // P95 shortfall of the first product in the seventh month
 */
import type { MonteCarloResult } from "./monte-carlo.js";

/** Shortfalls below this many units are rounding, not shortfall. */
export const SHORTFALL_EPSILON = 1e-6;

export interface ProductSummary {
  readonly product: string;
  readonly p5: number[];
  readonly p50: number[];
  readonly p95: number[];
  readonly mean: number[];
  /** Share of runs with any shortfall in the month. */
  readonly probability: number[];
  /** Share of runs with a shortfall at any month. */
  readonly probabilityAny: number;
  /** Month index (0 = start) of the first shortfall: median over runs that have one; null if none. */
  readonly firstShortfallP50: number | null;
  /** Cumulative lost units over the horizon: P5, P50, P95, mean. */
  readonly lostUnits: Quantiles;
  /** Cumulative lost units × kg magnet per unit, in tonnes. */
  readonly lostMagnetTonnes: Quantiles;
}

export interface Quantiles {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  readonly mean: number;
}

export interface NodeSummary {
  readonly node: string;
  readonly p5: number[];
  readonly p50: number[];
  readonly p95: number[];
}

export interface Summary {
  readonly runs: number;
  readonly months: number;
  readonly products: ProductSummary[];
  readonly nodes: NodeSummary[];
}

/** Type-7 quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function quantiles(values: Float64Array): Quantiles {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  values.sort();
  return {
    p5: quantileSorted(values, 0.05),
    p50: quantileSorted(values, 0.5),
    p95: quantileSorted(values, 0.95),
    mean,
  };
}

export function summarise(r: MonteCarloResult): Summary {
  const R = r.runs;
  const M = r.months;
  const P = r.products.length;
  const N = r.nodes.length;
  const col = new Float64Array(R);
  const products = r.products.map((product, p): ProductSummary => {
    const p5: number[] = [];
    const p50: number[] = [];
    const p95: number[] = [];
    const mean: number[] = [];
    const probability: number[] = [];
    for (let t = 0; t < M; t++) {
      let hits = 0;
      let sum = 0;
      for (let k = 0; k < R; k++) {
        const v = r.shortfall[(k * P + p) * M + t]!;
        col[k] = v;
        sum += v;
        if (v > SHORTFALL_EPSILON) hits++;
      }
      col.sort();
      p5.push(quantileSorted(col, 0.05));
      p50.push(quantileSorted(col, 0.5));
      p95.push(quantileSorted(col, 0.95));
      mean.push(sum / R);
      probability.push(hits / R);
    }
    const lost = new Float64Array(R);
    const tonnes = new Float64Array(R);
    const first: number[] = [];
    for (let k = 0; k < R; k++) {
      let total = 0;
      let f = -1;
      for (let t = 0; t < M; t++) {
        const v = r.shortfall[(k * P + p) * M + t]!;
        total += v;
        if (f < 0 && v > SHORTFALL_EPSILON) f = t;
      }
      lost[k] = total;
      tonnes[k] = (total * r.magnetPerUnit[k * P + p]!) / 1000;
      if (f >= 0) first.push(f);
    }
    first.sort((a, b) => a - b);
    return {
      product,
      p5,
      p50,
      p95,
      mean,
      probability,
      probabilityAny: first.length / R,
      firstShortfallP50: first.length ? quantileSorted(first, 0.5) : null,
      lostUnits: quantiles(lost),
      lostMagnetTonnes: quantiles(tonnes),
    };
  });
  const nodes: NodeSummary[] = [];
  if (r.inventory) {
    for (let n = 0; n < N; n++) {
      const s: NodeSummary = { node: r.nodes[n]!, p5: [], p50: [], p95: [] };
      for (let t = 0; t < M; t++) {
        for (let k = 0; k < R; k++) col[k] = r.inventory[(k * N + n) * M + t]!;
        col.sort();
        s.p5.push(quantileSorted(col, 0.05));
        s.p50.push(quantileSorted(col, 0.5));
        s.p95.push(quantileSorted(col, 0.95));
      }
      nodes.push(s);
    }
  }
  return { runs: R, months: M, products, nodes };
}
