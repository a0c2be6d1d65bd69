// A coordinator (this process) and `lodestone worker` processes over a real Redis on loopback
// (see redis.ts for LODESTONE_TEST_REDIS). Locks are short here so that a killed worker's batch
// comes back within seconds.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, it } from "node:test";
import { distributedMonteCarlo } from "../../src/queue/distributed.js";
import { runMonteCarlo } from "../../src/sim/monte-carlo.js";
import { dropQueue, REDIS, redisSuite, referenceInputs, uniquePrefix } from "./redis.js";

const BIN = fileURLToPath(new URL("../../bin/lodestone.js", import.meta.url));

interface Spawned {
  readonly child: ChildProcess;
  /** Everything the worker has logged so far. */
  log(): string;
  /** Resolves with the first log line matching `re`. */
  line(re: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function startWorker(prefix: string): Spawned {
  const child = spawn(
    process.execPath,
    [BIN, "worker", "--redis", REDIS, "--prefix", prefix, "--lock-ms", "1500", "--stalled-ms", "1000"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let text = "";
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    text += d;
    for (const w of [...waiters]) {
      const hit = text.split("\n").find((l) => w.re.test(l));
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    child,
    log: () => text,
    line: (re) =>
      new Promise((resolve, reject) => {
        const hit = text.split("\n").find((l) => re.test(l));
        if (hit) return resolve(hit);
        waiters.push({ re, resolve });
        void exited.then((code) => reject(new Error(`worker exited (${code}) before ${re}:\n${text}`)));
      }),
    exited,
  };
}

redisSuite("distributed Monte-Carlo, a coordinator and two worker processes", () => {
  const { network, scenario } = referenceInputs();
  const workers: Spawned[] = [];
  const prefixes: string[] = [];
  after(async () => {
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    for (const p of prefixes) await dropQueue(p);
  });
  const twoWorkers = async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const pair = [startWorker(prefix), startWorker(prefix)];
    workers.push(...pair);
    await Promise.all(pair.map((w) => w.line(/ready/)));
    return { prefix, pair };
  };

  it("gives a result identical to the local run", async () => {
    const { prefix, pair } = await twoWorkers();
    const local = await runMonteCarlo({ network, scenario, runs: 600, seed: 21, workers: 1 });
    const remote = await distributedMonteCarlo({
      network,
      scenario,
      runs: 600,
      seed: 21,
      redis: REDIS,
      prefix,
      batchSize: 50,
    });
    assert.deepEqual(remote.shortfall, local.shortfall);
    assert.deepEqual(remote.inventory, local.inventory);
    assert.deepEqual(remote.magnetPerUnit, local.magnetPerUnit);
    for (const w of pair) w.child.kill("SIGTERM");
    assert.deepEqual(await Promise.all(pair.map((w) => w.exited)), [0, 0], "SIGTERM stops a worker cleanly");
    for (const w of pair) assert.match(w.log(), /stopped/);
  });

  it("completes with results identical to the local run when a worker is killed mid-batch", async () => {
    const { prefix, pair } = await twoWorkers();
    const [a, b] = pair as [Spawned, Spawned];
    const local = await runMonteCarlo({ network, scenario, runs: 1200, seed: 22, workers: 1 });
    const remote = distributedMonteCarlo({
      network,
      scenario,
      runs: 1200,
      seed: 22,
      redis: REDIS,
      prefix,
      batchSize: 200,
    });
    const started = await a.line(/: started/);
    a.child.kill("SIGKILL");
    const result = await remote;
    assert.deepEqual(result.shortfall, local.shortfall);
    assert.deepEqual(result.inventory, local.inventory);
    assert.deepEqual(result.magnetPerUnit, local.magnetPerUnit);
    // The batch the killed worker held was run again by the other one.
    const batch = /(runs \d+–\d+ of run \w+)/.exec(started)![1]!;
    assert.match(b.log(), new RegExp(`${batch}: done`), `${batch} was retried:\n${b.log()}`);
    assert.equal(await a.exited, null, "killed");
    b.child.kill("SIGTERM");
    assert.equal(await b.exited, 0);
  });
});
