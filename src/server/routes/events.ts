/**
 * `GET /api/events`: the policy events of the store (export controls, truces, suspensions) with
 * their scope, status and source.
 * @module
 */
import { z } from "zod";
import { readEvents } from "../../index.js";
import { answer, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { ListQuery, PolicyEventSchema } from "../schemas.js";

const Events = z.array(PolicyEventSchema);

export function eventsRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/events",
    {
      schema: {
        tags: ["monitor"],
        summary: "policy events with scope, status and source",
        querystring: ListQuery,
        response: tableResponses(Events, "the events"),
      },
    },
    async (req, reply) => {
      const result = await ctx.gate.read(() => readEvents(ctx.store));
      return answer(reply, ctx, {
        format: req.query.format,
        schema: Events,
        result,
        name: "events",
        table: (r) => r,
      });
    },
  );
}
