/**
 * The dynamic stock model of magnets in use, for one end use: inflow-driven (magnets entering use
 * each year give the stock and the end-of-life outflow) and stock-driven (the stock in use each year
 * gives the inflow it takes and the outflow). Pure kernels over Float64Array columns, one value a
 * year, in whatever unit the caller uses (t magnet, say): the same unit comes out.
 *
 * Conventions, those of ODYM and flodym (see lifetime.ts for S):
 * - a cohort is the inflow of one year c; in year t it is a = t − c years old and S(a) of it is
 *   still in use at the end of year t (the stock is a year-end stock);
 * - stock s[t] = Σ_{c≤t} i[c]·S(t−c);
 * - outflow o[t] = Σ_{c≤t} i[c]·(S(t−c−1) − S(t−c)) with S(−1) = 1, so an inflow's first-year
 *   outflow is i·(1 − S(0));
 * - the stock before the first year is empty, and stock change Δs[t] = s[t] − s[t−1] with s[−1] = 0;
 *   mass balance i − o = Δs holds to rounding (`checkMassBalance`);
 * - stock-driven: i[t] = (s[t] − Σ_{c<t} i[c]·S(t−c)) / S(0), the surviving stock of earlier cohorts
 *   taken from the year's stock. When the stock falls faster than its cohorts retire, i[t] is
 *   negative: it is reported as it is and its year listed (the default), or, with `correct`, set to
 *   0 and the excess taken out of the earlier cohorts as extra outflow that year, each cohort in
 *   proportion to what of it survives (as ODYM's NegativeInflowCorrect), so those cohorts retire
 *   from the smaller amounts later on, the stock still follows the series and mass still balances.
 *
 * O(n²) in the years n at most, which is nothing for a few hundred years; the survival curve is
 * computed once, and ages where it is exactly 0 (past a fixed lifetime, say) are not summed.
 *
 * @example
 * ```ts
 * const inflow = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
 * const r = inflowDriven(inflow, new FixedLifetime(5));
 * r.stock; // 1, 3, 6, 10, 15, 20, 25, 30, 35, 40
 * r.outflow; // 0, 0, 0, 0, 0, 1, 2, 3, 4, 5
 * stockDriven(r.stock, new FixedLifetime(5)).inflow; // 1 … 10 again
 * ```
 * @module
 */
import type { Lifetime } from "./lifetime.js";

/** One end use's flows and stock, year by year (index 0 is the first year). */
export interface StockFlows {
  /** Magnets entering use in the year. */
  readonly inflow: Float64Array;
  /** Magnets in use at the end of the year. */
  readonly stock: Float64Array;
  /** Magnets leaving use in the year: end-of-life flows, the recycling potential. */
  readonly outflow: Float64Array;
  /** s[t] − s[t−1], with an empty stock before the first year. */
  readonly stockChange: Float64Array;
}

export interface StockDrivenOptions {
  /** Set negative inflows to 0 and take the excess out as extra outflow (default false: report them). */
  readonly correct?: boolean;
  /** The year of index 0, so that `negativeInflowYears` are calendar years (default 0: indices). */
  readonly firstYear?: number;
}

export interface StockDrivenResult extends StockFlows {
  /** Years whose computed inflow was negative (beyond rounding), corrected or not. */
  readonly negativeInflowYears: number[];
  /** Extra outflow the correction took out each year (all 0 without `correct`). */
  readonly excessOutflow: Float64Array;
}

/** A computed inflow above −this × the largest stock is rounding, not a negative inflow. */
const ROUNDING = 1e-12;

/** The default mass-balance tolerance, relative to the largest inflow, outflow or stock. */
export const MASS_BALANCE_TOLERANCE = 1e-12;

/**
 * Stock, outflow and stock change from the yearly inflow. `lifetime` is a distribution or its survival
 * curve S(0), S(1), … already computed (at least as long as the inflow), as the benchmark passes it.
 */
export function inflowDriven(inflow: Float64Array, lifetime: Lifetime | Float64Array): StockFlows {
  const n = inflow.length;
  requireFinite("inflow", inflow);
  const S = survivalCurve(lifetime, n);
  const p = leaving(S);
  const ages = Math.max(support(S, n), support(p, n));
  const stock = new Float64Array(n);
  const outflow = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    let o = 0;
    for (let c = Math.max(0, t - ages + 1); c <= t; c++) {
      const x = inflow[c]!;
      s += x * S[t - c]!;
      o += x * p[t - c]!;
    }
    stock[t] = s;
    outflow[t] = o;
  }
  return { inflow, stock, outflow, stockChange: difference(stock) };
}

/**
 * Inflow, outflow and stock change that make the stock in use follow `stock` (≥ 0), from an empty stock
 * before the first year. Negative inflows are reported in `negativeInflowYears`, and with `correct`
 * set to 0 with the excess taken out as extra outflow (see the module's conventions).
 */
