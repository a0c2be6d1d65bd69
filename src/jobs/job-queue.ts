/**
 * The server's job queue. Jobs run in a pool of worker threads (never on the event loop), at most
 * `concurrency` at once; more wait in order, up to `maxQueued`, beyond which a submission is refused
 * (QueueFull). Each job reports progress and state changes to its subscribers (the SSE stream).
 * Cancelling a queued job drops it; cancelling a running one asks the core to stop through its
 * AbortSignal, and if the core has not stopped after `cancelGraceMs` (HiGHS cannot be interrupted
 * mid-solve) the job's worker thread is terminated. A finished job is handed to `persist` (the
 * server stores it) with its result as JSON text.
 * @module
 * @example
 * const queue = new JobQueue({ concurrency: 1, persist: async (status, json) => save(status, json) });
 * const status = queue.submit(await resolveJob(request, lib, store));
 * const stop = queue.subscribe(status.id, (e) => console.log(e));
 */
import { randomBytes } from "node:crypto";
import { MessageChannel } from "node:worker_threads";
import { LodestoneError } from "../errors.js";
import type { PortMessage, JobTask } from "./job-worker.js";
import type { JobInput } from "./resolve.js";
import type { JobProgress, JobState, JobStatus } from "./result.js";

export type JobEvent =
  | { readonly type: "status"; readonly status: JobStatus }
  | { readonly type: "progress"; readonly progress: JobProgress };

/** Runs one task in a worker thread; `signal` terminates the thread (the hard stop). */
export type TaskRunner = (task: JobTask, transfer: JobTask["port"], signal: AbortSignal) => Promise<string>;

export interface JobQueueOptions {
  /** Jobs running at once (default 1: a Monte-Carlo already uses every core). */
  readonly concurrency?: number;
  /** Jobs waiting beyond the running ones before submissions are refused (default 16). */
  readonly maxQueued?: number;
  /** How long a running job may take to stop after a cancel before its thread is terminated (default 3 s). */
  readonly cancelGraceMs?: number;
  /** Called once with every finished job, its result as JSON text when it succeeded. */
  readonly persist?: (status: JobStatus, resultJson: string | null) => Promise<void>;
  /** How many finished jobs stay in memory (default 100); older ones are served by `persist`'s store. */
  readonly keepFinished?: number;
  /** The worker-thread runner (default: a pool of job-worker threads). */
  readonly runner?: TaskRunner;
}

/** Submissions beyond the queue's limit. */
export class QueueFull extends LodestoneError {
  override name = "QueueFull";
}

interface Job {
  status: JobStatus;
  readonly input: JobInput;
  readonly listeners: Set<(e: JobEvent) => void>;
  /** Set while running. */
  cancel?: () => void;
  result: string | null;
}

