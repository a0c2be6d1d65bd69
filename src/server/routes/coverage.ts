/**
 * `GET /api/coverage`: which months × partners are observed, derived or missing
 * (`lodestone monitor coverage`). As a table, one row per partner and month.
 * @module
 */
import { coverage, type Coverage } from "../../index.js";
import { answerCached, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { CoverageQuery, CoverageSchema } from "../schemas.js";

function table(c: Coverage): object[] {
  return c.rows.flatMap((r) =>
    r.cells.map((state, i) => ({ partner: r.partner, month: c.months[i], state })),
  );
}

export function coverageRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/coverage",
    {
      schema: {
        tags: ["monitor"],
        summary: "which months × partners are observed, derived or missing",
        querystring: CoverageQuery,
        response: tableResponses(CoverageSchema, "the months and, per partner, the state of each"),
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      return answerCached(reply, ctx, {
        key: `coverage ${JSON.stringify(q)}`,
        format,
        schema: CoverageSchema,
        compute: () => ctx.gate.read(() => coverage(ctx.store, q)),
        name: "coverage",
        table,
      });
    },
  );
}
