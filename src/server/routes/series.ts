/**
 * `GET /api/series`: one partner's monthly series with m/m, y/y, year to date, against last year's
 * average, records and events (`lodestone monitor series`). JSON answers are cached per query
 * until the next import.
 * @module
 */
import { formatMonth, monthlySeries, type MonitorSeries } from "../../index.js";
import { answerCached, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { MonitorSeriesSchema, SeriesQuery } from "../schemas.js";

/** One row per month; months as YYYY-MM, events by id. */
function table(s: MonitorSeries): object[] {
  return s.rows.map((r) => ({
    ...r,
    month: formatMonth(r.month),
    records: r.records.map((x) => x.value),
    events: r.events.map((e) => `${e.event.id} (${e.relation})`),
  }));
}

export function seriesRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/series",
    {
      schema: {
        tags: ["monitor"],
        summary: "one partner's monthly series with changes, year to date, records and events",
        querystring: SeriesQuery,
        response: tableResponses(
          MonitorSeriesSchema,
          "the series, checks against cumulative figures and derivations",
        ),
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      return answerCached(reply, ctx, {
        key: `series ${JSON.stringify(q)}`,
        format,
        schema: MonitorSeriesSchema,
        compute: () => ctx.gate.read(() => monthlySeries(ctx.store, q)),
        name: "series",
        table,
      });
    },
  );
}
