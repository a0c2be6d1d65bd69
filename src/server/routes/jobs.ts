/**
 * Jobs: Monte-Carlo runs, calibrations, TTS sweeps, portfolio comparisons, optimisations and
 * frontiers, run in worker threads by the job queue.
 * - `POST /api/jobs` (token): checks the request and its specs (a bad scenario is a 400 with its
 *   line and path) and queues it: 202 with the job's status.
 * - `GET /api/jobs`, `GET /api/jobs/{id}`: statuses (running jobs from the queue, finished ones from the store).
 * - `GET /api/jobs/{id}/events`: server-sent events — `status` on connect and on every change,
 *   `progress` (at most ten a second); the stream ends when the job has finished.
 * - `GET /api/jobs/{id}/result`: the result with its manifest (JSON, or its main table as CSV).
 * - `DELETE /api/jobs/{id}` (token): cancels a queued or running job (through the core's AbortSignal;
 *   see job-queue.ts); on a finished job it changes nothing (a late Cancel never loses a result).
 * - `DELETE /api/jobs/{id}/result` (token): removes a finished job and its stored result.
 * @module
 */
import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { resolveJob, resultRows, type JobEvent, type JobResult, type JobStatus } from "../../index.js";
import { JobId, JobRequestBody, JobResultSchema, JobStatusSchema, ResultQuery } from "../job-schemas.js";
import { problem, sendProblem } from "../problem.js";
import {
  jsonResponses,
  sendJson,
  sendTable,
  streamResponses,
  writeProblems,
  writeResponses,
  type RouteContext,
  type ZodApp,
} from "../respond.js";

/** Progress events at most this often; the last one always goes out. */
const PROGRESS_EVERY_MS = 100;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long DELETE waits for a running job to stop before answering with its state then. */
const CANCEL_WAIT_MS = 5_000;

