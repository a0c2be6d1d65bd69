/**
 * `GET /api/series`: one partner's monthly series with m/m, y/y, year to date, against last year's
 * average, records and events (`lodestone monitor series`). JSON answers are cached per query
 * until the next import.
 * @module
 */
import { formatMonth, monthlySeries, type MonitorSeries } from "../../index.js";
import { jsonBody, sendJson, sendTable, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
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
      const compute = () => ctx.gate.read(() => monthlySeries(ctx.store, q));
      if (format !== "json") return sendTable(reply, ctx, format, "series", table(await compute()));
      const body = await ctx.cache.get(`series ${JSON.stringify(q)}`, async () =>
        jsonBody(MonitorSeriesSchema, await compute()),
      );
      return sendJson(reply, body);
    },
  );
}