export function stockDriven(
  stock: Float64Array,
  lifetime: Lifetime | Float64Array,
  options: StockDrivenOptions = {},
): StockDrivenResult {
  const n = stock.length;
  requireFinite("stock", stock);
  let largest = 0;
  for (let t = 0; t < n; t++) {
    if (stock[t]! < 0) throw new RangeError(`stock is negative (${stock[t]}) at index ${t}`);
    largest = Math.max(largest, stock[t]!);
  }
  const S = survivalCurve(lifetime, n);
  const S0 = S[0] ?? 1;
  if (!(S0 > 0))
    throw new RangeError("S(0) is 0: every cohort leaves in its first year, so no stock can be held");
  const p = leaving(S);
  const ages = Math.max(support(S, n), support(p, n));
  const firstYear = options.firstYear ?? 0;
  const inflow = new Float64Array(n);
  const outflow = new Float64Array(n);
  const excessOutflow = new Float64Array(n);
  // The correction scales whole cohorts down; `w[c]` is cohort c's inflow as it now survives (w[c]·S(a)
  // in use at age a). Without the correction w is the inflow itself.
  const w = options.correct ? new Float64Array(n) : inflow;
  const negativeInflowYears: number[] = [];
  for (let t = 0; t < n; t++) {
    let surviving = 0;
    let leavingNow = 0;
    for (let c = Math.max(0, t - ages + 1); c < t; c++) {
      surviving += w[c]! * S[t - c]!;
      leavingNow += w[c]! * p[t - c]!;
    }
    const target = stock[t]!;
    const x = (target - surviving) / S0;
    const negative = x < -ROUNDING * largest;
    if (negative) negativeInflowYears.push(firstYear + t);
    if (negative && options.correct) {
      // No inflow; the earlier cohorts shrink by the same factor so that what survives is the stock.
      const f = target / surviving;
      for (let c = 0; c < t; c++) w[c]! *= f;
      inflow[t] = 0;
      excessOutflow[t] = surviving - target;
      outflow[t] = leavingNow + excessOutflow[t]!;
    } else {
      inflow[t] = x;
      if (w !== inflow) w[t] = x;
      outflow[t] = leavingNow + x * p[0]!;
    }
  }
  return {
    inflow,
    stock,
    outflow,
    stockChange: difference(stock),
    negativeInflowYears,
    excessOutflow,
  };
}

/** Where mass balance fails worst: the year index, the error i − o − Δs, and the tolerance it broke. */
export interface MassBalanceFailure {
  readonly index: number;
  readonly error: number;
  readonly tolerance: number;
}

/**
 * The year where |i − o − Δs| is largest beyond `tolerance`, or null when every year balances. The
 * default tolerance is `MASS_BALANCE_TOLERANCE` times the largest |inflow|, |outflow| or |stock| (as
 * flodym scales its tolerance by the largest magnitude), since rounding grows with the magnitudes summed.
 */
export function massBalanceFailure(flows: StockFlows, tolerance?: number): MassBalanceFailure | null {
  const { inflow, outflow, stock, stockChange } = flows;
  let scale = 0;
  for (const a of [inflow, outflow, stock])
    for (let t = 0; t < a.length; t++) scale = Math.max(scale, Math.abs(a[t]!));
  const tol = tolerance ?? MASS_BALANCE_TOLERANCE * scale;
  let worst: MassBalanceFailure | null = null;
  for (let t = 0; t < inflow.length; t++) {
    const error = inflow[t]! - outflow[t]! - stockChange[t]!;
    // `!(… <= tol)` so that a NaN fails too.
    if (!(Math.abs(error) <= tol) && (worst === null || !(Math.abs(error) <= Math.abs(worst.error))))
      worst = { index: t, error, tolerance: tol };
  }
  return worst;
}

/** Throws when mass balance fails in any year, naming the year (`firstYear` + index) and the error. */
export function checkMassBalance(
  flows: StockFlows,
  options: { tolerance?: number; firstYear?: number } = {},
): void {
  const f = massBalanceFailure(flows, options.tolerance);
  if (f)
    throw new Error(
      `mass balance fails in year ${(options.firstYear ?? 0) + f.index}: inflow − outflow − stock change = ${f.error} (tolerance ${f.tolerance})`,
    );
}

/** S(0) … S(n − 1): computed once from a distribution, or checked when given. */
function survivalCurve(lifetime: Lifetime | Float64Array, n: number): Float64Array {
  if (!(lifetime instanceof Float64Array)) return lifetime.fillSurvival(new Float64Array(n));
  if (lifetime.length < n)
    throw new RangeError(`survival curve has ${lifetime.length} ages; ${n} years need ${n}`);
  return lifetime;
}

/**
 * How many of the first n ages have a nonzero entry: 1 + the last. Cohorts older than that add exact
 * zeros to S and p (the inputs are finite), so the sums skip them: a fixed lifetime of 6 sums 7 terms a
 * year, not t, and the results are the same to the bit.
 */
function support(a: Float64Array, n: number): number {
  for (let k = Math.min(n, a.length) - 1; k >= 0; k--) if (a[k] !== 0) return k + 1;
  return 0;
}

/** p[a] = S(a − 1) − S(a), with S(−1) = 1: the share of a cohort leaving use in the year it is a years old. */
function leaving(S: Float64Array): Float64Array {
  const p = new Float64Array(S.length);
  let before = 1;
  for (let a = 0; a < S.length; a++) {
    p[a] = before - S[a]!;
    before = S[a]!;
  }
  return p;
}

function difference(stock: Float64Array): Float64Array {
  const d = new Float64Array(stock.length);
  let before = 0;
  for (let t = 0; t < stock.length; t++) {
    d[t] = stock[t]! - before;
    before = stock[t]!;
  }
  return d;
}

function requireFinite(what: string, a: Float64Array): void {
  for (let t = 0; t < a.length; t++)
    if (!Number.isFinite(a[t]))
      throw new RangeError(`${what} is not a finite number (${a[t]}) at index ${t}`);
}
