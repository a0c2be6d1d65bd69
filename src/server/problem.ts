/**
 * The server's one error boundary: every error becomes a JSON problem (RFC 9457,
 * `application/problem+json`) with `type`, `title`, `status`, `detail` and, where there is one, the
 * offending `field` (and for a rejected import or spec its `file` and `line`). Bad requests are 400, a
 * missing or wrong token 401, an unknown path 404, a conflict (a shipped spec's name, a job not yet
 * finished) 409, a rejected upload 422, a busy store or a full job queue 503; anything
 * unexpected is a 500 whose detail says nothing about the server's insides — never a stack trace.
 * @module
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import {
  ImportError,
  LodestoneError,
  QueueFull,
  SpecConflict,
  SpecError,
  StoreError,
  UsageError,
} from "../index.js";
import type { Problem } from "./schemas.js";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Import rejected",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

const SLUGS: Record<number, string> = {
  400: "invalid-request",
  401: "unauthorized",
  404: "not-found",
  409: "conflict",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "import-rejected",
  429: "rate-limited",
  500: "internal",
  503: "store-unavailable",
};

/** A problem object for a status; `extra` adds the field, file, line or errors. */
export function problem(
  status: number,
  detail: string,
  extra: Partial<Omit<Problem, "type" | "title" | "status" | "detail">> = {},
): Problem {
  return {
    type: `urn:lodestone:problem:${SLUGS[status] ?? (status >= 500 ? "internal" : "invalid-request")}`,
    title: TITLES[status] ?? (status >= 500 ? "Server error" : "Bad request"),
    status,
    detail,
    ...extra,
  };
}

/** Sends a problem, pre-serialised so that no route's response schema applies to it. */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply
    .code(p.status)
    .type("application/problem+json; charset=utf-8")
    .send(JSON.stringify({ ...p, instance: p.instance ?? reply.request.url.split("?")[0] }));
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: { keys?: readonly string[] };
}

/** The field a validation issue is about: `/period` → `period`; an unknown key names itself. */
function issueField(issue: ValidationIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (path) return path;
  const key = issue.params?.keys?.[0];
  if (key) return key;
  return context === "body" ? "body" : (context ?? "request");
}

const CONTEXT_WORDS: Record<string, string> = {
  querystring: "query parameter",
  body: "body",
  params: "path parameter",
  headers: "header",
};

function validationProblem(e: FastifyError): Problem {
  const issues = (e.validation ?? []) as unknown as ValidationIssue[];
  const context = e.validationContext;
  const errors = issues.map((i) => {
    const field = issueField(i, context);
    const unknownKey = i.params?.keys?.length && !i.instancePath.replace(/^\//, "");
    const message = unknownKey
      ? "is not a parameter of this route (see /docs)"
      : (i.message ?? "is not valid");
    return { field, detail: message };
  });
  const first = errors[0] ?? { field: context ?? "request", detail: "is not valid" };
  const where = CONTEXT_WORDS[context ?? ""] ?? "field";
  const detail = first.field === "body" ? `body ${first.detail}` : `${where} ${first.field}: ${first.detail}`;
  return problem(400, detail, { field: first.field, ...(errors.length > 1 ? { errors } : {}) });
}

/**
 * The problem for an error. `upload`: the request sent a file, so an ImportError is the client's
 * (422); on a read it can only come from the server's own data (500, with its located message).
 * `log` receives what the client must not see.
 */
export function problemFor(e: unknown, opts: { upload: boolean; log: (err: unknown) => void }): Problem {
  const { log } = opts;
  if (hasZodFastifySchemaValidationErrors(e)) return validationProblem(e as FastifyError);
  if (e instanceof SpecConflict) return problem(409, e.message, e.field !== null ? { field: e.field } : {});
  if (e instanceof UsageError) return problem(400, e.message, e.field !== null ? { field: e.field } : {});
  if (e instanceof SpecError) {
    // A scenario, network or portfolio sent in a request: every problem with its line and path.
    const first = e.problems[0]!;
    const more = e.problems.length - 1;
    const at = `${e.file}${first.line !== null ? `:${first.line}` : ""}: ${first.path ? `${first.path}: ` : ""}`;
    return problem(400, `${at}${first.message}${more ? ` (and ${more} more: see errors)` : ""}`, {
      file: e.file,
      line: first.line,
      field: first.path,
      ...(e.problems.length > 1
        ? { errors: e.problems.map((p) => ({ field: p.path, detail: p.message, line: p.line })) }
        : {}),
    });
  }
  if (e instanceof QueueFull) return { ...problem(503, e.message), type: "urn:lodestone:problem:queue-full" };
  if (e instanceof ImportError && !opts.upload) {
    log(e);
    return problem(500, e.message);
  }
  if (e instanceof ImportError) {
    return problem(422, e.message, {
      file: e.file,
      line: e.line,
      ...(e.field !== null ? { field: e.field } : {}),
    });
  }
  if (e instanceof StoreError) {
    log(e);
    return problem(503, e.message);
  }
  if (e instanceof LodestoneError) {
    // A one-line message written for users (bad bundled data, an inconsistent method input).
    log(e);
    return problem(500, e.message);
  }
  const fe = e as Partial<FastifyError> | null;
  if (fe && Array.isArray(fe.validation)) return validationProblem(fe as FastifyError);
  const status = typeof fe?.statusCode === "number" ? fe.statusCode : 500;
  if (status >= 400 && status < 500 && typeof fe?.message === "string") {
    // Fastify's and its plugins' client errors (body too large, bad media type, rate limit).
    return problem(status, fe.message);
  }
  log(e);
  return problem(500, "the server could not complete this request; the error is in the server's log");
}

/** Installs the error and not-found handlers: one boundary for the whole app. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const p = problemFor(error, {
      upload: request.routeOptions.config.write === true,
      log: (err) => request.log.error({ err }, "request failed"),
    });
    if (p.status === 401) void reply.header("www-authenticate", 'Bearer realm="lodestone"');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(
      reply,
      problem(404, `no route ${request.method} ${request.url.split("?")[0]}; the API is listed at /docs`),
    ),
  );
}

/** The error for a missing or wrong bearer token (thrown from a hook; the handler answers 401). */
export class Unauthorized extends Error {
  readonly statusCode = 401;
}
