/**
 * Calibration: fit a licensing regime to an observed export series with three parameters — the
 * approval level while licences are scarce, the mean licensing delay, and the month (after the start
 * of the control) from which approvals recover — against a no-control baseline.
 *
 * Both sides are indices: observed exports ÷ their mean over the pre-control months; simulated exports
 * (deterministic engine, the exporter's out-of-country shipments from the scoped stage) ÷ the same
 * shipments with the control removed. The baseline level is therefore not a fitted parameter, and
 * seasonality or growth the network does not model shows up as error — which we report, in sample
 * (the fit window) and out of sample (a later window), rather than absorb with more parameters.
 *
 * Intervals are profile intervals on the search grid: a parameter value is inside when the best fit
 * with it fixed has SSE ≤ SSE_min × (1 + F(0.95; 1, n − 3) / (n − 3)) — the usual F-based profile
 * bound for nonlinear least squares. With few months they are wide, and say so.
 * @module
 * @example
 * const fit = calibrate({ network, scenario, observed, fit: [jan, aug], test: [sep, dec] });
 * fit.params.approval; // { value, lo, hi }
 */
import fQuantile from "@stdlib/stats-base-dists-f-quantile";
import { UsageError } from "../errors.js";
import { formatMonth, parseMonth, type MonthIndex } from "../units/month.js";
import { compile, type Model } from "./compile.js";
import { emptyTrace, runOutput, simulate, type Trace } from "./engine.js";
import type { Network, Stage } from "./network.js";
import type { Scenario } from "./scenario.js";
import type { ExportControl } from "./shocks/export-control.js";
import { SHORTFALL_EPSILON } from "./summary.js";

export interface ObservedMonth {
  readonly month: MonthIndex;
  readonly kg: number;
}

/**
 * The months of a monitor series a calibration fits to: observed figures, and (unless
 * `observedOnly`) months derived from cumulative figures; unknown months are left out, never zero.
 */
export function observedMonths(
  rows: readonly { month: MonthIndex; status: string; qty: { value: number } | null }[],
  observedOnly = false,
): ObservedMonth[] {
  return rows.flatMap((r) =>
    r.qty && (r.status === "observed" || (!observedOnly && r.status === "derived"))
      ? [{ month: r.month, kg: r.qty.value }]
      : [],
  );
}

export interface CalibrationOptions {
  readonly network: Network;
  /** The regime's template: its first export control is fitted; its scope and other shocks stay. */
  readonly scenario: Scenario;
  readonly observed: readonly ObservedMonth[];
  /** In-sample window (inclusive); its months before the control form the baseline. */
  readonly fit: readonly [MonthIndex, MonthIndex];
  /** Out-of-sample window (inclusive). */
  readonly test: readonly [MonthIndex, MonthIndex];
  /** Stage whose exports the series measures (default magnet). */
  readonly stage?: Stage;
  /**
   * Apply the fitted control to every export of that stage, not only the template's scope: a customs
   * line does not tell grades apart, and in 2025 shipments of Dy-free grades under the same code were
   * held up too. Default false (the template's scope).
   */
  readonly wholeLine?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the grid search (checked with each progress report). */
  readonly signal?: AbortSignal;
}

export interface Estimate {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  /** True when the interval reaches the edge of the search range: the data do not pin it down there. */
  readonly atEdge: boolean;
}

export interface FitError {
  readonly months: number;
  /** Root-mean-square error of the index, in index points (1 = the baseline level). */
  readonly rmse: number;
  /** Mean absolute error in percent of the observed index. */
  readonly mape: number;
}

export interface CalibrationResult {
  readonly params: { approval: Estimate; delayMonths: Estimate; recoveryAfterMonths: Estimate };
  readonly inSample: FitError;
  readonly outOfSample: FitError;
  readonly baselineKg: number;
  readonly series: readonly {
    month: string;
    observedIndex: number | null;
    fittedIndex: number;
    window: string;
  }[];
  readonly confounders: readonly string[];
  /** The template with the fitted values written in as assumptions whose ranges are the intervals. */
  readonly scenario: Scenario;
  /** The fitted regime replayed downstream (deterministic engine): what it cost each product. */
  readonly replay: readonly {
    product: string;
    lostUnits: number;
    lostMagnetTonnes: number;
    firstShortfall: string | null;
  }[];
  readonly evaluations: number;
}

const APPROVALS = Array.from({ length: 41 }, (_, i) => i / 40);
const RECOVERIES = Array.from({ length: 10 }, (_, i) => i);

/** Confounders the fit cannot separate from licensing, with the events that date them. */
export const CONFOUNDERS = [
  "US–China tariffs: reciprocal tariffs from 2 April 2025 (US 145%, China 125%) until the Geneva truce of 12 May 2025 cut them to 30% / 10% (events USA-2025-04-02-reciprocal-tariffs, USA-CHN-2025-05-12-geneva)",
  "front-loading ahead of the tariffs and controls in Q1 2025, which raises the pre-control baseline",
  "Chinese New Year (late January 2025) and the January–February customs merge: February is not reported on its own",
  "demand growth outside the network's constant demand: exports in late 2025 ran 15–28% above 2024",
];