const now = () => new Date().toISOString();

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly grace: number;
  private readonly keepFinished: number;
  private readonly runner: TaskRunner;
  private pool: { destroy(): Promise<void> } | null = null;
  private closed = false;

  constructor(private readonly o: JobQueueOptions = {}) {
    this.concurrency = Math.max(1, o.concurrency ?? 1);
    this.maxQueued = Math.max(0, o.maxQueued ?? 16);
    this.grace = o.cancelGraceMs ?? 3000;
    this.keepFinished = o.keepFinished ?? 100;
    this.runner = o.runner ?? this.poolRunner();
  }

  /** Queues a job; throws QueueFull when `maxQueued` jobs already wait. */
  submit(input: JobInput): JobStatus {
    if (this.closed) throw new QueueFull("the server is stopping: it takes no new jobs");
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued)
      throw new QueueFull(
        `the job queue is full (${this.waiting.length} waiting, ${this.running} running): try again when a job finishes, or cancel one`,
      );
    const job: Job = {
      input,
      listeners: new Set(),
      result: null,
      status: {
        id: randomBytes(8).toString("hex"),
        kind: input.request.kind,
        label: input.label,
        state: "queued",
        progress: null,
        position: this.running + this.waiting.length,
        createdAt: now(),
        startedAt: null,
        finishedAt: null,
        error: null,
        request: input.request,
      },
    };
    this.jobs.set(job.status.id, job);
    this.waiting.push(job);
    this.pump();
    return job.status;
  }

  /** A job's status while the queue holds it (live and recent ones). */
  status(id: string): JobStatus | undefined {
    return this.jobs.get(id)?.status;
  }

  /** A finished job's result JSON while the queue holds it. */
  result(id: string): string | null {
    return this.jobs.get(id)?.result ?? null;
  }

  /** Jobs the queue holds, newest first. */
  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => j.status).reverse();
  }

  /** Listens to a job's events until it finishes; returns the unsubscribe. Unknown id: undefined. */
  subscribe(id: string, listener: (e: JobEvent) => void): (() => void) | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Cancels a queued or running job; a finished one is left as it is. Unknown id: undefined. */
  cancel(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.status.state === "queued") {
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.finish(job, "cancelled", "cancelled before it started", null);
      this.renumber();
    } else if (job.status.state === "running") job.cancel?.();
    return job.status;
  }

  /** Forgets a finished job (the caller removes its stored copy). */
  forget(id: string): void {
    const job = this.jobs.get(id);
    if (
      job &&
      (job.status.state === "succeeded" || job.status.state === "failed" || job.status.state === "cancelled")
    )
      this.jobs.delete(id);
  }

  /** Cancels everything, waits for running jobs to stop and closes the worker threads. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.jobs.values()]) this.cancel(job.status.id);
    while (this.running > 0) await new Promise((r) => setTimeout(r, 20));
    await this.pool?.destroy();
    this.pool = null;
  }

  private update(job: Job, changes: Partial<JobStatus>): void {
    job.status = { ...job.status, ...changes };
    this.emit(job, { type: "status", status: job.status });
  }

  private emit(job: Job, e: JobEvent): void {
    for (const l of job.listeners) l(e);
  }

  private renumber(): void {
    this.waiting.forEach((job, i) => {
      if (job.status.position !== this.running + i) this.update(job, { position: this.running + i });
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void this.start(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
    this.renumber();
  }

  private async start(job: Job): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const hard = new AbortController();
    let cancelled = false;
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    job.cancel = () => {
      if (cancelled) return;
      cancelled = true;
      port1.postMessage({ type: "cancel" } satisfies PortMessage);
      timer = setTimeout(() => {
        killed = true;
        hard.abort();
      }, this.grace);
    };
    port1.on("message", (m: PortMessage) => {
      if (m.type !== "progress" || job.status.state !== "running") return;
      const progress = { done: m.done, total: m.total, unit: m.unit };
      job.status = { ...job.status, progress };
      this.emit(job, { type: "progress", progress });
    });
    this.update(job, { state: "running", startedAt: now(), position: 0 });
    try {
      const json = await this.runner({ input: job.input, port: port2 }, port2, hard.signal);
      if (cancelled) this.finish(job, "cancelled", "cancelled while running", null);
      else this.finish(job, "succeeded", null, json);
    } catch (e) {
      if (cancelled)
        this.finish(
          job,
          "cancelled",
          killed
            ? `cancelled; the work did not stop within ${this.grace / 1000} s (a solver cannot be interrupted), so its worker thread was stopped`
            : "cancelled while running",
          null,
        );
      else this.finish(job, "failed", e instanceof Error ? e.message : String(e), null);
    } finally {
      clearTimeout(timer);
      port1.close();
      delete job.cancel;
    }
  }

  private finish(job: Job, state: JobState, error: string | null, json: string | null): void {
    job.result = json;
    const p = job.status.progress;
    this.update(job, {
      state,
      error,
      finishedAt: now(),
      position: 0,
      progress: state === "succeeded" && p ? { ...p, done: p.total } : p,
    });
    job.listeners.clear();
    void this.o.persist?.(job.status, json).catch(() => {
      // The result stays in memory; the server logs a store failure where it persists.
    });
    const finished = [...this.jobs.values()].filter((j) => j.status.finishedAt !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.jobs.delete(old.status.id);
  }

  /** The default runner: a piscina pool of job-worker threads, started on first use. */
  private poolRunner(): TaskRunner {
    let pool: import("piscina").Piscina | null = null;
    return async (task, port, signal) => {
      if (!pool) {
        const { Piscina } = await import("piscina");
        const here = import.meta.url;
        const ts = here.endsWith(".ts");
        pool = new Piscina({
          filename: new URL(ts ? "./job-worker.ts" : "./job-worker.js", here).href,
          minThreads: 0,
          maxThreads: this.concurrency,
          // Warm threads keep their simulation pool: a job right after another starts at once.
          idleTimeout: 60_000,
          execArgv: ts ? ["--import", "tsx"] : [],
        });
        this.pool = pool;
      }
      return (await pool.run(task, { transferList: [port], signal })) as string;
    };
  }
}
