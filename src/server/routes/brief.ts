/**
 * `GET /api/brief`: the analyst's briefing for a month, every figure footnoted to its sources
 * (`lodestone brief`). Cached per query until the next import.
 * @module
 */
import { brief } from "../../index.js";
import { jsonBody, jsonResponses, sendJson, type RouteContext, type ZodApp } from "../respond.js";
import { BriefQuery, BriefSchema } from "../schemas.js";

export function briefRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/brief",
    {
      schema: {
        tags: ["monitor"],
        summary: "the analyst's briefing for a month, every figure footnoted to its sources",
        querystring: BriefQuery,
        response: jsonResponses(BriefSchema, "the paragraph, its figures, the table and the sources"),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const body = await ctx.cache.get(`brief ${JSON.stringify(q)}`, async () =>
        jsonBody(BriefSchema, await ctx.gate.read(() => brief(ctx.store, q))),
      );
      return sendJson(reply, body);
    },
  );
}