const finished = (s: JobStatus) => s.state === "succeeded" || s.state === "failed" || s.state === "cancelled";

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function jobsRoutes(app: ZodApp, ctx: RouteContext): void {
  const { queue, archive, lib } = ctx.workspace;
  const statusOf = async (id: string) => queue.status(id) ?? (await ctx.gate.read(() => archive.status(id)));
  const notFound = (id: string) => problem(404, `no job ${id}: it never existed, or it was deleted`);

  app.post(
    "/api/jobs",
    {
      config: { write: true },
      schema: {
        tags: ["jobs"],
        summary: "queue a simulation, calibration, TTS sweep, portfolio comparison, optimisation or frontier",
        security: [{ bearer: [] }],
        body: JobRequestBody,
        response: {
          202: {
            description: "the job, queued",
            content: { "application/json": { schema: JobStatusSchema } },
          },
          ...writeProblems,
        },
      },
    },
    async (req, reply) => {
      const input = await ctx.gate.read(() => resolveJob(req.body, lib, ctx.store));
      const { runQueue } = ctx.workspace;
      const status = queue.submit(
        input.request.kind === "sim-run" && runQueue ? { ...input, queue: runQueue } : input,
      );
      void reply.code(202).header("location", `${req.url.replace(/\/$/, "")}/${status.id}`);
      return sendJson(reply, JSON.stringify(status));
    },
  );

  app.get(
    "/api/jobs",
    {
      schema: {
        tags: ["jobs"],
        summary: "jobs, newest first: those queued and running, then finished ones from the store",
        response: jsonResponses(z.array(JobStatusSchema), "the jobs"),
      },
    },
    async (_req, reply) => {
      const live = queue.list();
      const seen = new Set(live.map((s) => s.id));
      const stored = (await ctx.gate.read(() => archive.list())).filter((s) => !seen.has(s.id));
      const all = [...live.filter((s) => !finished(s)), ...[...live.filter(finished), ...stored]];
      all.sort((a, b) =>
        finished(a) === finished(b) ? b.createdAt.localeCompare(a.createdAt) : finished(a) ? 1 : -1,
      );
      return sendJson(reply, JSON.stringify(all));
    },
  );

  app.get(
    "/api/jobs/:id",
    {
      schema: {
        tags: ["jobs"],
        summary: "how a job stands",
        params: JobId,
        response: jsonResponses(JobStatusSchema, "the job's status"),
      },
    },
    async (req, reply) => {
      const s = await statusOf(req.params.id);
      return s ? sendJson(reply, JSON.stringify(s)) : sendProblem(reply, notFound(req.params.id));
    },
  );

  app.get(
    "/api/jobs/:id/events",
    {
      schema: {
        tags: ["jobs"],
        summary:
          "the job's progress and state as server-sent events (status, progress); ends when it finishes",
        params: JobId,
        response: streamResponses("the job's events: `status` and `progress`, each with JSON data"),
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const now = await statusOf(id);
      if (!now) return sendProblem(reply, notFound(id));
      const out = new PassThrough();
      void reply
        .type("text/event-stream; charset=utf-8")
        .header("cache-control", "no-cache, no-transform")
        .header("x-accel-buffering", "no");
      out.write(sse("status", now));
      if (finished(now)) {
        out.end();
        return (reply as FastifyReply).send(out);
      }
      let last = 0;
      let pending: JobEvent | null = null;
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        timer = undefined;
        if (pending?.type === "progress") out.write(sse("progress", pending.progress));
        pending = null;
        last = Date.now();
      };
      const heartbeat = setInterval(() => out.write(": keep-alive\n\n"), HEARTBEAT_MS);
      const stop = () => {
        clearInterval(heartbeat);
        clearTimeout(timer);
        unsubscribe?.();
      };
      const unsubscribe = queue.subscribe(id, (e) => {
        if (e.type === "progress") {
          pending = e;
          const wait = PROGRESS_EVERY_MS - (Date.now() - last);
          if (wait <= 0) flush();
          else timer ??= setTimeout(flush, wait);
          return;
        }
        if (pending) flush();
        out.write(sse("status", e.status));
        if (finished(e.status)) {
          stop();
          out.end();
        }
      });
      // Finished between the read above and the subscription: the store has its final state.
      if (!unsubscribe) {
        const final = await statusOf(id);
        if (final) out.write(sse("status", final));
        stop();
        out.end();
      }
      req.raw.on("close", stop);
      return (reply as FastifyReply).send(out);
    },
  );

  app.get(
    "/api/jobs/:id/result",
    {
      schema: {
        tags: ["jobs"],
        summary: "a finished job's result with its manifest, or its main table as CSV",
        params: JobId,
        querystring: ResultQuery,
        response: {
          ...jsonResponses(JobResultSchema, "the result"),
          409: {
            description: "the job has not finished, or it failed or was cancelled",
            content: { "application/problem+json": { schema: z.unknown() } },
          },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const s = await statusOf(id);
      if (!s) return sendProblem(reply, notFound(id));
      if (s.state !== "succeeded") {
        const why =
          s.state === "queued" || s.state === "running"
            ? `job ${id} is ${s.state}${s.progress ? ` (${s.progress.done} of ${s.progress.total} ${s.progress.unit})` : ""}: its result is not ready`
            : `job ${id} ${s.state === "failed" ? "failed" : "was cancelled"}: ${s.error ?? "no result"}`;
        return sendProblem(reply, problem(409, why));
      }
      const json = queue.result(id) ?? (await ctx.gate.read(() => archive.result(id)));
      if (json === null) return sendProblem(reply, notFound(id));
      const name = `${s.kind}-${id}`;
      if (req.query.format === "csv")
        return sendTable(reply, ctx, "csv", name, resultRows(JSON.parse(json) as JobResult));
      if (req.query.download)
        void reply.header("content-disposition", `attachment; filename="lodestone-${name}.json"`);
      return sendJson(reply, json);
    },
  );

  app.delete(
    "/api/jobs/:id",
    {
      config: { write: true },
      schema: {
        tags: ["jobs"],
        summary: "cancel a queued or running job; answers its state (a finished job is left as it was)",
        security: [{ bearer: [] }],
        params: JobId,
        response: writeResponses(JobStatusSchema, "the job: cancelled, still stopping, or already finished"),
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const live = queue.status(id);
      if (!live) {
        const stored = await statusOf(id);
        return stored ? sendJson(reply, JSON.stringify(stored)) : sendProblem(reply, notFound(id));
      }
      queue.cancel(id);
      const deadline = Date.now() + CANCEL_WAIT_MS;
      let s = queue.status(id) ?? live;
      while (!finished(s) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        s = queue.status(id) ?? s;
      }
      return sendJson(reply, JSON.stringify(s));
    },
  );

  app.delete(
    "/api/jobs/:id/result",
    {
      config: { write: true },
      schema: {
        tags: ["jobs"],
        summary: "remove a finished job and its stored result",
        security: [{ bearer: [] }],
        params: JobId,
        response: { 204: z.null().describe("removed"), ...writeProblems, 404: writeProblems[400] },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const live = queue.status(id);
      if (live && !finished(live))
        return sendProblem(reply, problem(409, `job ${id} is ${live.state}: cancel it first`));
      queue.forget(id);
      const removed = await ctx.gate.write(() => archive.remove(id));
      if (!removed && !live) return sendProblem(reply, notFound(id));
      return (reply as FastifyReply).code(204).send();
    },
  );
}
