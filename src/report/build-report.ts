/**
 * Builds a report from the store: the briefing, the monthly series, destinations, events and
 * coverage (monitor), concentration by stage, end-use exposure and prices (risk), and — when asked
 * for, since they simulate and optimise — a shipped scenario's Monte-Carlo, TTS and calibration
 * (scenarios) and the levers, portfolios and frontier (plan). Every figure is marked with notes into
 * one numbered list of sources. The briefing's own footnotes keep their numbers; the tables and the
 * other sections add theirs after it. Deterministic: no clock and seeded simulations, so the same
 * store and options give the same report.
 * @module
 * @example
 * const r = await buildReport(store, { period: parseMonth("2025-06")!, sections: ["monitor", "risk"] });
 * writeFileSync("report.html", renderHtml(r));
 */
import type { SourceLabel } from "../charts/common.js";
import { listSources } from "../data/provenance.js";
import type { Store } from "../data/store/store.js";
import { brief } from "../monitor/briefing.js";
import { monthlySeries } from "../monitor/series.js";
import { commodityById } from "../ref/commodities.js";
import { countryName } from "../ref/countries.js";
import { formatMonth, monthName, parseMonth, type MonthIndex } from "../units/month.js";
import { monitorPart } from "./monitor-part.js";
import { Notes } from "./notes.js";
import { planPart } from "./plan-part.js";
import {
  DEFAULT_REPORT_SECTIONS,
  REPORT_SECTIONS,
  type Report,
  type ReportPart,
  type ReportQuery,
} from "./report.js";
import { riskPart } from "./risk-part.js";
import { scenariosPart } from "./scenarios-part.js";

const LEGEND =
  "Observed: a source states the figure for that cell. Reported (r): a source states this change and it " +
  "could not be computed. Computed: from observed figures. Derived (d): a missing figure inferred from " +
  "cumulative totals or reported changes, with the interval the rounding of its inputs allows. " +
  "– : not known; a gap is never a zero. Numbers in brackets are the sources listed at the end.";

export async function buildReport(store: Store, q: ReportQuery = {}): Promise<Report> {
  const wanted = q.sections ?? DEFAULT_REPORT_SECTIONS;
  const sections = REPORT_SECTIONS.filter((s) => wanted.includes(s));
  const reporter = q.reporter ?? "CHN";
  const commodity = q.commodity ?? "re-magnets";
  const sourceRows = await listSources(store);
  const notes = new Notes(new Map(sourceRows.map((s) => [s.source_id, s])));
  const labels: SourceLabel[] = sourceRows.map((s) => ({
    id: s.source_id,
    citation: s.citation,
    url: s.url,
    date: s.source_date,
  }));
  const what = (commodityById(commodity)?.name ?? commodity).toLowerCase();

  const parts: ReportPart[] = [];
  let period: MonthIndex | undefined = q.period;
  if (sections.includes("monitor")) {
    const b = await brief(store, { reporter, commodity, ...(period !== undefined ? { period } : {}) });
    // The briefing's notes keep their numbers: register its sources first, in its order.
    for (const s of b.sources) notes.storeSource(s.id);
    const series = await monthlySeries(store, { reporter, flow: "export", commodity });
    const month = parseMonth(b.period) as MonthIndex;
    period = month;
    parts.push(await monitorPart(store, b, series, month, q.months ?? 24, notes, labels));
  }
  if (sections.includes("risk")) parts.push(riskPart(q.region ?? "WLD", notes));
  const seed = q.seed ?? 1;
  const workers = q.workers ?? "auto";
  if (sections.includes("scenarios"))
    parts.push(
      await scenariosPart(
        store,
        { scenario: q.scenario ?? "april-2025", runs: q.runs ?? 200, seed, workers },
        notes,
      ),
    );
  if (sections.includes("plan"))
    parts.push(
      await planPart({ runs: q.planRuns ?? 100, frontierRuns: q.frontierRuns ?? 50, seed, workers }),
    );

  const country = countryName(reporter);
  const title =
    sections.includes("monitor") && period !== undefined
      ? `${country}'s exports of ${what}: ${monthName(period)}`
      : sections.includes("risk")
        ? `Dependence on ${country} for ${what}`
        : `Supply shocks and mitigation: ${what}`;
  return {
    title,
    period: period !== undefined ? formatMonth(period) : null,
    sections: parts,
    legend: LEGEND,
    sources: notes.list,
  };
}
