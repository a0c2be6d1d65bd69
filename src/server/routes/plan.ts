/**
 * The planner's reference data: the levers with their sources or assumption labels, and the
 * recycling levers' stock-model flows by year (as `plan recycling`).
 * @module
 */
import { z } from "zod";
import { recyclingFlows } from "../../index.js";
import { RecyclingQuery } from "../job-schemas.js";
import { jsonResponses, sendJson, type RouteContext, type ZodApp } from "../respond.js";

export function planRoutes(app: ZodApp, ctx: RouteContext): void {
  const { lib } = ctx.workspace;

  app.get(
    "/api/plan/levers",
    {
      schema: {
        tags: ["plan"],
        summary:
          "the levers: suppliers, recycling, substitution, stockpiles; every parameter sourced or an assumption",
        response: jsonResponses(
          z.object({
            file: z.string(),
            levers: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
          }),
          "the shipped lever file",
        ),
      },
    },
    async (_req, reply) =>
      sendJson(reply, JSON.stringify({ file: "data/plan/levers.yaml", levers: lib.levers().levers })),
  );

  app.get(
    "/api/plan/recycling",
    {
      schema: {
        tags: ["plan"],
        summary: "end-of-life magnet flows and recoverable supply per recycling lever (stock model), by year",
        querystring: RecyclingQuery,
        response: jsonResponses(
          z.array(z.looseObject({ lever: z.string() })),
          "one entry per recycling lever",
        ),
      },
    },
    async (req, reply) => {
      const { from, to, lever } = req.query;
      return sendJson(reply, JSON.stringify(recyclingFlows(lib.levers().levers, { from, to, lever })));
    },
  );
}
