/**
 * What every route shares: the context it runs in (store, gate, cache), the response schemas it
 * declares, and the few ways it answers — JSON encoded through its schema (cached for the
 * read-heavy routes), or a table as a CSV or Parquet download.
 * @module
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { JobArchive, JobQueue, RunQueue, SpecLibrary, Store } from "../index.js";
import type { ResponseCache } from "./cache.js";
import type { StoreGate } from "./gate.js";
import { Problem, type TableFormat } from "./schemas.js";
import { flatten, toCsv, toParquet } from "./table.js";

export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteContext {
  readonly store: Store;
  readonly gate: StoreGate;
  readonly cache: ResponseCache;
  readonly workspace: Workspace;
}

/** The jobs and saved specs the scenario and plan pages work with. */
export interface Workspace {
  readonly queue: JobQueue;
  readonly archive: JobArchive;
  readonly lib: SpecLibrary;
  /** Where sim-run jobs send their runs, when the server has a queue. */
  readonly runQueue: RunQueue | null;
}

const PARQUET = "application/vnd.apache.parquet";

const problemContent = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

const errorResponses = {
  400: problemContent("a parameter is invalid; `field` names it"),
  401: problemContent("a bearer token is needed (writes; reads too when the server is not on loopback)"),
  429: problemContent("too many requests; retry after the time in the Retry-After header"),
  500: problemContent("the server failed; the detail says nothing more (see the server's log)"),
  503: problemContent("the store is unavailable"),
};

/** Responses of a route that answers JSON only. */
export function jsonResponses<S extends z.ZodType>(schema: S, description: string) {
  return { 200: { description, content: { "application/json": { schema } } }, ...errorResponses };
}

/** Responses of a route that answers a server-sent event stream. */
export function streamResponses(description: string) {
  return {
    200: { description, content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses,
    404: problemContent("no such resource"),
  };
}

/** Responses of a route whose result is also a table (`format=csv|parquet`). */
export function tableResponses<S extends z.ZodType>(schema: S, description: string) {
  return {
    200: {
      description: `${description}; with format=csv or format=parquet, its table as a download`,
      content: {
        "application/json": { schema },
        "text/csv": { schema: z.string() },
        [PARQUET]: { schema: z.string().meta({ format: "binary" }) },
      },
    },
    ...errorResponses,
  };
}

/** The problems a write route may answer. */
export const writeProblems = {
  ...errorResponses,
  413: problemContent("the body is larger than the server's limit"),
  422: problemContent("the file was rejected; `file`, `line` and `field` say where"),
};

/** Responses of a write route. */
export function writeResponses<S extends z.ZodType>(schema: S, description: string) {
  return { ...jsonResponses(schema, description), ...writeProblems };
}

type DeepReadonly<T> = T extends string | number | boolean | bigint | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : { readonly [K in keyof T]: DeepReadonly<T[K]> };

/** What a route may answer for a schema: its output type, where the core's readonly lists fit. */
export type Body<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/** A result as its JSON body: encoded through its schema, exactly as the route documents it. */
export function jsonBody<S extends z.ZodType>(schema: S, value: Body<S>): string {
  return JSON.stringify(z.encode(schema, value as z.output<S>));
}

export function sendJson(reply: FastifyReply, body: string): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(body);
}

/** Answers JSON, or the rows of `table(result)` as a CSV or Parquet download named `name`. */
export async function answer<S extends z.ZodType, R extends Body<S>>(
  reply: FastifyReply,
  ctx: RouteContext,
  opts: {
    format: TableFormat;
    schema: S;
    result: R;
    name: string;
    table: (result: R) => readonly object[];
  },
): Promise<FastifyReply> {
  if (opts.format === "json") return sendJson(reply, jsonBody(opts.schema, opts.result));
  return sendTable(reply, ctx, opts.format, opts.name, opts.table(opts.result));
}

/**
 * Like `answer`, for read-only results worth caching: the JSON body is cached per `key` (cleared
 * after every import); CSV and Parquet are built each time from `compute()`.
 */
export async function answerCached<S extends z.ZodType, R extends Body<S>>(
  reply: FastifyReply,
  ctx: RouteContext,
  opts: {
    key: string;
    format: TableFormat;
    schema: S;
    compute: () => Promise<R>;
    name: string;
    table: (result: R) => readonly object[];
  },
): Promise<FastifyReply> {
  if (opts.format !== "json")
    return sendTable(reply, ctx, opts.format, opts.name, opts.table(await opts.compute()));
  const body = await ctx.cache.get(opts.key, async () => jsonBody(opts.schema, await opts.compute()));
  return sendJson(reply, body);
}

export async function sendTable(
  reply: FastifyReply,
  ctx: RouteContext,
  format: "csv" | "parquet",
  name: string,
  rows: readonly object[],
): Promise<FastifyReply> {
  const table = flatten(rows);
  void reply.header("content-disposition", `attachment; filename="lodestone-${name}.${format}"`);
  if (format === "csv") return reply.type("text/csv; charset=utf-8; header=present").send(toCsv(table));
  const bytes = await ctx.gate.read(() => toParquet(ctx.store, table));
  return reply.type(PARQUET).send(bytes);
}
