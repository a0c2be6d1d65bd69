/**
 * Saved scenarios, networks and portfolios: list them with the shipped ones, read one as text and
 * parsed, validate text as the user types (problems with line and path), save (token) and delete
 * (token). Validated with the same schemas and checks as files.
 * @module
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { SpecLibrary, type SpecKind } from "../../index.js";
import {
  SpecBody,
  SpecCheck,
  SpecKindParam,
  SpecListingSchema,
  SpecParams,
  SpecTextSchema,
} from "../job-schemas.js";
import { problem, sendProblem } from "../problem.js";
import {
  jsonResponses,
  sendJson,
  writeProblems,
  writeResponses,
  type RouteContext,
  type ZodApp,
} from "../respond.js";

const SINGULAR: Record<SpecKind, string> = {
  scenarios: "scenario",
  networks: "network",
  portfolios: "portfolio",
};

export function specsRoutes(app: ZodApp, ctx: RouteContext): void {
  const lib: SpecLibrary = ctx.workspace.lib;

  app.get(
    "/api/specs/:kind",
    {
      schema: {
        tags: ["specs"],
        summary: "shipped and saved scenarios, networks or portfolios",
        params: SpecKindParam,
        response: jsonResponses(z.array(SpecListingSchema), "shipped first, then saved, by name"),
      },
    },
    async (req, reply) =>
      sendJson(reply, JSON.stringify(await ctx.gate.read(() => lib.list(req.params.kind)))),
  );

  app.get(
    "/api/specs/:kind/:name",
    {
      schema: {
        tags: ["specs"],
        summary: "one spec: its text as written and as parsed",
        params: SpecParams,
        response: jsonResponses(SpecTextSchema, "the spec"),
      },
    },
    async (req, reply) => {
      const { kind, name } = req.params;
      const t = await ctx.gate.read(() => lib.text(kind, name));
      if (!t) return sendProblem(reply, problem(404, `no ${SINGULAR[kind]} "${name}"`));
      const spec = await ctx.gate.read(() => lib.parse(kind, t.text, t.file));
      return sendJson(
        reply,
        JSON.stringify({ name: t.name, origin: t.origin, savedAt: t.savedAt, yaml: t.text, spec }),
      );
    },
  );

  app.post(
    "/api/specs/:kind/validate",
    {
      schema: {
        tags: ["specs"],
        summary: "check a spec's text without saving it: every problem with its line and path",
        params: SpecKindParam,
        body: SpecBody,
        response: jsonResponses(SpecCheck, "ok, or the problems"),
      },
    },
    async (req, reply) => {
      const problems = await ctx.gate.read(() => lib.problems(req.params.kind, req.body.yaml));
      return sendJson(reply, JSON.stringify({ ok: problems.length === 0, problems }));
    },
  );

  app.put(
    "/api/specs/:kind/:name",
    {
      config: { write: true },
      schema: {
        tags: ["specs"],
        summary: "save (or replace) a spec after checking it; a shipped name is refused (409)",
        security: [{ bearer: [] }],
        params: SpecParams,
        body: SpecBody,
        response: writeResponses(SpecListingSchema, "the saved spec"),
      },
    },
    async (req, reply) => {
      const { kind, name } = req.params;
      const saved = await ctx.gate.write(() => lib.save(kind, name, req.body.yaml));
      return sendJson(reply, JSON.stringify(saved));
    },
  );

  app.delete(
    "/api/specs/:kind/:name",
    {
      config: { write: true },
      schema: {
        tags: ["specs"],
        summary: "delete a saved spec",
        security: [{ bearer: [] }],
        params: SpecParams,
        response: { 204: z.null().describe("deleted"), ...writeProblems, 404: writeProblems[400] },
      },
    },
    async (req, reply) => {
      const { kind, name } = req.params;
      const removed = await ctx.gate.write(() => lib.remove(kind, name));
      if (!removed) return sendProblem(reply, problem(404, `no saved ${SINGULAR[kind]} "${name}"`));
      return (reply as FastifyReply).code(204).send();
    },
  );
}
