// In-process coordinator and worker over a real Redis (see redis.ts for LODESTONE_TEST_REDIS).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { Queue } from "bullmq";
import { LodestoneError } from "../../src/errors.js";
import { startBatchWorker, type BatchWorkerHandle } from "../../src/queue/batch-worker.js";
import { distributedMonteCarlo } from "../../src/queue/distributed.js";
import { QUEUE_NAME } from "../../src/queue/protocol.js";
import { parseRedisUrl, redisConnection } from "../../src/queue/redis-url.js";
import { runMonteCarlo } from "../../src/sim/monte-carlo.js";
import { dropQueue, REDIS, redisSuite, referenceInputs, uniquePrefix } from "./redis.js";

redisSuite("distributed Monte-Carlo, in one process", () => {
  const { network, scenario } = referenceInputs();
  const prefix = uniquePrefix();
  let worker: BatchWorkerHandle;
  const poisoned = new Map<number, number>(); // firstRun → tries seen
  const poison = new Set<number>();

  before(async () => {
    worker = await startBatchWorker({
      redis: REDIS,
      prefix,
      name: "test-worker",
      chunk: 10,
      beforeBatch: (b) => {
        if (!poison.has(b.firstRun)) return;
        poisoned.set(b.firstRun, (poisoned.get(b.firstRun) ?? 0) + 1);
        throw new Error(`poisoned batch at run ${b.firstRun}`);
      },
    });
  });
  after(async () => {
    await worker.close(true);
    await dropQueue(prefix);
  });

  it("gives a result identical to runMonteCarlo with the same seed and runs, progress reaching the total", async () => {
    const local = await runMonteCarlo({ network, scenario, runs: 130, seed: 11, workers: 1 });
    const seen: number[] = [];
    const remote = await distributedMonteCarlo({
      network,
      scenario,
      runs: 130,
      seed: 11,
      redis: REDIS,
      prefix,
      batchSize: 40,
      onProgress: (done, total) => {
        assert.equal(total, 130);
        seen.push(done);
      },
    });
    assert.deepEqual(remote.shortfall, local.shortfall);
    assert.deepEqual(remote.inventory, local.inventory);
    assert.deepEqual(remote.magnetPerUnit, local.magnetPerUnit);
    assert.deepEqual(
      [remote.runs, remote.seed, remote.start, remote.months],
      [130, 11, local.start, local.months],
    );
    assert.deepEqual([remote.products, remote.nodes], [local.products, local.nodes]);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      "progress only grows",
    );
    assert.equal(seen.length, 4, "one step per batch (40, 40, 40, 10 runs)");
    assert.equal(seen.at(-1), 130);
  });

  it("ends the run with an error naming the batch and the worker's error when a batch keeps failing", async () => {
    poison.add(40);
    try {
      await assert.rejects(
        distributedMonteCarlo({
          network,
          scenario,
          runs: 100,
          seed: 3,
          redis: REDIS,
          prefix,
          batchSize: 20,
          attempts: 3,
          retryDelayMs: 10,
        }),
        (e: unknown) => {
          assert.ok(e instanceof LodestoneError);
          assert.match(e.message, /batch runs 40–59 .*failed after its last try/);
          assert.match(e.message, /worker test-worker: poisoned batch at run 40/);
          return true;
        },
      );
      assert.equal(poisoned.get(40), 3, "tried three times");
    } finally {
      poison.clear();
    }
  });

  it("on cancel, rejects at once and leaves none of the run's batches waiting", async () => {
    const stop = new AbortController();
    await assert.rejects(
      distributedMonteCarlo({
        network,
        scenario,
        runs: 2000,
        seed: 5,
        redis: REDIS,
        prefix,
        batchSize: 50,
        signal: stop.signal,
        onProgress: (done) => {
          if (done >= 50 && !stop.signal.aborted) {
            stop.abort(new Error("stopped by the test"));
          }
        },
      }),
      /stopped by the test/,
    );
    const q = new Queue(QUEUE_NAME, { connection: redisConnection(parseRedisUrl(REDIS)), prefix });
    try {
      const waiting = await q.getJobCounts("wait", "delayed", "prioritized");
      assert.deepEqual(waiting, { wait: 0, delayed: 0, prioritized: 0 });
      // The batch the worker held stops at its next chunk: it fails as cancelled, and nothing stays active.
      for (let i = 0; i < 100 && (await q.getActiveCount()) > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal(await q.getActiveCount(), 0);
      for (const j of await q.getFailed())
        if (!/poisoned/.test(j.failedReason)) assert.match(j.failedReason, /was cancelled|ended before/);
    } finally {
      await q.close();
    }
  });
});
