/**
 * The queue worker: takes Monte-Carlo batches from the BullMQ queue and runs them with `runBatch`
 * (the code a local run uses) on worker threads, so the event loop stays free to renew the job's
 * lock. Results go to Redis as the exact bytes of the typed arrays. A batch is run in chunks, and the
 * run's cancel flag is checked before each, so a cancel stops in-flight batches within one chunk.
 * @module
 * @example
 * const w = await startBatchWorker({ redis: "redis://127.0.0.1:6379", concurrency: 2 });
 * process.once("SIGTERM", () => void w.close());
 * await w.closed;
 */
import { hostname } from "node:os";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { LodestoneError } from "../errors.js";
import type { BatchResult, BatchTask } from "../sim/batch.js";
import { encodeBatch } from "./codec.js";
import {
  cancelKey,
  DEFAULT_PREFIX,
  QUEUE_NAME,
  resultKey,
  RUN_TTL_S,
  runsLabel,
  specKey,
  type BatchJobData,
  type BatchJobReturn,
  type RunSpec,
} from "./protocol.js";
import { parseRedisUrl, redisConnection } from "./redis-url.js";

export interface BatchWorkerOptions {
  readonly redis: string;
  /** Batches run at once, each on its own thread. Default 1. */
  readonly concurrency?: number;
  readonly prefix?: string;
  /** How long a batch's lock lasts unless renewed; a killed worker's batch is retried after it. Default 30 s. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for batches whose worker died. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Runs between two checks of the cancel flag. Default 25. */
  readonly chunk?: number;
  /** Names this worker in errors and logs. Default host:pid. */
  readonly name?: string;
  readonly log?: (line: string) => void;
  /** Tests only: called before a batch runs; a throw fails the batch (a poisoned batch). */
  readonly beforeBatch?: (job: BatchJobData) => void;
}

export interface BatchWorkerHandle {
  readonly name: string;
  /** Stops taking batches; waits for the ones running unless `force` (they are then retried elsewhere). */
  close(force?: boolean): Promise<void>;
  /** Settles when the worker has closed. */
  readonly closed: Promise<void>;
}

type Pool = import("piscina").Piscina;

export async function startBatchWorker(o: BatchWorkerOptions): Promise<BatchWorkerHandle> {
  const target = parseRedisUrl(o.redis);
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new LodestoneError("concurrency must be a whole number ≥ 1");
  const prefix = o.prefix ?? DEFAULT_PREFIX;
  const chunk = Math.max(1, o.chunk ?? 25);
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const log = o.log ?? (() => {});
  const pool = await threadPool(concurrency);
  const specs = new Map<string, RunSpec>(); // a few recent runs' inputs, parsed once
  const client = new Redis(redisConnection(target));
  client.on("error", () => {}); // reported through the worker's own connection below

  const processBatch = async (job: Job<BatchJobData, BatchJobReturn>): Promise<BatchJobReturn> => {
    const { runId, firstRun, count } = job.data;
    const cancelled = async () => (await client.exists(cancelKey(prefix, runId))) === 1;
    const label = `${runsLabel(firstRun, count)} of run ${runId.slice(0, 8)}`;
    if (await cancelled()) throw new UnrecoverableError(`run ${runId} was cancelled`);
    let spec = specs.get(runId);
    if (!spec) {
      const text = await client.get(specKey(prefix, runId));
      if (text === null)
        throw new UnrecoverableError(`run ${runId} is gone from Redis (its coordinator ended)`);
      spec = JSON.parse(text) as RunSpec;
      specs.set(runId, spec);
      if (specs.size > 4) specs.delete(specs.keys().next().value!);
    }
    log(`${label}: started (attempt ${job.attemptsMade + 1})`);
    const t0 = performance.now();
    try {
      o.beforeBatch?.(job.data);
      const parts: BatchResult[] = [];
      for (let k = 0; k < count; k += chunk) {
        if (k > 0 && (await cancelled())) throw new UnrecoverableError(`run ${runId} was cancelled`);
        const task: BatchTask = { ...spec, firstRun: firstRun + k, count: Math.min(chunk, count - k) };
        parts.push((await pool.run(task)) as BatchResult);
      }
      const text = JSON.stringify(encodeBatch(concat(firstRun, count, parts)));
      // A run that ended meanwhile (cancelled, failed) takes no more results.
      if ((await client.exists(specKey(prefix, runId))) === 0 || (await cancelled()))
        throw new UnrecoverableError(`run ${runId} ended before ${label} finished`);
      await client.set(resultKey(prefix, runId, firstRun), text, "EX", RUN_TTL_S);
      log(`${label}: done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      return { bytes: text.length };
    } catch (e) {
      if (e instanceof UnrecoverableError) {
        log(`${label}: ${e.message}`);
        throw e;
      }
      const message = e instanceof Error ? e.message : String(e);
      log(`${label}: failed: ${message}`);
      throw new Error(`worker ${name}: ${message}`);
    }
  };

  const worker = new Worker<BatchJobData, BatchJobReturn>(QUEUE_NAME, processBatch, {
    connection: redisConnection(target),
    prefix,
    concurrency,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    name,
    autorun: false,
  });
  worker.on("error", (e) => log(`redis ${target.display}: ${e.message}`));
  await worker.waitUntilReady();
  const running = worker.run();
  let closing: Promise<void> | null = null;
  const close = (force = false) => {
    if (!closing || force)
      closing = worker
        .close(force)
        .then(() => Promise.all([pool.destroy(), client.quit()]))
        .then(() => {})
        .catch(() => {});
    return closing;
  };
  return { name, close, closed: running.then(() => close()) };
}

async function threadPool(threads: number): Promise<Pool> {
  const { Piscina } = await import("piscina");
  const here = import.meta.url;
  const ts = here.endsWith(".ts");
  return new Piscina({
    filename: new URL(ts ? "../sim/worker.ts" : "../sim/worker.js", here).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: ts ? ["--import", "tsx"] : [],
  });
}

/** The chunks of one batch, in order, as one batch result. */
function concat(firstRun: number, count: number, parts: readonly BatchResult[]): BatchResult {
  if (parts.length === 1) return parts[0]!;
  const join = <A extends Float64Array | Float32Array>(arrays: A[], make: (n: number) => A): A => {
    const out = make(arrays.reduce((s, a) => s + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const inv = parts.map((p) => p.inventory);
  return {
    firstRun,
    count,
    shortfall: join(
      parts.map((p) => p.shortfall),
      (n) => new Float64Array(n),
    ),
    inventory: inv.every((a) => a !== null) ? join(inv as Float32Array[], (n) => new Float32Array(n)) : null,
    magnetPerUnit: join(
      parts.map((p) => p.magnetPerUnit),
      (n) => new Float64Array(n),
    ),
  };
}
