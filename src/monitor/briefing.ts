/**
 * The briefing: an analyst's paragraph for one month — total, change on the month and the year,
 * against last year's monthly average, year to date, the biggest destinations, records, events in
 * force — and a table, every figure footnoted to its sources. Built from the monitor series only.
 * @module
 * @example
 * const b = await brief(store, { period: parseMonth("2025-06") });
 * b.world.qty.value; // 3188000 (kg, observed)
 */
import { sqlFile } from "../data/store/sql-files.js";
import type { Store } from "../data/store/store.js";
import { commodityById } from "../ref/commodities.js";
import { countryName, countryNameInText, isAggregate } from "../ref/countries.js";
import {
  addMonths,
  formatMonth,
  monthName,
  monthOf,
  monthShortName,
  yearOf,
  type MonthIndex,
} from "../units/month.js";
import { kg, formatTonnes } from "../units/quantity.js";
import type { Figure } from "./figure.js";
import { pctCell, renderTable, tonnes, formatPct, wrap } from "./format.js";
import { monthlySeries, type MonitorRow } from "./series.js";
import { UsageError } from "../errors.js";

export interface BriefQuery {
  readonly reporter?: string;
  readonly commodity?: string;
  readonly flow?: string;
  /** Default: the latest month with an observed world total. */
  readonly period?: MonthIndex;
  /** How many destinations to name (default 5). */
  readonly top?: number;
}

export interface BriefPartner {
  readonly partner: string;
  readonly name: string;
  readonly qty: Figure;
  readonly mom_pct: Figure | null;
  readonly yoy_pct: Figure | null;
  readonly share_pct: Figure | null;
}

export interface BriefEvent {
  readonly id: string;
  readonly date: string;
  readonly actor: string;
  readonly type: string;
  readonly scope: string;
  readonly relation: string;
  readonly detail: string;
  readonly description: string;
  readonly derived: boolean;
  readonly sources: readonly number[];
}

export interface BriefSource {
  readonly id: number;
  /** The footnote number in `text`. */
  readonly note: number;
  readonly kind: string;
  readonly citation: string;
  readonly url: string | null;
  readonly source_date: string | null;
}

export interface Brief {
  readonly reporter: string;
  readonly commodity: string;
  readonly flow: string;
  readonly period: string;
  readonly world: {
    readonly qty: Figure;
    readonly mom_pct: Figure | null;
    readonly yoy_pct: Figure | null;
    readonly prior_year_monthly_avg: Figure | null;
    readonly vs_prior_year_avg_pct: Figure | null;
    readonly ytd: Figure | null;
    readonly ytd_yoy_pct: Figure | null;
    /** The record a source states for the month if any, else the one we computed; null when none. */
    readonly record: Figure<string> | null;
    readonly records: readonly Figure<string>[];
  };
  readonly partners: readonly BriefPartner[];
  readonly events: readonly BriefEvent[];
  /** The paragraph, with footnote marks [n] that index `sources`. */
  readonly text: string;
  /** The table under the paragraph, as aligned text. */
  readonly table: string;
  readonly sources: readonly BriefSource[];
}

