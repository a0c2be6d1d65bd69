/**
 * `GET /api/sources`: every source with its kind, date, file and row count (`lodestone data sources`).
 * @module
 */
import { z } from "zod";
import { listSources } from "../../index.js";
import { answerCached, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { ListQuery, SourceInfoSchema } from "../schemas.js";

const Sources = z.array(SourceInfoSchema);

export function sourcesRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/sources",
    {
      schema: {
        tags: ["data"],
        summary: "every source with its kind, date, file and row count",
        querystring: ListQuery,
        response: tableResponses(Sources, "the sources, by id"),
      },
    },
    async (req, reply) => {
      return answerCached(reply, ctx, {
        key: "sources",
        format: req.query.format,
        schema: Sources,
        compute: () => ctx.gate.read(() => listSources(ctx.store)),
        name: "sources",
        table: (r) => r,
      });
    },
  );
}
