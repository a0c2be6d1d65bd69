/**
 * Monte-Carlo spread over machines through a BullMQ queue on Redis: the coordinator stores the run's
 * network and scenario once, enqueues one job per batch, and merges the workers' results by run index.
 * Run r draws from stream r of the seed wherever it runs, so the result is identical, bit for bit, to
 * `runMonteCarlo` with the same seed and runs. A batch that keeps failing ends the run with its error;
 * a cancel removes the run's waiting batches and raises a flag that workers check between chunks.
 * @module
 * @example
 * const r = await distributedMonteCarlo({ network, scenario, runs: 10_000, seed: 42,
 *   redis: "redis://127.0.0.1:6379", onProgress: (d, n) => bar.update(d) });
 */
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { LodestoneError, UsageError } from "../errors.js";
import { emptyResult, mergeBatch, type MonteCarloResult } from "../sim/monte-carlo.js";
import type { Network } from "../sim/network.js";
import type { Scenario } from "../sim/scenario.js";
import { decodeBatch, type EncodedBatch } from "./codec.js";
import {
  batchJobId,
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

export interface DistributedOptions {
  readonly network: Network;
  readonly scenario: Scenario;
  readonly runs: number;
  readonly seed: number;
  /** redis://[:password@]host:port; a non-loopback host needs a password. */
  readonly redis: string;
  /** Runs per batch (default: about 16 batches, at most 250 runs each). */
  readonly batchSize?: number;
  /** Keep every run's inventory paths. Default true. */
  readonly keepInventory?: boolean;
  /** BullMQ key prefix shared with the workers. Default "lodestone". */
  readonly prefix?: string;
  /** Tries per batch before the run fails. Default 3. */
  readonly attempts?: number;
  /** Wait between tries of a failed batch. Default 500 ms. */
  readonly retryDelayMs?: number;
  /** Give up when Redis cannot be reached within this time. Default 10 s. */
  readonly connectTimeoutMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export async function distributedMonteCarlo(o: DistributedOptions): Promise<MonteCarloResult> {
  if (!Number.isInteger(o.runs) || o.runs < 1)
    throw new UsageError("runs must be a whole number ≥ 1", "runs");
  const size = o.batchSize ?? Math.max(1, Math.min(250, Math.ceil(o.runs / 16)));
  if (!Number.isInteger(size) || size < 1)
    throw new UsageError("batchSize must be a whole number ≥ 1", "batchSize");
  const target = parseRedisUrl(o.redis);
  o.signal?.throwIfAborted();
  const prefix = o.prefix ?? DEFAULT_PREFIX;
  const keepInventory = o.keepInventory ?? true;
  // workers: 0 — not known to the coordinator: the queue's workers come and go.
  const result = emptyResult(o, keepInventory, 0);
  const P = result.products.length;
  const M = result.months;

  const runId = randomUUID();
  const batches = new Map<string, BatchJobData>();
  for (let first = 0; first < o.runs; first += size)
    batches.set(batchJobId(runId, first), { runId, firstRun: first, count: Math.min(size, o.runs - first) });

  const firstRuns = [...batches.values()].map((b) => b.firstRun);
  const connection = redisConnection(target);
  // Reach Redis first with a client of our own: BullMQ's connections retry forever, and closing one
  // that never connected makes it report an error nobody listens to any more.
  const client = new Redis({ ...connection, lazyConnect: true });
  let redisError: Error | null = null;
  const onError = (e: Error) => (redisError = e);
  client.on("error", onError);
  try {
    await within(client.connect(), o.connectTimeoutMs ?? 10_000, () => new Error("no answer"), o.signal);
  } catch (e) {
    client.disconnect();
    if (o.signal?.aborted) throw o.signal.reason;
    const why = (redisError as Error | null)?.message ?? (e instanceof Error ? e.message : String(e));
    throw new LodestoneError(`cannot reach Redis at ${target.display}: ${why}`);
  }
  const queue = new Queue<BatchJobData, BatchJobReturn>(QUEUE_NAME, { connection, prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
  queue.on("error", onError);
  events.on("error", onError);

  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => {}); // awaited below; a cancel may come before that
  const abort = () => settle.reject(o.signal!.reason ?? new Error("cancelled"));
  o.signal?.addEventListener("abort", abort, { once: true });
  let ok = false;
  try {
    await Promise.race([Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), finished]);
    const spec: RunSpec = { network: o.network, scenario: o.scenario, seed: o.seed, keepInventory };
    await client.set(specKey(prefix, runId), JSON.stringify(spec), "EX", RUN_TTL_S);

    let done = 0;
    events.on("completed", ({ jobId }) => {
      const b = batches.get(jobId);
      if (!b) return; // another run's batch
      batches.delete(jobId);
      const key = resultKey(prefix, runId, b.firstRun);
      void client
        .getdel(key)
        .then((text: string | null) => {
          if (text === null)
            throw new LodestoneError(`the result of ${runsLabel(b.firstRun, b.count)} is missing from Redis`);
          const r = decodeBatch(JSON.parse(text) as EncodedBatch);
          if (r.firstRun !== b.firstRun || r.count !== b.count || r.shortfall.length !== b.count * P * M)
            throw new LodestoneError(`the result of ${runsLabel(b.firstRun, b.count)} does not fit this run`);
          mergeBatch(result, r);
          done += b.count;
          o.onProgress?.(done, o.runs);
          if (done === o.runs) settle.resolve();
        })
        .catch((e: unknown) => settle.reject(e));
    });
    events.on("failed", ({ jobId, failedReason }) => {
      const b = batches.get(jobId);
      if (!b) return;
      settle.reject(
        new LodestoneError(
          `batch ${runsLabel(b.firstRun, b.count)} (job ${jobId}) failed after its last try: ${failedReason}`,
        ),
      );
    });

    const attempts = o.attempts ?? 3;
    await queue.addBulk(
      [...batches].map(([jobId, data]) => ({
        name: "batch",
        data,
        opts: {
          jobId,
          attempts,
          backoff: { type: "fixed", delay: o.retryDelayMs ?? 500 },
          removeOnComplete: true,
          removeOnFail: { age: 24 * 3600 },
        },
      })),
    );
    await finished;
    ok = true;
    return result;
  } finally {
    o.signal?.removeEventListener("abort", abort);
    const outstanding = ok ? [] : [...batches.keys()];
    const results = ok ? [] : firstRuns.map((f) => resultKey(prefix, runId, f));
    await within(
      cleanUp(
        queue,
        events,
        client,
        [specKey(prefix, runId), ...results],
        outstanding,
        cancelKey(prefix, runId),
      ),
      5000,
      () => new Error(),
    ).catch(() => {});
  }
}

/** Drops the run's keys; after a failure or cancel, raises the cancel flag and removes waiting batches. */
async function cleanUp(
  queue: Queue<BatchJobData, BatchJobReturn>,
  events: QueueEvents,
  client: Redis,
  keys: readonly string[],
  outstanding: readonly string[],
  cancel: string,
): Promise<void> {
  try {
    if (client.status !== "ready") return; // nothing of the run reached Redis, or Redis is gone
    if (outstanding.length) {
      await client.set(cancel, "1", "EX", RUN_TTL_S);
      // A batch that a worker holds cannot be removed: it sees the cancel flag at its next chunk.
      await Promise.all(outstanding.map((id) => queue.remove(id).catch(() => 0)));
    }
    await client.del(...keys);
  } finally {
    client.disconnect();
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

/** `p`, or the error `fail()` after `ms`, or the signal's reason. */
function within<T>(p: Promise<T>, ms: number, fail: () => Error, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(fail()), ms);
    const onAbort = () => reject(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  });
}
