/**
 * `GET /api/top`: the largest partners of a month with shares and changes (`lodestone monitor top`).
 * @module
 */
import { top, type Top } from "../../index.js";
import { answer, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { TopQuery, TopSchema } from "../schemas.js";

function table(t: Top): object[] {
  return t.rows.map((r) => ({ period: t.period, ...r }));
}

export function topRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/top",
    {
      schema: {
        tags: ["monitor"],
        summary: "the largest partners of a month, with shares and changes",
        querystring: TopQuery,
        response: tableResponses(TopSchema, "the month, its world total and the ranked partners"),
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const result = await ctx.gate.read(() => top(ctx.store, q));
      return answer(reply, ctx, { format, schema: TopSchema, result, name: "top", table });
    },
  );
}
