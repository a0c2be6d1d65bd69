import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, it, test } from "node:test";
import { startBatchWorker, type BatchWorkerHandle } from "../../src/queue/batch-worker.js";
import { dropQueue, REDIS, redisSuite, uniquePrefix } from "./redis.js";

/** The CLI in a child process (async, so that an in-process worker can serve it). */
function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["bin/lodestone.js", ...args], {
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, out, err })));
}

test("worker refuses a remote Redis without a password, as a usage error", async () => {
  const r = await run(["worker", "--redis", "redis://10.0.0.5:6379"]);
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /redis:\/\/10\.0\.0\.5:6379: refusing a Redis server that is not on this machine without a password/,
  );
});

test("sim run --queue never prints the Redis password", async () => {
  const r = await run([
    "sim",
    "run",
    "april-2025",
    "--runs",
    "10",
    "--queue",
    "redis://:hunter2@10.0.0.5:6379/x",
  ]);
  assert.equal(r.code, 2);
  assert.match(r.err, /redis:\/\/:\*\*\*@10\.0\.0\.5:6379\/x/);
  assert.ok(!`${r.out}${r.err}`.includes("hunter2"));
});

redisSuite("sim run --queue", () => {
  const prefix = uniquePrefix();
  let worker: BatchWorkerHandle;
  before(async () => {
    worker = await startBatchWorker({ redis: REDIS, prefix });
  });
  after(async () => {
    await worker.close(true);
    await dropQueue(prefix);
  });

  it("gives the same summary as a local run", async () => {
    const args = ["sim", "run", "april-2025", "--runs", "60", "--seed", "4", "--json"];
    const [local, queued] = await Promise.all([
      run(args),
      run([...args, "--queue", REDIS, "--queue-prefix", prefix]),
    ]);
    assert.equal(queued.code, 0, queued.err);
    assert.deepEqual(JSON.parse(queued.out).summary, JSON.parse(local.out).summary);
  });
});
