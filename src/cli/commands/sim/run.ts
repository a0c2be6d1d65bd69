/**
 * `lodestone sim run <scenario>`: a Monte-Carlo run with a progress bar and ETA, then a summary per
 * product with a terminal chart of the P5–P95 bands; `--json` adds the manifest, `--csv` writes
 * the bands month by month.
 * @module
 */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import {
  formatSimSummary,
  formatMonth,
  addMonths,
  loadScenario,
  runMonteCarlo,
  closeSimWorkers,
  distributedMonteCarlo,
  redactRedisUrl,
  LodestoneError,
  simManifest,
  summarise,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";

interface RunOptions {
  network?: string;
  runs?: string;
  seed?: string;
  workers?: string;
  csv?: boolean;
  queue?: string;
  queuePrefix?: string;
}

export function registerSimRun(sim: Command, globals: () => GlobalOptions): void {
  sim
    .command("run")
    .description("run a scenario through the network as a Monte-Carlo and summarise the shortfall")
    .argument("<scenario>", "a shipped scenario (see `sim scenarios`) or a scenario file (YAML/JSON)")
    .option("--network <file>", "network file (default: the scenario's, else the shipped reference)")
    .option("--runs <n>", "Monte-Carlo runs", "1000")
    .option("--seed <s>", "random seed (same seed → same result on any number of workers)", "1")
    .option("--workers <n>", "worker threads: auto or a number", "auto")
    .option("--csv", "print the bands per product and month as CSV")
    .option("--queue <redis-url>", "spread the runs over `lodestone worker`s through this Redis")
    .option("--queue-prefix <p>", "the workers' --prefix", "lodestone")
    .action(async (name: string, opts: RunOptions) => {
      const g = globals();
      if (g.json && opts.csv) usage("--json and --csv: choose one");
      const runs = countOption("runs", opts.runs, 1000);
      const seed = Number(opts.seed ?? "1");
      if (!Number.isSafeInteger(seed) || seed < 0) usage(`--seed "${opts.seed}" is not a whole number ≥ 0`);
      const workers =
        opts.workers === "auto" || opts.workers === undefined
          ? "auto"
          : countOption("workers", opts.workers, 1);
      const { scenario, network } = loadScenario(name, opts.network);
      const bar =
        stdio.isTTY && !g.json && !opts.csv
          ? new cliProgress.SingleBar(
              {
                format: `${scenario.name} [{bar}] {percentage}% | {value}/{total} runs | ETA {eta_formatted}`,
                stream: process.stderr,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      bar?.start(runs, 0);
      const onProgress = (done: number) => bar?.update(done);
      // Ctrl-C on a queued run takes its batches off the queue and stops the workers on it.
      const stop = new AbortController();
      const cancel = () => stop.abort(new LodestoneError("cancelled: the run's batches are off the queue"));
      if (opts.queue) process.once("SIGINT", cancel);
      const result = await (
        opts.queue
          ? distributedMonteCarlo({
              network,
              scenario,
              runs,
              seed,
              redis: opts.queue,
              prefix: opts.queuePrefix,
              onProgress,
              signal: stop.signal,
            })
          : runMonteCarlo({ network, scenario, runs, seed, workers, onProgress })
      ).finally(() => {
        process.removeListener("SIGINT", cancel);
        bar?.stop();
        void closeSimWorkers();
      });
      const summary = summarise(result);
      const manifest = simManifest("sim-run", network, scenario, { seed, runs });
      if (g.json) return printJson(stdio, { manifest, summary });
      if (opts.csv) {
        stdio.out("product,month,p5,p50,p95,mean,probability");
        for (const p of summary.products)
          for (let t = 0; t < summary.months; t++)
            stdio.out(
              [
                p.product,
                formatMonth(addMonths(result.start, t)),
                p.p5[t],
                p.p50[t],
                p.p95[t],
                p.mean[t],
                p.probability[t],
              ].join(","),
            );
        return;
      }
      stdio.out(formatSimSummary(summary, result.start, `${scenario.name} on ${network.name}`));
      stdio.out(
        `\nseed ${seed} · ${opts.queue ? `queue ${redactRedisUrl(opts.queue)}` : `${result.workers} worker${result.workers === 1 ? "" : "s"}`} · network ${manifest.network.sha256.slice(0, 12)} · scenario ${manifest.scenarios[0]!.sha256.slice(0, 12)}`,
      );
    });
}
