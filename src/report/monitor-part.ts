/**
 * The monitor section of a report: the briefing, the month's table, the monthly series and the
 * destinations as charts with the tables that carry their numbers, the policy events that touch
 * the series, and which months are known.
 * @module
 */
import type { SourceLabel } from "../charts/common.js";
import { destinationsChart } from "../charts/destinations-chart.js";
import { seriesChart } from "../charts/series-chart.js";
import type { Store } from "../data/store/store.js";
import type { Brief } from "../monitor/briefing.js";
import { coverage } from "../monitor/coverage.js";
import type { Figure } from "../monitor/figure.js";
import { pctCell, tonnes } from "../monitor/format.js";
import type { EventInMonth } from "../monitor/events.js";
import type { MonitorRow, MonitorSeries } from "../monitor/series.js";
import { countryName, isAggregate } from "../ref/countries.js";
import { addMonths, formatMonth, monthName, type MonthIndex } from "../units/month.js";
import { cell, type Notes } from "./notes.js";
import { massRangeText } from "./numbers.js";
import type { ReportBlock, ReportPart } from "./report.js";

/** The monitor section for the month `period`, over the `months` months that end with it. */
export async function monitorPart(
  store: Store,
  b: Brief,
  series: MonitorSeries,
  period: MonthIndex,
  months: number,
  notes: Notes,
  labels: readonly SourceLabel[],
): Promise<ReportPart> {
  const from = addMonths(period, -(Math.max(1, months) - 1));
  const span = `${formatMonth(from)} to ${formatMonth(period)}`;
  const inWindow = (r: MonitorRow) => r.month >= from && r.month <= period;
  const world = series.rows.filter((r) => r.partner === "WLD" && inWindow(r));
  const blocks: ReportBlock[] = [];

  blocks.push({ kind: "paragraph", text: b.text });
  const pct = (f: Figure | null) => cell(pctCell(f), notes.figure(f));
  blocks.push({
    kind: "table",
    caption: `Exports in ${monthName(period)}: the world total and the largest destinations with known figures`,
    columns: [
      { header: "Destination" },
      { header: "Quantity", num: true },
      { header: "m/m", num: true },
      { header: "y/y", num: true },
      { header: "Share", num: true },
    ],
    rows: [
      [
        cell("World"),
        cell(tonnes(b.world.qty), notes.figure(b.world.qty)),
        pct(b.world.mom_pct),
        pct(b.world.yoy_pct),
        cell("–"),
      ],
      ...b.partners.map((p) => [
        cell(p.name),
        cell(tonnes(p.qty), notes.figure(p.qty)),
        pct(p.mom_pct),
        pct(p.yoy_pct),
        p.share_pct ? cell(`${p.share_pct.value.toFixed(1)}%`, notes.figure(p.share_pct)) : cell("–"),
      ]),
    ],
  });

  blocks.push({ kind: "heading", text: `The monthly series, ${span}` });
  blocks.push({
    kind: "chart",
    id: "monitor-series",
    caption:
      `${countryName(series.query.reporter)}'s exports to the world by month, ${span}: observed months joined by a line, derived months ` +
      "hollow with their interval, missing months left as gaps; policy events marked where they start.",
    option: seriesChart(series, "WLD", { from, to: period, sources: labels }),
    width: 860,
    height: 380,
  });
  blocks.push({
    kind: "table",
    caption: `World total by month, ${span}`,
    columns: [
      { header: "Month" },
      { header: "Quantity", num: true },
      { header: "Basis" },
      { header: "m/m", num: true },
      { header: "y/y", num: true },
      { header: "Year to date", num: true },
    ],
    rows: world.map((r) => [
      cell(formatMonth(r.month)),
      cell(r.qty ? tonnes(r.qty) : "–", notes.figure(r.qty)),
      cell(basisText(r)),
      pct(r.momPct),
      pct(r.yoyPct),
      cell(r.ytd ? tonnes(r.ytd) : "–", notes.figure(r.ytd)),
    ]),
  });

  blocks.push({ kind: "heading", text: `Destinations, ${span}` });
  blocks.push({
    kind: "chart",
    id: "monitor-destinations",
    caption:
      "The largest destinations by month (observed figures, countries only), and the rest of the world " +
      "total; a destination without a figure for a month is part of that rest, never a zero.",
    option: destinationsChart(series, 6, { from, to: period, sources: labels }),
    width: 860,
    height: 380,
  });
  const dest = series.rows
    .filter((r) => inWindow(r) && !isAggregate(r.partner) && r.status === "observed" && r.qty)
    .sort((a, b2) => a.month - b2.month || (b2.qty?.value ?? 0) - (a.qty?.value ?? 0));
  blocks.push({
    kind: "table",
    caption: `Observed exports by destination, ${span}`,
    columns: [
      { header: "Month" },
      { header: "Destination" },
      { header: "Quantity", num: true },
      { header: "Share", num: true },
      { header: "m/m", num: true },
      { header: "y/y", num: true },
    ],
    rows: dest.map((r) => [
      cell(formatMonth(r.month)),
      cell(countryName(r.partner)),
      cell(tonnes(r.qty), notes.figure(r.qty)),
      r.sharePct ? cell(`${r.sharePct.value.toFixed(1)}%`, notes.figure(r.sharePct)) : cell("–"),
      pct(r.momPct),
      pct(r.yoyPct),
    ]),
  });

  // Events marked on the chart (starting in the window) and those in force or suspended in the month.
  const periodRow = world.find((r) => r.month === period);
  const events = new Map<string, EventInMonth>();
  for (const r of world) for (const e of r.events) if (e.relation === "starts") events.set(e.event.id, e);
  for (const e of periodRow?.events ?? []) if (!events.has(e.event.id)) events.set(e.event.id, e);
  const atPeriod = new Map((periodRow?.events ?? []).map((e) => [e.event.id, e]));
  blocks.push({ kind: "heading", text: "Policy events" });
  blocks.push({
    kind: "table",
    caption: `Policy events that touch the series: dated ${span}, or in force in ${monthName(period)}`,
    columns: [{ header: "Date" }, { header: "Event" }, { header: `In ${monthName(period)}` }],
    rows: [...events.values()]
      .sort((a, c) => a.event.start.localeCompare(c.event.start) || a.event.id.localeCompare(c.event.id))
      .map((e) => {
        const now = atPeriod.get(e.event.id);
        return [
          cell(e.event.date),
          cell(`${e.event.actor} ${e.event.type.replace(/_/g, " ")}: ${e.event.description}`, [
            notes.storeSource(e.event.sourceId),
          ]),
          cell(now ? (now.relation === "starts" ? `starts: ${now.detail}` : now.detail) : "–"),
        ];
      }),
  });

  const cov = await coverage(store, {
    reporter: series.query.reporter,
    flow: series.query.flow,
    commodity: series.query.commodity,
    from,
    to: period,
  });
  const glyph = { observed: "█", derived: "▒", missing: "·" } as const;
  blocks.push({ kind: "heading", text: "Coverage" });
  blocks.push({
    kind: "table",
    caption: `Which months are observed (█, dark), derived (▒, light) or missing (·, pale), ${span}`,
    columns: [
      { header: "Partner" },
      { header: "Months", strip: true },
      { header: "Observed", num: true },
      { header: "Derived", num: true },
      { header: "Missing", num: true },
    ],
    rows: cov.rows.map((r) => [
      cell(`${countryName(r.partner)} (${r.partner})`),
      cell(r.cells.map((c) => glyph[c]).join("")),
      cell(String(r.observed)),
      cell(String(r.derived)),
      cell(String(r.missing)),
    ]),
  });
  return { id: "monitor", title: "Monitor: what is flowing", blocks };
}

function basisText(r: MonitorRow): string {
  if (r.status !== "derived" || !r.qty) return r.status;
  const f = r.qty;
  const range =
    f.low !== undefined && f.high !== undefined ? ` ${massRangeText({ lo: f.low, hi: f.high }, false)}` : "";
  return `derived${range}${f.definition ? ` (${f.definition})` : ""}`;
}
