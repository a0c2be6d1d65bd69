/**
 * `lodestone serve`: the HTTP API and the dashboard over the store. The server owns the database
 * file while it runs (another `lodestone` command on the same file says so and points to the API).
 * Binds to 127.0.0.1 unless told otherwise; off loopback, reads need the token too. The write
 * token is printed once, when it is first created. SIGINT/SIGTERM close the server (in-flight
 * requests finish) and then the store.
 * @module
 */
import type { Command } from "commander";
import {
  LodestoneError,
  openLodestone,
  parseRedisUrl,
  redactRedisUrl,
  resolveDbPath,
  UsageError,
} from "../../index.js";
import { buildApp, DEFAULT_BODY_LIMIT } from "../../server/app.js";
import { resolveToken } from "../../server/token.js";
import { DEFAULT_WEB_ROOT, webRootFor } from "../../server/web.js";
import { stdio, type GlobalOptions, type Output } from "../context.js";

interface ServeOpts {
  port: string;
  host: string;
  tokenFile?: string;
  web?: string;
  uploadLimitMb?: string;
  rateLimit?: string;
  jobs: string;
  queueLimit: string;
  queue?: string;
  queuePrefix?: string;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

function portOption(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65_535) usageError(`--port "${text}" is not a port (0–65535)`);
  return n;
}

function positiveOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) usageError(`--${name} "${text}" is not a positive number`);
  return n;
}

function wholeOption(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > 1000)
    usageError(`--${name} "${text}" is not a whole number from ${min} to 1000`);
  return n;
}

function usageError(message: string): never {
  throw new UsageError(message);
}

export function registerServe(
  program: Command,
  globals: () => GlobalOptions,
  io: Output = stdio,
  signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"],
): void {
  program
    .command("serve")
    .description("the HTTP API (docs at /docs) and the dashboard, over the store")
    .option("--port <n>", "port to listen on (0: any free port)", "8321")
    .option("--host <address>", "address to bind (reads need the token off loopback)", "127.0.0.1")
    .option(
      "--token-file <file>",
      "the write token's file (default: $LODESTONE_TOKEN, else <data dir>/token)",
    )
    .option("--web <dir>", "the dashboard's built files (default: web/dist)")
    .option("--upload-limit-mb <n>", "largest import upload, in MiB", String(DEFAULT_BODY_LIMIT / 2 ** 20))
    .option("--rate-limit <n>", "requests per minute per client", "600")
    .option("--jobs <n>", "simulation and planning jobs run at once (each uses every core)", "1")
    .option("--queue-limit <n>", "jobs that may wait beyond the running ones; more are refused (503)", "16")
    .option(
      "--queue <redis-url>",
      "run simulation jobs' Monte-Carlo on `lodestone worker`s through this Redis (non-loopback needs a password)",
    )
    .option("--queue-prefix <p>", "the queue's key prefix, shared with the workers", "lodestone")
    .action(async (opts: ServeOpts) => {
      const g = globals();
      const port = portOption(opts.port);
      const bodyLimit = Math.round(positiveOption("upload-limit-mb", opts.uploadLimitMb, 64) * 2 ** 20);
      const max = Math.round(positiveOption("rate-limit", opts.rateLimit, 600));
      const concurrency = wholeOption("jobs", opts.jobs, 1);
      const maxQueued = wholeOption("queue-limit", opts.queueLimit, 0);
      // Checked before the store is opened: a remote Redis without a password is refused here.
      if (opts.queue) parseRedisUrl(opts.queue);
      const runQueue = opts.queue
        ? { redis: opts.queue, prefix: opts.queuePrefix ?? "lodestone" }
        : undefined;
      const loopback = LOOPBACK.test(opts.host);
      // Opening the store takes the file's lock: a busy file fails here with the StoreError
      // that names the other process (and before a new token is made that nobody would see).
      const { store } = await openLodestone(resolveDbPath(g.db));
      let app;
      let token;
      try {
        token = resolveToken(opts.tokenFile ? { tokenFile: opts.tokenFile } : {});
        app = await buildApp({
          store,
          token: token.token,
          ...(opts.web !== undefined ? { webRoot: opts.web } : {}),
          logger: { level: g.debug ? "debug" : "warn" },
          bodyLimit,
          rateLimit: { max, timeWindow: "1 minute" },
          openReads: loopback,
          jobs: { concurrency, maxQueued, ...(runQueue ? { runQueue } : {}) },
        });
        await app.listen({ port, host: opts.host });
      } catch (e) {
        await app?.close();
        store.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE")
          throw new LodestoneError(`port ${port} on ${opts.host} is in use: choose another --port`);
        if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
          throw new UsageError(`--host "${opts.host}" is not an address of this machine`);
        throw e;
      }
      const server = app;
      const { created, from, path } = token;
      // The handlers go in before the address is printed: whoever reads that line may signal at once.
      const stopped = new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            // A second signal: the user does not want to wait. DuckDB's log keeps the file consistent.
            io.err(`${signal} again: exiting now`);
            process.exit(1);
          }
          stopping = true;
          io.err(`${signal}: stopping (finishing requests in flight)…`);
          void server
            .close()
            .catch((e: unknown) => io.err(`error while stopping: ${(e as Error).message}`))
            .finally(() => {
              store.close();
              for (const s of signals) process.off(s, stop);
              io.err("stopped; the database file is free");
              resolve();
            });
        };
        for (const s of signals) process.on(s, stop);
      });

      const address = app.server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
      io.out(`Lodestone at http://${host}:${actualPort}/ (API docs /docs)`);
      io.out(
        store.dialect === "postgres"
          ? `Database ${store.path} (PostgreSQL): shared; other servers and the CLI can use it at the same time.`
          : `Database ${store.path}: this server holds it until it stops; use the API to read and import.`,
      );
      if (created) {
        io.out(`Write token (shown once; stored in ${path}, readable by you only):\n  ${token.token}`);
        io.out(
          `Open the dashboard with it (what follows # never leaves the browser):\n  http://${host}:${actualPort}/#token=${token.token}`,
        );
      } else {
        io.out(`Write token: ${from === "env" ? "from LODESTONE_TOKEN" : `in ${path}`}`);
      }
      const web = webRootFor(opts.web);
      io.out(
        web
          ? `Dashboard: ${web}`
          : `Dashboard: not built in ${opts.web ?? DEFAULT_WEB_ROOT} (npm run build:web); / says so`,
      );
      if (!loopback) io.out(`Listening beyond loopback: every /api request needs the token.`);
      io.out(
        `Jobs: ${concurrency} at once, up to ${maxQueued} waiting${runQueue ? `; simulation runs go to the workers on ${redactRedisUrl(runQueue.redis)} (lodestone worker --redis …)` : ""}.`,
      );
      await stopped;
    });
}
