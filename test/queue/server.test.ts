// A server configured with a queue sends a sim-run job's runs to the workers on Redis: the job's
// result is the same as a local run with the same seed (see redis.ts for LODESTONE_TEST_REDIS).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import {
  loadScenario,
  runMonteCarlo,
  summarise,
  type JobStatus,
  type SimRunResult,
} from "../../src/index.js";
import { startBatchWorker, type BatchWorkerHandle } from "../../src/queue/batch-worker.js";
import { AUTH, serve, type Served } from "../server/helpers.js";
import { dropQueue, REDIS, redisSuite, uniquePrefix } from "./redis.js";

redisSuite("server jobs on a queue", () => {
  const prefix = uniquePrefix();
  let worker: BatchWorkerHandle;
  let s: Served;
  const seen: number[] = [];

  before(async () => {
    worker = await startBatchWorker({
      redis: REDIS,
      prefix,
      name: "server-test-worker",
      beforeBatch: (b) => void seen.push(b.firstRun),
    });
    s = await serve({ jobs: { runQueue: { redis: REDIS, prefix } } });
  });
  after(async () => {
    await s.close();
    await worker.close(true);
    await dropQueue(prefix);
  });

  it("runs a sim-run job's batches on the queue's workers, with the local result", async () => {
    const res = await s.app.inject({
      method: "POST",
      url: "/api/jobs",
      headers: AUTH,
      payload: { kind: "sim-run", scenario: "april-2025", runs: 90, seed: 5 },
    });
    assert.equal(res.statusCode, 202, res.body);
    const { id } = res.json<JobStatus>();
    let st: JobStatus;
    do {
      await new Promise((r) => setTimeout(r, 50));
      st = (await s.app.inject({ url: `/api/jobs/${id}` })).json<JobStatus>();
    } while (!st.finishedAt);
    assert.equal(st.state, "succeeded", st.error ?? "");
    assert.ok(seen.length > 0, "the worker ran the job's batches");
    const result = (await s.app.inject({ url: `/api/jobs/${id}/result` })).json<SimRunResult>();
    const { scenario, network } = loadScenario("april-2025");
    const local = summarise(await runMonteCarlo({ network, scenario, runs: 90, seed: 5, workers: 1 }));
    assert.deepEqual(result.summary, JSON.parse(JSON.stringify(local)));
  });
});