export async function brief(store: Store, q: BriefQuery = {}): Promise<Brief> {
  const reporter = q.reporter ?? "CHN";
  const commodity = q.commodity ?? "re-magnets";
  const flow = q.flow ?? "export";
  const series = await monthlySeries(store, { reporter, flow, commodity });
  const worldRows = series.rows.filter((r) => r.partner === "WLD" && r.status === "observed");
  const period = q.period ?? worldRows.at(-1)?.month;
  if (period === undefined) {
    throw new UsageError(
      `no observed world total for ${reporter} ${flow}s of ${commodity}: nothing to brief on`,
      "commodity",
    );
  }
  const world = worldRows.find((r) => r.month === period);
  if (!world?.qty) {
    const known = worldRows.map((r) => formatMonth(r.month));
    throw new UsageError(
      `no observed world total for ${formatMonth(period)}; months with one: ${known.join(", ") || "none"}`,
      "period",
    );
  }
  const partners = series.rows
    .filter((r) => r.month === period && r.status === "observed" && !isAggregate(r.partner) && r.qty)
    .sort((a, b) => (b.qty?.value ?? 0) - (a.qty?.value ?? 0))
    .slice(0, q.top ?? 5)
    .map((r): BriefPartner => ({
      partner: r.partner,
      name: countryName(r.partner),
      qty: r.qty as Figure,
      mom_pct: r.momPct,
      yoy_pct: r.yoyPct,
      share_pct: r.sharePct,
    }));
  const events = world.events.map((e): BriefEvent => ({
    id: e.event.id,
    date: e.event.date,
    actor: e.event.actor,
    type: e.event.type,
    scope: e.event.scopeText,
    relation: e.relation,
    detail: e.detail,
    description: e.event.description,
    derived: e.event.derived,
    sources: [e.event.sourceId],
  }));
  const records = world.records;
  const record = records.find((r) => r.basis === "reported") ?? records[0] ?? null;
  const worldOut: Brief["world"] = {
    qty: world.qty,
    mom_pct: world.momPct,
    yoy_pct: world.yoyPct,
    prior_year_monthly_avg: world.priorYearAvg,
    vs_prior_year_avg_pct: world.vsPriorYearAvgPct,
    ytd: world.ytd,
    ytd_yoy_pct: world.ytdYoyPct,
    record,
    records,
  };
  const notes = new Footnotes();
  const text = paragraph(reporter, commodity, flow, period, worldOut, partners, events, series.rows, notes);
  const table = briefTable(world, partners, notes);
  const sourceRows = await store.all<{
    source_id: number;
    kind: string;
    citation: string;
    url: string | null;
    source_date: string | null;
  }>(sqlFile("sources-by-id", store.dialect), { ids: JSON.stringify(notes.ids()) });
  const byId = new Map(sourceRows.map((s) => [s.source_id, s]));
  const sources = notes.ids().map((id, i): BriefSource => {
    const s = byId.get(id);
    return {
      id,
      note: i + 1,
      kind: s?.kind ?? "unknown",
      citation: s?.citation ?? `source ${id}`,
      url: s?.url ?? null,
      source_date: s?.source_date ?? null,
    };
  });
  return {
    reporter,
    commodity,
    flow,
    period: formatMonth(period),
    world: worldOut,
    partners,
    events,
    text,
    table,
    sources,
  };
}

/** Numbers sources in order of first citation. */
class Footnotes {
  private readonly order = new Map<number, number>();
  mark(f: { sources: readonly number[] } | null | undefined): string {
    if (!f || f.sources.length === 0) return "";
    const nums = f.sources.map((id) => {
      let n = this.order.get(id);
      if (n === undefined) {
        n = this.order.size + 1;
        this.order.set(id, n);
      }
      return n;
    });
    return `[${[...new Set(nums)].sort((a, b) => a - b).join(",")}]`;
  }
  ids(): number[] {
    return [...this.order.keys()];
  }
}

function basisNote(f: Figure<unknown>): string {
  if (f.basis === "reported") return " (as reported)";
  if (f.basis === "derived") return " (derived)";
  return "";
}

function change(f: Figure, against: string, notes: Footnotes): string {
  const dir = f.value > 0 ? "up" : f.value < 0 ? "down" : "unchanged";
  const size = f.value === 0 ? "" : ` ${Math.abs(f.value).toFixed(1)}%`;
  return `${dir}${size} ${against}${basisNote(f)}${notes.mark(f)}`;
}

const FLOW_VERB: Record<string, string> = {
  export: "exported",
  import: "imported",
  "re-export": "re-exported",
  "re-import": "re-imported",
};

