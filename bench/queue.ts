/**
 * Benchmark (i): the queue's overhead. Two `lodestone worker` processes over Redis (BullMQ) against
 * `runMonteCarlo` on two in-process worker threads, same inputs, runs and seed (medians of --repeat
 * rounds, alternating, the results checked identical); then, at --sweep-runs runs, the queue at several
 * batch sizes: time, throughput per worker (runs/s), bytes per batch through Redis, and the per-batch
 * cost measured on batches of one run. Redis's own cost per batch (SET + GETDEL of a batch's payload from this
 * process) bounds how many workers one Redis can feed.
 *
 *   LODESTONE_BENCH_REDIS=redis://127.0.0.1:6379 node --import tsx bench/queue.ts
 *        [--runs 2000,10000] [--sizes 50,250,1000] [--sweep-runs 10000] [--repeat 3] [--seed 42]
 * The reference network data/sim/network.yaml under data/sim/scenarios/april-2025.yaml.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { distributedMonteCarlo } from "../src/queue/distributed.js";
import { QUEUE_NAME } from "../src/queue/protocol.js";
import { parseRedisUrl, redisConnection } from "../src/queue/redis-url.js";
import { parseNetwork, parseScenario } from "../src/sim/load.js";
import { closeSimWorkers, runMonteCarlo, type MonteCarloResult } from "../src/sim/monte-carlo.js";
import { flag, fmt, median } from "./lib.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin", "lodestone.js");
const REDIS =
  process.env.LODESTONE_BENCH_REDIS ?? process.env.LODESTONE_TEST_REDIS ?? "redis://127.0.0.1:6379";
const args = process.argv.slice(2);
const list = (name: string, dflt: string) => (flag(args, name) ?? dflt).split(",").map(Number);
const runsList = list("--runs", "2000,10000");
const sizes = list("--sizes", "50,250,1000");
const sweepRuns = Number(flag(args, "--sweep-runs") ?? 10_000);
const repeat = Number(flag(args, "--repeat") ?? 3);
const seed = Number(flag(args, "--seed") ?? 42);

const network = parseNetwork(readFileSync(join(ROOT, "data/sim/network.yaml"), "utf8"), "network.yaml");
const scenario = parseScenario(
  readFileSync(join(ROOT, "data/sim/scenarios/april-2025.yaml"), "utf8"),
  "april-2025.yaml",
  network,
);
const prefix = `lodestone-bench-${randomUUID().slice(0, 8)}`;
const P = network.nodes.filter((n) => n.stage === "product").length;
const N = network.nodes.length;
const M = scenario.months;
/** Base64 characters of one run's arrays: shortfall (f64), inventory (f32), magnet per unit (f64). */
const b64PerRun = ((P * M * 8 + N * M * 4 + P * 8) * 4) / 3;

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "worker", "--redis", REDIS, "--prefix", prefix], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      text += d;
      if (text.includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited ${code}: ${text}`)));
  });
}

const same = (a: MonteCarloResult, b: MonteCarloResult) =>
  Buffer.compare(Buffer.from(a.shortfall.buffer), Buffer.from(b.shortfall.buffer)) === 0 &&
  Buffer.compare(Buffer.from(a.inventory!.buffer), Buffer.from(b.inventory!.buffer)) === 0;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [(performance.now() - t0) / 1000, r];
}

const local = (runs: number, batchSize?: number) =>
  runMonteCarlo({ network, scenario, runs, seed, workers: 2, batchSize });
const queued = (runs: number, batchSize?: number) =>
  distributedMonteCarlo({ network, scenario, runs, seed, redis: REDIS, prefix, batchSize });

async function main() {
  console.log(
    `queue bench: ${network.name} + ${scenario.name} (${M} months, ${N} nodes, ${P} products), seed ${seed}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? "?"}, Redis ${parseRedisUrl(REDIS).display}, medians of ${repeat}`,
  );
  const workers = await Promise.all([startWorker(), startWorker()]);
  try {
    await local(200); // start the thread pool
    await queued(200); // and the workers' threads
    console.log("\n(a) 2 worker processes over Redis vs 2 in-process worker threads (default batch size)");
    console.log("runs    threads s   queue s   queue/threads   identical");
    for (const runs of runsList) {
      const tl: number[] = [];
      const tq: number[] = [];
      let ok = true;
      for (let i = 0; i < repeat; i++) {
        const order = i % 2 === 0 ? ["l", "q"] : ["q", "l"];
        let a: MonteCarloResult | null = null;
        let b: MonteCarloResult | null = null;
        for (const which of order) {
          if (which === "l") {
            const [t, r] = await timed(() => local(runs));
            tl.push(t);
            a = r;
          } else {
            const [t, r] = await timed(() => queued(runs));
            tq.push(t);
            b = r;
          }
        }
        ok &&= same(a!, b!);
      }
      console.log(
        `${String(runs).padEnd(8)}${fmt(median(tl), 2).padEnd(12)}${fmt(median(tq), 2).padEnd(10)}` +
          `${fmt(median(tq) / median(tl), 2).padEnd(16)}${ok ? "yes" : "NO"}`,
      );
      if (!ok) process.exitCode = 1;
    }

    console.log(`\n(b) batch size at ${fmt(sweepRuns)} runs, 2 worker processes (threads: same batch size)`);
    console.log("batch   batches   threads s   queue s   ratio   runs/s/worker   KB/batch");
    const rowsLocal: number[] = [];
    for (const size of sizes) {
      const batches = Math.ceil(sweepRuns / size);
      const tl: number[] = [];
      const tq: number[] = [];
      for (let i = 0; i < repeat; i++) {
        tl.push((await timed(() => local(sweepRuns, size)))[0]);
        tq.push((await timed(() => queued(sweepRuns, size)))[0]);
      }
      rowsLocal.push(median(tl));
      console.log(
        `${String(size).padEnd(8)}${String(batches).padEnd(10)}${fmt(median(tl), 2).padEnd(12)}` +
          `${fmt(median(tq), 2).padEnd(10)}${fmt(median(tq) / median(tl), 2).padEnd(8)}` +
          `${fmt(sweepRuns / median(tq) / 2).padEnd(16)}${fmt((size * b64PerRun) / 1024)}`,
      );
    }
    // Per-batch cost, measured directly: batches of one run, where the queue's round trip dominates.
    const tiny = 400;
    const t1l: number[] = [];
    const t1q: number[] = [];
    for (let i = 0; i < repeat; i++) {
      t1l.push((await timed(() => local(tiny, 1)))[0]);
      t1q.push((await timed(() => queued(tiny, 1)))[0]);
    }
    const perBatch = (median(t1q) - median(t1l)) / (tiny / 2);
    const perRun = (2 * median(t1l)) / tiny;
    console.log(
      `\nper batch: ${tiny} batches of 1 run, threads ${fmt(median(t1l), 2)} s, queue ${fmt(median(t1q), 2)} s → ` +
        `${fmt(perBatch * 1000, 2)} ms of queue cost per batch per worker ` +
        `(a run costs ${fmt(perRun * 1000, 2)} ms on a thread)`,
    );
    const computeRun = (2 * Math.min(...rowsLocal)) / sweepRuns;
    console.log(
      `compute per run at ${fmt(sweepRuns)} runs (threads, best batch size): ${fmt(computeRun * 1000, 3)} ms; ` +
        `queue cost is 10% of a batch from ${fmt((perBatch / computeRun) * 9, 0)} runs per batch`,
    );

    console.log("\n(c) Redis's own cost per batch: SET + GETDEL of the batch's payload, from this process");
    const redis = new Redis(redisConnection(parseRedisUrl(REDIS)));
    console.log("batch   KB/batch   ms/batch   MB/s    runs/s Redis can carry   workers to saturate");
    for (const size of sizes) {
      const payload = "x".repeat(Math.round(size * b64PerRun));
      const ts: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await redis.set(`${prefix}:probe`, payload);
        await redis.getdel(`${prefix}:probe`);
        ts.push((performance.now() - t0) / 1000);
      }
      const t = median(ts);
      const carry = size / t;
      console.log(
        `${String(size).padEnd(8)}${fmt(payload.length / 1024).padEnd(11)}${fmt(t * 1000, 2).padEnd(11)}` +
          `${fmt((2 * payload.length) / t / 1e6, 0).padEnd(8)}${fmt(carry).padEnd(26)}${fmt(carry * computeRun, 0)}`,
      );
    }
    await redis.quit();
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await closeSimWorkers();
    const q = new Queue(QUEUE_NAME, { connection: redisConnection(parseRedisUrl(REDIS)), prefix });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
}

await main();