function controlOf(sc: Scenario): { index: number; control: ExportControl } {
  const index = sc.shocks.findIndex((s) => s.kind === "export-control");
  if (index < 0) throw new UsageError(`scenario "${sc.name}" has no export control to calibrate`, "scenario");
  return { index, control: sc.shocks[index] as ExportControl };
}

function withRegime(
  sc: Scenario,
  a: number,
  d: number,
  r: number,
  ranges?: Map<string, [number, number]>,
): Scenario {
  const { index, control } = controlOf(sc);
  const label = (what: string) =>
    `calibrated ${what}: fitted to observed exports (lodestone sim calibrate)` as const;
  const p = (what: string, value: number) => ({
    value,
    assumption: label(what),
    range: ranges?.get(what) ?? ([value, value] as [number, number]),
  });
  const fitted: ExportControl = {
    ...control,
    approval: p("approval", a),
    delay: { ...control.delay, mean: p("delay", d) },
    recovery: {
      after: p("recovery", r),
      approval: control.recovery?.approval ?? {
        value: 1,
        source: "full approval after recovery (calibration's assumption of the template)",
      },
    },
  };
  return { ...sc, shocks: sc.shocks.map((s, i) => (i === index ? fitted : s)) };
}

function widened(sc: Scenario, stage: Stage): Scenario {
  const { index, control } = controlOf(sc);
  const stages = [...new Set([...(control.scope.stages ?? []), stage])];
  const wide: ExportControl = { ...control, scope: { ...control.scope, stages } };
  return { ...sc, shocks: sc.shocks.map((s, i) => (i === index ? wide : s)) };
}

/**
 * The exporter's out-of-country shipments from the stage, by the month customs would record them: when
 * the licence is granted and the goods leave — the arrival month less the edge's lead time (the
 * engine books the licensing delay on the way, between departure and arrival).
 */
function exportsOf(
  net: Network,
  m: Model,
  control: Pick<ExportControl, "exporter">,
  stage: Stage,
  tr: Trace,
): Float64Array {
  const months = m.months;
  const out = new Float64Array(months);
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  net.edges.forEach((e, j) => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    if (a.country !== control.exporter || b.country === control.exporter || a.stage !== stage) return;
    for (let t = 0; t + m.lead[j]! < months; t++) out[t]! += tr.arrived[j * months + t + m.lead[j]!]!;
  });
  return out;
}

/** Exports from `exporter`'s `stage` nodes out of the country, per month as customs would record them (deterministic run). */
export function simulatedExports(
  net: Network,
  sc: Scenario,
  exporter: string,
  stage: Stage = "magnet",
): Float64Array {
  return run(net, sc, { exporter } as ExportControl, stage);
}

function run(
  net: Network,
  sc: Scenario,
  control: Pick<ExportControl, "exporter">,
  stage: Stage,
): Float64Array {
  const m = compile(net, sc, null);
  const tr = emptyTrace(m);
  simulate(m, runOutput(m, false), undefined, tr);
  return exportsOf(net, m, control, stage, tr);
}

