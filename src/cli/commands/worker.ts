/**
 * `lodestone worker --redis redis://host:6379`: takes Monte-Carlo batches from the queue until
 * stopped. SIGINT/SIGTERM finish the batches in hand; a second signal hands them back (another worker
 * retries them once their lock expires).
 * @module
 */
import type { Command } from "commander";
import { startBatchWorker } from "../../index.js";
import { stdio, type GlobalOptions } from "../context.js";
import { countOption } from "../parse.js";

interface WorkerOptions {
  redis?: string;
  concurrency?: string;
  prefix?: string;
  lockMs?: string;
  stalledMs?: string;
}

export function registerWorker(program: Command, _globals: () => GlobalOptions): void {
  program
    .command("worker")
    .description("run Monte-Carlo batches from a Redis queue (start one per machine)")
    .option(
      "--redis <url>",
      "redis://[:password@]host:port (a remote host needs a password)",
      "redis://127.0.0.1:6379",
    )
    .option("--concurrency <n>", "batches at once, one thread each", "1")
    .option("--prefix <p>", "queue key prefix shared with `sim run --queue`", "lodestone")
    .option("--lock-ms <ms>", "a batch's lock; a dead worker's batch is retried after it", "30000")
    .option("--stalled-ms <ms>", "how often to look for batches of dead workers", "30000")
    .action(async (opts: WorkerOptions) => {
      const w = await startBatchWorker({
        redis: opts.redis!,
        concurrency: countOption("concurrency", opts.concurrency, 1),
        prefix: opts.prefix,
        lockDurationMs: countOption("lock-ms", opts.lockMs, 30_000),
        stalledIntervalMs: countOption("stalled-ms", opts.stalledMs, 30_000),
        log: (line) => stdio.err(`${new Date().toISOString()} ${line}`),
      });
      stdio.err(`worker ${w.name} ready (prefix ${opts.prefix}); stop with Ctrl-C`);
      let signals = 0;
      const stop = (sig: string) => {
        signals += 1;
        stdio.err(
          signals === 1
            ? `${sig}: finishing the batches in hand (again to hand them back now)`
            : `${sig}: handing the batches back`,
        );
        void w.close(signals > 1);
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
      await w.closed;
      stdio.err(`worker ${w.name} stopped`);
    });
}
