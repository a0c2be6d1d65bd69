/**
 * Benchmark (h): the overhead of running a simulation as a server job against the same run from the
 * CLI. Same scenario, runs and seed, measured in one run on this machine, medians of --repeat rounds
 * with the order alternating:
 *   (a) CLI: `lodestone sim run <scenario> --runs R --seed S --json` as a user types it (process
 *       start, TypeScript loading, worker pool start, the run, the summary, JSON to stdout);
 *   (b) core: what that command does once started — runMonteCarlo (workers auto) + summarise +
 *       manifest, in this process, with a cold worker pool each time (as the CLI has it), and with the
 *       pool warm (as a server's job has it): the job's own overhead is job against warm core;
 *   (c) job: `lodestone serve` in its own process, already running: POST /api/jobs, follow its
 *       server-sent events to the end, GET the result — timed from the POST to the last byte.
 * The job's result is checked against the CLI's (the same summary, number for number).
 *
 *   node --import tsx bench/jobs.ts [--runs 1000,10000] [--repeat 5] [--scenario april-2025] [--seed 1]
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  closeSimWorkers,
  loadScenario,
  runMonteCarlo,
  simManifest,
  summarise,
  type JobStatus,
  type SimRunResult,
  type Summary,
} from "../src/index.js";
import { flag, fmt, median } from "./lib.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "bench-token-0123456789abcdef";
const args = process.argv.slice(2);
const sizes = (flag(args, "--runs") ?? "1000,10000").split(",").map(Number);
const repeat = Number(flag(args, "--repeat") ?? 5);
const scenarioName = flag(args, "--scenario") ?? "april-2025";
const seed = Number(flag(args, "--seed") ?? 1);

function cli(runs: number): { ms: number; summary: Summary } {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, "bin/lodestone.js"),
      "sim",
      "run",
      scenarioName,
      "--runs",
      String(runs),
      "--seed",
      String(seed),
      "--json",
    ],
    { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: "1" } },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`the CLI failed: ${r.stderr}`);
  return { ms, summary: (JSON.parse(r.stdout) as { summary: Summary }).summary };
}

async function core(runs: number, cold: boolean): Promise<number> {
  if (cold) await closeSimWorkers(); // as a fresh CLI process has it
  const t0 = performance.now();
  const { scenario, network } = loadScenario(scenarioName);
  const r = await runMonteCarlo({ network, scenario, runs, seed });
  summarise(r);
  simManifest("sim-run", network, scenario, { seed, runs });
  const ms = performance.now() - t0;
  return ms;
}

async function startServer(db: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin/lodestone.js"), "--db", db, "serve", "--port", "0", "--rate-limit", "100000"],
    { env: { ...process.env, LODESTONE_TOKEN: TOKEN, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Lodestone at (http:\/\/[^ ]+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
  });
  return { base, child };
}

async function job(base: string, runs: number): Promise<{ ms: number; result: SimRunResult }> {
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const t0 = performance.now();
  const res = await fetch(`${base}api/jobs`, {
    method: "POST",
    headers,
    body: JSON.stringify({ kind: "sim-run", scenario: scenarioName, runs, seed }),
  });
  if (res.status !== 202) throw new Error(`POST /api/jobs: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as JobStatus;
  const events = await (await fetch(`${base}api/jobs/${id}/events`, { headers })).text();
  if (!events.includes('"state":"succeeded"'))
    throw new Error(`job ${id} did not succeed: ${events.slice(-500)}`);
  const result = (await (await fetch(`${base}api/jobs/${id}/result`, { headers })).json()) as SimRunResult;
  return { ms: performance.now() - t0, result };
}

const dir = mkdtempSync(join(tmpdir(), "lodestone-bench-jobs-"));
const { base, child } = await startServer(join(dir, "bench.duckdb"));
try {
  console.log(
    `(h) a simulation as a job against the CLI: ${scenarioName}, seed ${seed}, medians of ${repeat}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  // One job first: the job thread and its TypeScript start once per server, not per job.
  await job(base, 10);
  for (const runs of sizes) {
    const t = { cli: [] as number[], core: [] as number[], warm: [] as number[], job: [] as number[] };
    for (let k = 0; k < repeat; k++) {
      const order = k % 2 === 0 ? (["cli", "core", "job"] as const) : (["job", "core", "cli"] as const);
      for (const which of order) {
        if (which === "cli") {
          const c = cli(runs);
          t.cli.push(c.ms);
          if (k === 0) {
            const j = await job(base, runs);
            if (JSON.stringify(j.result.summary) !== JSON.stringify(c.summary))
              throw new Error("the job's summary differs from the CLI's");
          }
        } else if (which === "core") {
          t.core.push(await core(runs, true));
          t.warm.push(await core(runs, false));
        } else t.job.push((await job(base, runs)).ms);
      }
    }
    const [c, o, w, j] = [median(t.cli), median(t.core), median(t.warm), median(t.job)];
    console.log(
      `  ${fmt(runs)} runs: CLI ${fmt(c)} ms · core cold ${fmt(o)} ms · core warm ${fmt(w)} ms · job over HTTP ${fmt(j)} ms → ` +
        `job/CLI ${(j / c).toFixed(2)}× · job/core cold ${(j / o).toFixed(2)}× · job/core warm ${(j / w).toFixed(2)}× (results identical)`,
    );
    const list = (xs: number[]) => xs.map((x) => fmt(x)).join(" ");
    console.log(
      `    samples ms: cli ${list(t.cli)} | core cold ${list(t.core)} | warm ${list(t.warm)} | job ${list(t.job)}`,
    );
  }
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  await closeSimWorkers();
  rmSync(dir, { recursive: true, force: true });
}