function paragraph(
  reporter: string,
  commodity: string,
  flow: string,
  period: MonthIndex,
  w: Brief["world"],
  partners: readonly BriefPartner[],
  events: readonly BriefEvent[],
  rows: readonly MonitorRow[],
  notes: Footnotes,
): string {
  const what = (commodityById(commodity)?.name ?? commodity).toLowerCase();
  const prev = addMonths(period, -1);
  const prevRow = rows.find((r) => r.partner === "WLD" && r.month === prev && r.qty);
  const parts: string[] = [];
  let s = `In ${monthName(period)} ${countryName(reporter)} ${FLOW_VERB[flow] ?? flow} ${tonnes(w.qty)} of ${what}${notes.mark(w.qty)}`;
  const changes: string[] = [];
  if (w.mom_pct) {
    const base = w.mom_pct.basis === "computed" && prevRow?.qty ? ` (${tonnes(prevRow.qty)})` : "";
    changes.push(change(w.mom_pct, `from ${monthShortName(prev)}${base}`, notes));
  }
  if (w.yoy_pct) changes.push(change(w.yoy_pct, "on a year earlier", notes));
  s += changes.length ? `, ${changes.join(" and ")}.` : ".";
  if (!w.yoy_pct)
    s += ` No figure for ${monthName(addMonths(period, -12))} is known, so the change on the year is not given.`;
  parts.push(s);

  if (w.prior_year_monthly_avg && w.vs_prior_year_avg_pct) {
    const v = w.vs_prior_year_avg_pct.value;
    const rel = v >= 0 ? `${Math.abs(v).toFixed(1)}% above` : `${Math.abs(v).toFixed(1)}% below`;
    parts.push(
      `That is ${rel} ${yearOf(period) - 1}'s monthly average of ${tonnes(w.prior_year_monthly_avg)} ` +
        `(${w.prior_year_monthly_avg.definition})${notes.mark(w.prior_year_monthly_avg)}.`,
    );
  } else {
    parts.push(`No monthly average for ${yearOf(period) - 1} is known.`);
  }

  if (w.ytd) {
    const jan = monthOf(yearOf(period), 1);
    const span = jan === period ? monthShortName(period) : `${monthShortName(jan)}–${monthShortName(period)}`;
    let y = `Over ${span} ${yearOf(period)} the total was ${tonnes(w.ytd)}${basisNote(w.ytd)}${notes.mark(w.ytd)}`;
    y += w.ytd_yoy_pct ? `, ${change(w.ytd_yoy_pct, "on the same months a year earlier", notes)}.` : ".";
    parts.push(y);
  }

  if (w.records.length > 0) {
    const rec = w.records.map(
      (r) => `${r.value}${r.basis === "reported" ? " (as reported)" : ""}${notes.mark(r)}`,
    );
    parts.push(`Records: ${rec.join("; ")}.`);
  }

  if (partners.length > 0) {
    const items = partners.map((p) => {
      const bits = [
        p.share_pct ? `${p.share_pct.value.toFixed(1)}% of the total${notes.mark(p.share_pct)}` : null,
      ];
      if (p.mom_pct)
        bits.push(`${formatPct(p.mom_pct.value)} m/m${basisNote(p.mom_pct)}${notes.mark(p.mom_pct)}`);
      if (p.yoy_pct)
        bits.push(`${formatPct(p.yoy_pct.value)} y/y${basisNote(p.yoy_pct)}${notes.mark(p.yoy_pct)}`);
      const extra = bits.filter((b): b is string => b !== null);
      return `${countryNameInText(p.partner)} at ${tonnes(p.qty)}${notes.mark(p.qty)}${extra.length ? ` (${extra.join("; ")})` : ""}`;
    });
    const lead =
      partners.length === 1
        ? "The only destination with a known figure was"
        : "The largest destinations with known figures were";
    parts.push(`${lead} ${joinAnd(items)}.`);
  }

  const inForce = events.filter(
    (e) =>
      e.relation === "in_force" || (e.relation === "starts" && e.type !== "truce" && e.type !== "relaxation"),
  );
  const suspended = events.filter((e) => e.relation === "suspended");
  const dated = events.filter(
    (e) => e.relation === "starts" && (e.type === "truce" || e.type === "relaxation"),
  );
  if (inForce.length > 0) {
    parts.push(
      `In force: ${inForce.map((e) => `${eventLabel(e)} (${e.detail})${notes.mark(e)}`).join("; ")}.`,
    );
  }
  if (suspended.length > 0) {
    parts.push(
      `Suspended: ${suspended.map((e) => `${eventLabel(e)} (${e.detail})${notes.mark(e)}`).join("; ")}.`,
    );
  }
  if (dated.length > 0) {
    parts.push(`This month: ${dated.map((e) => `${eventLabel(e)} (${e.date})${notes.mark(e)}`).join("; ")}.`);
  }
  return parts.join(" ");
}

function eventLabel(e: BriefEvent): string {
  return `${e.actor} ${e.type.replace(/_/g, " ")} on ${e.scope}`;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function briefTable(world: MonitorRow, partners: readonly BriefPartner[], notes: Footnotes): string {
  const row = (
    name: string,
    qty: Figure | null,
    mom: Figure | null,
    yoy: Figure | null,
    share: Figure | null,
  ) => [
    name,
    `${qty ? formatTonnes(kg(qty.value)) : "–"}${notes.mark(qty)}`,
    pctCell(mom),
    pctCell(yoy),
    share ? `${share.value.toFixed(1)}%` : "–",
  ];
  return renderTable(
    [
      { header: "Destination", align: "left" },
      { header: "Quantity" },
      { header: "m/m" },
      { header: "y/y" },
      { header: "Share" },
    ],
    [
      row("World", world.qty, world.momPct, world.yoyPct, null),
      ...partners.map((p) => row(p.name, p.qty, p.mom_pct, p.yoy_pct, p.share_pct)),
    ],
  );
}

/** The briefing as a reader sees it: paragraph, table, legend and numbered sources. */
export function renderBrief(b: Brief): string {
  const lines = [
    wrap(b.text),
    "",
    b.table,
    "",
    "r = as reported by the source; d = derived; – = not known.",
    "",
    "Sources:",
  ];
  for (const s of b.sources) {
    lines.push(
      `[${s.note}] ${s.citation}${s.source_date ? `, ${s.source_date}` : ""}${s.url ? ` — ${s.url}` : ""}`,
    );
  }
  return lines.join("\n");
}
