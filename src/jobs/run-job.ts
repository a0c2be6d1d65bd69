/**
 * Runs one job's work: the core call its kind names, with progress and an AbortSignal passed
 * through, and the result wrapped with its manifest. Pure of the server: the job worker calls it in
 * a worker thread, tests call it directly.
 * @module
 * @example
 * const r = await runJob(input, { onProgress: (p) => {}, signal: AbortSignal.timeout(60_000) });
 */
import { performance } from "node:perf_hooks";
import type { Portfolio } from "../plan/lever.js";
import { evaluatePortfolio, type PortfolioEvaluation } from "../plan/evaluate.js";
import { efficientFrontier } from "../plan/frontier.js";
import { optimisePlan, withinHorizon, type PlanProblem } from "../plan/optimise.js";
import { calibrate } from "../sim/calibrate.js";
import { manifest } from "../sim/manifest.js";
import { runMonteCarlo } from "../sim/monte-carlo.js";
import { distributedMonteCarlo } from "../queue/distributed.js";
import { summarise } from "../sim/summary.js";
import { ttsAnalysis } from "../sim/tts.js";
import { addMonths, formatMonth } from "../units/month.js";
import type { JobInput } from "./resolve.js";
import type { JobProgress, JobResult } from "./result.js";

export interface JobEffects {
  readonly onProgress: (p: JobProgress) => void;
  readonly signal: AbortSignal;
}

/** Seed offset of an out-of-sample check: fresh draws, not the optimiser's (as the CLI). */
const CHECK_SEED_OFFSET = 7919;

const NONE: Portfolio = { name: "none", choices: [] };

/** The planner's problem of an optimize or frontier job, less its objective. */
function planProblem(
  i: Extract<JobInput, { request: { kind: "optimize" | "frontier" } }>,
  signal: AbortSignal,
): Omit<PlanProblem, "objective"> {
  const { samples, seed, months } = i.request;
  return {
    network: i.network,
    levers: i.levers,
    scenarios: i.scenarios,
    samples,
    seed,
    ...(months !== undefined ? { months } : {}),
    signal,
  };
}

export async function runJob(input: JobInput, fx: JobEffects): Promise<JobResult> {
  const t0 = performance.now();
  const seconds = () => Math.round(performance.now() - t0) / 1000;
  const progress = (unit: string) => (done: number, total: number) => fx.onProgress({ done, total, unit });
  const { signal } = fx;
  switch (input.request.kind) {
    case "sim-run": {
      const { request, network, scenario, queue } = input as Extract<
        JobInput,
        { request: { kind: "sim-run" } }
      >;
      const mc = {
        network,
        scenario,
        runs: request.runs,
        seed: request.seed,
        onProgress: progress("runs"),
        signal,
      };
      // On a queue the runs spread over the workers; the result is the same, bit for bit.
      const r = queue
        ? await distributedMonteCarlo({
            ...mc,
            redis: queue.redis,
            ...(queue.prefix ? { prefix: queue.prefix } : {}),
          })
        : await runMonteCarlo(mc);
      const summary = summarise(r);
      return {
        kind: "sim-run",
        manifest: manifest("sim-run", network, scenario, { seed: request.seed, runs: request.runs }),
        request,
        seconds: seconds(),
        months: Array.from({ length: r.months }, (_, t) => formatMonth(addMonths(r.start, t))),
        summary,
        workers: r.workers,
      };
    }
    case "calibrate": {
      const i = input as Extract<JobInput, { request: { kind: "calibrate" } }>;
      const calibration = calibrate({
        network: i.network,
        scenario: i.scenario,
        observed: i.observed,
        fit: i.fit,
        test: i.test,
        wholeLine: i.request.scope === "customs-line",
        onProgress: progress("grid points"),
        signal,
      });
      return {
        kind: "calibrate",
        manifest: manifest("calibrate", i.network, i.scenario, { seed: null, runs: null }),
        request: i.request,
        seconds: seconds(),
        observedSeries: i.request.series,
        observedMonths: i.observed.length,
        calibration,
      };
    }
    case "tts": {
      const { request, network } = input as Extract<JobInput, { request: { kind: "tts" } }>;
      const report = await ttsAnalysis(network, {
        ttr: request.ttr,
        weight: request.weight,
        ...(request.month !== undefined ? { month: request.month } : {}),
        onProgress: progress("nodes"),
        signal,
      });
      return {
        kind: "tts",
        manifest: manifest("tts", network, null, { seed: null, runs: null }),
        request,
        seconds: seconds(),
        report,
      };
    }
    case "evaluate": {
      const i = input as Extract<JobInput, { request: { kind: "evaluate" } }>;
      const { request } = i;
      const all = [NONE, ...i.portfolios.filter((p) => p.name !== "none")];
      const per = request.runs * i.scenarios.length;
      const evaluations: PortfolioEvaluation[] = [];
      for (const portfolio of all) {
        const before = evaluations.length * per;
        evaluations.push(
          await evaluatePortfolio({
            network: i.network,
            levers: i.levers,
            portfolio,
            scenarios: i.scenarios,
            runs: request.runs,
            seed: request.seed,
            ...(request.ttr !== undefined ? { ttr: request.ttr } : {}),
            onProgress: (d) => fx.onProgress({ done: before + d, total: per * all.length, unit: "runs" }),
            signal,
          }),
        );
      }
      return {
        kind: "evaluate",
        manifest: manifest("evaluate", i.network, i.scenarios, { seed: request.seed, runs: request.runs }),
        request,
        seconds: seconds(),
        evaluations,
      };
    }
    case "optimize": {
      const i = input as Extract<JobInput, { request: { kind: "optimize" } }>;
      const { request } = i;
      const steps = request.checkRuns > 0 ? 2 : 1;
      fx.onProgress({ done: 0, total: steps, unit: "steps" });
      const solution = await optimisePlan({
        ...planProblem(i, signal),
        objective: request.objective,
        timeLimit: request.timeLimit,
        signal,
      });
      fx.onProgress({ done: 1, total: steps, unit: "steps" });
      const outOfSample =
        request.checkRuns > 0
          ? await evaluatePortfolio({
              network: i.network,
              levers: i.levers,
              portfolio: solution.portfolio,
              scenarios: withinHorizon(i.scenarios, request.months),
              runs: request.checkRuns,
              seed: request.seed + CHECK_SEED_OFFSET,
              signal,
            })
          : null;
      fx.onProgress({ done: steps, total: steps, unit: "steps" });
      return {
        kind: "optimize",
        manifest: manifest("optimize", i.network, i.scenarios, { seed: request.seed, runs: request.samples }),
        request,
        seconds: seconds(),
        solution,
        outOfSample,
      };
    }
    case "frontier": {
      const i = input as Extract<JobInput, { request: { kind: "frontier" } }>;
      const { request } = i;
      const points = await efficientFrontier(planProblem(i, signal), {
        ...(request.budgets ? { budgets: request.budgets } : {}),
        strategies: i.strategies,
        penaltyPerKg: request.penaltyPerKg,
        evaluateRuns: request.checkRuns,
        onPoint: progress("points"),
        signal,
      });
      return {
        kind: "frontier",
        manifest: manifest("frontier", i.network, i.scenarios, { seed: request.seed, runs: request.samples }),
        request,
        seconds: seconds(),
        points,
      };
    }
  }
}
