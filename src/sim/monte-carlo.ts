/**
 * Monte-Carlo over a network and a scenario: runs split into batches, spread over worker threads,
 * merged by run index so that the same seed gives identical results on any number of workers.
 * Reports progress through a callback and stops on an AbortSignal, so the server can run it as a job.
 * @module
 * @example
 * const r = await runMonteCarlo({ network, scenario, runs: 1000, seed: 42, onProgress: (d, n) => bar.update(d) });
 * summarise(r).products[0].p95; // P95 shortfall path of the first product
 */
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { LodestoneError, UsageError } from "../errors.js";
import type { MonthIndex } from "../units/month.js";
import { parseMonth } from "../units/month.js";
import { runBatch, type BatchResult, type BatchTask } from "./batch.js";
import type { Network } from "./network.js";
import type { Scenario } from "./scenario.js";

export interface MonteCarloOptions {
  readonly network: Network;
  readonly scenario: Scenario;
  readonly runs: number;
  readonly seed: number;
  /** Worker threads; "auto" = available cores; 1 runs on this thread. */
  readonly workers?: number | "auto";
  /** Runs per batch (default: runs spread in about 8 batches per worker, at most 250). */
  readonly batchSize?: number;
  /** Keep every run's inventory paths (memory: runs × nodes × months × 4 bytes). Default true. */
  readonly keepInventory?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface MonteCarloResult {
  readonly runs: number;
  readonly seed: number;
  readonly start: MonthIndex;
  readonly months: number;
  readonly products: readonly string[];
  readonly nodes: readonly string[];
  /** runs × products × months, units. */
  readonly shortfall: Float64Array;
  /** runs × nodes × months, output units, or null when not kept. */
  readonly inventory: Float32Array | null;
  /** runs × products: kg of magnet per unit as drawn in each run. */
  readonly magnetPerUnit: Float64Array;
  readonly workers: number;
}

export async function runMonteCarlo(o: MonteCarloOptions): Promise<MonteCarloResult> {
  if (!Number.isInteger(o.runs) || o.runs < 1)
    throw new UsageError("runs must be a whole number ≥ 1", "runs");
  const workers = resolveWorkers(o.workers ?? "auto", o.runs);
  const size = o.batchSize ?? Math.max(1, Math.min(250, Math.ceil(o.runs / (workers * 8))));
  const keepInventory = o.keepInventory ?? true;
  const tasks: BatchTask[] = [];
  for (let first = 0; first < o.runs; first += size)
    tasks.push({
      network: o.network,
      scenario: o.scenario,
      seed: o.seed,
      firstRun: first,
      count: Math.min(size, o.runs - first),
      keepInventory,
    });
  const result = emptyResult(o, keepInventory, workers);
  let done = 0;
  const merge = (b: BatchResult) => {
    mergeBatch(result, b);
    done += b.count;
    o.onProgress?.(done, o.runs);
  };
  o.signal?.throwIfAborted();
  if (workers === 1) {
    for (const t of tasks) {
      o.signal?.throwIfAborted();
      merge(runBatch(t));
      await new Promise<void>((r) => setImmediate(r)); // let the caller's timers and signals through
    }
    return result;
  }
  const pool = await sharedPool(workers);
  // One listener on the caller's signal, relayed to every batch (piscina adds one per task).
  const stop = new AbortController();
  setMaxListeners(tasks.length + 1, stop.signal);
  const relay = () => stop.abort(o.signal?.reason);
  o.signal?.addEventListener("abort", relay, { once: true });
  try {
    await Promise.all(
      tasks.map((t) => pool.run(t, { signal: stop.signal }).then((b: BatchResult) => merge(b))),
    );
  } catch (e) {
    if (o.signal?.aborted) throw o.signal.reason ?? e;
    throw e instanceof Error && !(e instanceof LodestoneError)
      ? new LodestoneError(`a simulation worker failed: ${e.message}`)
      : e;
  } finally {
    o.signal?.removeEventListener("abort", relay);
  }
  return result;
}

/** A result with room for every run, to be filled batch by batch (here, or from a queue's workers). */
export function emptyResult(
  o: Pick<MonteCarloOptions, "network" | "scenario" | "runs" | "seed">,
  keepInventory: boolean,
  workers: number,
): MonteCarloResult {
  const products = o.network.nodes.filter((n) => n.stage === "product").map((n) => n.id);
  const M = o.scenario.months;
  const N = o.network.nodes.length;
  return {
    runs: o.runs,
    seed: o.seed,
    start: parseMonth(o.scenario.start)!,
    months: M,
    products,
    nodes: o.network.nodes.map((n) => n.id),
    shortfall: new Float64Array(o.runs * products.length * M),
    inventory: keepInventory ? new Float32Array(o.runs * N * M) : null,
    magnetPerUnit: new Float64Array(o.runs * products.length),
    workers,
  };
}

/** Copies a batch's runs into their place in the result: runs are merged by index, not by arrival. */
export function mergeBatch(result: MonteCarloResult, b: BatchResult): void {
  const P = result.products.length;
  const M = result.months;
  result.shortfall.set(b.shortfall, b.firstRun * P * M);
  if (result.inventory && b.inventory)
    result.inventory.set(b.inventory, b.firstRun * result.nodes.length * M);
  result.magnetPerUnit.set(b.magnetPerUnit, b.firstRun * P);
}

type Pool = import("piscina").Piscina;
const pools = new Map<number, Pool>();

/**
 * One pool per thread count, kept between calls: starting a worker (and, under tsx, compiling the
 * TypeScript it loads) costs far more than a small batch. Idle threads exit after a few seconds, so
 * an idle pool does not keep the process alive.
 */
async function sharedPool(workers: number): Promise<Pool> {
  const hit = pools.get(workers);
  if (hit) return hit;
  const { Piscina } = await import("piscina");
  const here = import.meta.url;
  const ts = here.endsWith(".ts");
  const pool = new Piscina({
    filename: new URL(ts ? "./worker.ts" : "./worker.js", here).href,
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 3000,
    execArgv: ts ? ["--import", "tsx"] : [],
  });
  pools.set(workers, pool);
  return pool;
}

/** Stops the worker threads now (for a caller that wants to exit without waiting for them to idle out). */
export async function closeSimWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}

function resolveWorkers(w: number | "auto", runs: number): number {
  if (w === "auto") return Math.max(1, Math.min(availableParallelism(), runs));
  if (!Number.isInteger(w) || w < 1)
    throw new UsageError("workers must be auto or a whole number ≥ 1", "workers");
  return w;
}