export function calibrate(o: CalibrationOptions): CalibrationResult {
  const stage = o.stage ?? "magnet";
  const sc = o.wholeLine ? widened(o.scenario, stage) : o.scenario;
  const start = parseMonth(sc.start)!;
  const { control } = controlOf(sc);
  const controlStart = parseMonth(control.from)!;
  const [f0, f1] = o.fit;
  const [t0, t1] = o.test;
  const last = Math.max(f1, t1);
  const maxLead = Math.max(1, ...o.network.edges.map((e) => Math.round(e.leadTime.value)));
  if (f0 < start || last >= start + sc.months - maxLead)
    throw new UsageError(
      `the windows ${formatMonth(f0)}…${formatMonth(last as MonthIndex)} must end ${maxLead} months (the longest lead time) before the scenario's horizon, ${sc.start} + ${sc.months} months`,
      "scenario",
    );
  const obs = new Map(o.observed.map((x) => [x.month as number, x.kg]));
  const pre = o.observed.filter((x) => x.month >= f0 && x.month < controlStart);
  if (pre.length === 0)
    throw new UsageError(
      `no observed month between ${formatMonth(f0)} and the control's start ${control.from}`,
      "series",
    );
  const baselineKg = pre.reduce((s, x) => s + x.kg, 0) / pre.length;
  const months = (a: number, b: number) =>
    Array.from({ length: b - a + 1 }, (_, k) => a + k).filter((m) => obs.has(m));
  const fitMonths = months(f0, f1);
  const testMonths = months(t0, t1);
  const n = fitMonths.length;
  if (n <= 3)
    throw new UsageError(
      `the fit window has ${n} observed months: more than 3 are needed for 3 parameters`,
      "series",
    );

  const free = { ...sc, shocks: sc.shocks.filter((s) => s !== control) };
  const base = run(o.network, free, control, stage);
  const index = (sim: Float64Array, m: number) =>
    base[m - start]! > 0 ? sim[m - start]! / base[m - start]! : 1;
  const sse = (sim: Float64Array) =>
    fitMonths.reduce((s, m) => s + (obs.get(m)! / baselineKg - index(sim, m)) ** 2, 0);

  // A fixed delay moves in whole months, so quarter steps would only repeat themselves.
  const DELAYS =
    control.delay.dist === "fixed"
      ? Array.from({ length: 7 }, (_, i) => i)
      : Array.from({ length: 17 }, (_, i) => i / 4);
  const total = APPROVALS.length * DELAYS.length * RECOVERIES.length;
  const grid = new Float64Array(total);
  let done = 0;
  for (let i = 0; i < APPROVALS.length; i++)
    for (let j = 0; j < DELAYS.length; j++)
      for (let k = 0; k < RECOVERIES.length; k++) {
        const regime = withRegime(sc, APPROVALS[i]!, DELAYS[j]!, RECOVERIES[k]!);
        grid[(i * DELAYS.length + j) * RECOVERIES.length + k] = sse(run(o.network, regime, control, stage));
        if (++done % 200 === 0) {
          o.onProgress?.(done, total);
          o.signal?.throwIfAborted();
        }
      }
  o.onProgress?.(total, total);
  let best = 0;
  for (let x = 1; x < total; x++) if (grid[x]! < grid[best]!) best = x;
  const bk = best % RECOVERIES.length;
  const bj = Math.floor(best / RECOVERIES.length) % DELAYS.length;
  const bi = Math.floor(best / (RECOVERIES.length * DELAYS.length));
  const sseMin = grid[best]!;
  const dof = n - 3;
  const limit = sseMin * (1 + fQuantile(0.95, 1, dof) / dof) + 1e-12;
  const profile = (axis: 0 | 1 | 2, values: number[], bestAt: number): Estimate => {
    const inside: number[] = [];
    values.forEach((_, v) => {
      let m = Infinity;
      for (let x = 0; x < total; x++) {
        const k = x % RECOVERIES.length;
        const j = Math.floor(x / RECOVERIES.length) % DELAYS.length;
        const i = Math.floor(x / (RECOVERIES.length * DELAYS.length));
        if ([i, j, k][axis] === v) m = Math.min(m, grid[x]!);
      }
      if (m <= limit) inside.push(v);
    });
    const lo = Math.min(...inside);
    const hi = Math.max(...inside);
    return {
      value: values[bestAt]!,
      lo: values[lo]!,
      hi: values[hi]!,
      atEdge: lo === 0 || hi === values.length - 1,
    };
  };
  const params = {
    approval: profile(0, APPROVALS, bi),
    delayMonths: profile(1, DELAYS, bj),
    recoveryAfterMonths: profile(2, RECOVERIES, bk),
  };
  const ranges = new Map<string, [number, number]>([
    ["approval", [params.approval.lo, params.approval.hi]],
    ["delay", [params.delayMonths.lo, params.delayMonths.hi]],
    ["recovery", [params.recoveryAfterMonths.lo, params.recoveryAfterMonths.hi]],
  ]);
  const fittedScenario = withRegime(
    sc,
    params.approval.value,
    params.delayMonths.value,
    params.recoveryAfterMonths.value,
    ranges,
  );
  const fitted = run(o.network, fittedScenario, control, stage);
  const error = (ms: number[]): FitError => {
    if (ms.length === 0) return { months: 0, rmse: NaN, mape: NaN };
    let sq = 0;
    let ape = 0;
    for (const m of ms) {
      const y = obs.get(m)! / baselineKg;
      const e = y - index(fitted, m);
      sq += e * e;
      ape += Math.abs(e) / y;
    }
    return { months: ms.length, rmse: Math.sqrt(sq / ms.length), mape: (100 * ape) / ms.length };
  };
  const series = Array.from({ length: last - f0 + 1 }, (_, k) => {
    const m = f0 + k;
    return {
      month: formatMonth(m as MonthIndex),
      observedIndex: obs.has(m) ? obs.get(m)! / baselineKg : null,
      fittedIndex: index(fitted, m),
      window: m <= f1 ? "fit" : m >= t0 && m <= t1 ? "test" : "",
    };
  });
  const m = compile(o.network, fittedScenario, null);
  const out = runOutput(m, false);
  simulate(m, out);
  const replay = Array.from(m.productNode, (node, p) => {
    const row = out.shortfall.subarray(p * m.months, (p + 1) * m.months);
    const lost = row.reduce((a, b) => a + b, 0);
    const first = row.findIndex((x) => x > SHORTFALL_EPSILON);
    return {
      product: o.network.nodes[node]!.id,
      lostUnits: lost,
      lostMagnetTonnes: (lost * m.magnetPerUnit[p]!) / 1000,
      firstShortfall: first < 0 ? null : formatMonth((start + first) as MonthIndex),
    };
  });
  return {
    params,
    replay,
    inSample: error(fitMonths),
    outOfSample: error(testMonths),
    baselineKg,
    series,
    confounders: CONFOUNDERS,
    scenario: fittedScenario,
    evaluations: total + 2,
  };
}
