/**
 * The monthly monitor series for one reporter × flow × commodity: every partner's months with
 * level, changes, year-to-date, rolling sums, the prior year's monthly average, share and rank,
 * records and policy events. Observed figures come from the `best` view; changes are computed
 * where both months are known and reported otherwise; gaps are filled only by derived values,
 * which say so.
 * @module
 * @example
 * const s = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
 * s.rows.find((r) => r.partner === "WLD" && formatMonth(r.month) === "2025-06")?.qty?.value; // 3188000
 */
import { sqlFile } from "../data/store/sql-files.js";
import type { Store } from "../data/store/store.js";
import { monthOf, monthFromIndex, yearOf, formatMonth, type MonthIndex } from "../units/month.js";
import { figure, type Figure } from "./figure.js";
import { eventsForSeries, type EventInMonth, type PolicyEvent } from "./events.js";
import { reconcile, type Check, type Derivation } from "./reconcile.js";
import { levelRecord, yoyDeclineRecord } from "./records.js";

export interface SeriesQuery {
  readonly reporter: string;
  readonly flow: string;
  readonly commodity: string;
  /** Only this partner (default: all). */
  readonly partner?: string;
  readonly from?: MonthIndex;
  readonly to?: MonthIndex;
}

export interface MonitorRow {
  readonly partner: string;
  readonly month: MonthIndex;
  /** observed: a source states the month; derived: inferred, with an interval; missing: unknown. */
  readonly status: "observed" | "derived" | "missing";
  readonly qty: Figure | null;
  readonly momKg: Figure | null;
  readonly momPct: Figure | null;
  readonly yoyKg: Figure | null;
  readonly yoyPct: Figure | null;
  readonly ytd: Figure | null;
  readonly ytdYoyPct: Figure | null;
  readonly roll3: Figure | null;
  readonly roll12: Figure | null;
  readonly priorYearAvg: Figure | null;
  readonly vsPriorYearAvgPct: Figure | null;
  readonly sharePct: Figure | null;
  readonly rank: number | null;
  readonly unitValue: Figure | null;
  /** Records we computed (basis computed) and records sources state (basis reported). */
  readonly records: readonly Figure<string>[];
  readonly events: readonly EventInMonth[];
}

export interface MonitorSeries {
  readonly query: SeriesQuery;
  readonly rows: readonly MonitorRow[];
  /** Monthly figures checked against cumulative ones, per partner. */
  readonly checks: readonly (Check & { partner: string })[];
  /** Every derivation, including runs of several months that no single month row can show. */
  readonly derived: readonly (Derivation & { partner: string })[];
}

/** One row of monthly-series.sql. */
interface SqlRow {
  reporter: string;
  flow: string;
  commodity: string;
  partner: string;
  month: number;
  qty_kg: number;
  qty_half_kg: number;
  source_id: number;
  prev_source_id: number | null;
  prev_kg: number | null;
  mom_pct: number | null;
  yoy_source_id: number | null;
  yoy_base_kg: number | null;
  yoy_pct: number | null;
  ytd_kg: number | null;
  ytd_yoy_pct: number | null;
  roll3_kg: number | null;
  roll12_kg: number | null;
  prior_year_avg_kg: number | null;
  share_pct: number | null;
  partner_rank: number | null;
  currency: string | null;
  unit_value_per_kg: number | null;
}

/** One row of best-cells.sql. */
interface CellRow {
  reporter: string;
  flow: string;
  commodity: string;
  partner: string;
  period_kind: string;
  start_month: number;
  end_month: number;
  stat: string;
  measure: string;
  v: number;
  half: number;
  source_id: number;
}

interface StatedRecord {
  reporter: string;
  flow: string;
  commodity: string;
  partner: string;
  start_month: number;
  record: string;
  source_id: number;
}

interface EventSqlRow {
  event_id: string;
  date_text: string;
  start_date: string;
  actor: string;
  type: string;
  elements: string[];
  products: string[];
  destinations: string[];
  end_uses: string[];
  scope_text: string;
  description: string;
  status: string;
  end_date: string | null;
  derived: boolean;
  suspends: string[];
  source_id: number;
}

/** Reads the policy events of the store. */
export async function readEvents(store: Store): Promise<PolicyEvent[]> {
  const rows = await store.all<EventSqlRow>(sqlFile("events", store.dialect));
  return rows.map((r) => ({
    id: r.event_id,
    date: r.date_text,
    start: r.start_date,
    actor: r.actor,
    type: r.type,
    elements: r.elements,
    products: r.products,
    destinations: r.destinations,
    endUses: r.end_uses,
    scopeText: r.scope_text,
    description: r.description,
    status: r.status,
    endDate: r.end_date,
    derived: r.derived,
    suspends: r.suspends,
    sourceId: r.source_id,
  }));
}

/** Which series to read: one reporter × flow × commodity, or every series with all fields null. */
interface SeriesFilter {
  readonly reporter: string | null;
  readonly flow: string | null;
  readonly commodity: string | null;
}

interface SeriesInputs {
  readonly sqlRows: SqlRow[];
  readonly cells: CellRow[];
  readonly stated: StatedRecord[];
}

const seriesKey = (r: { reporter: string; flow: string; commodity: string }) =>
  `${r.reporter}|${r.flow}|${r.commodity}`;

/** Reads the monitor's inputs once and groups them by series. */
async function readSeriesInputs(store: Store, f: SeriesFilter): Promise<Map<string, SeriesInputs>> {
  const params = { reporter: f.reporter, flow: f.flow, commodity: f.commodity };
  const [sqlRows, cells, stated] = await Promise.all([
    store.all<SqlRow>(sqlFile("monthly-series", store.dialect), params),
    store.all<CellRow>(sqlFile("best-cells", store.dialect), params),
    store.all<StatedRecord>(sqlFile("stated-records", store.dialect), params),
  ]);
  const out = new Map<string, SeriesInputs>();
  const slot = (r: { reporter: string; flow: string; commodity: string }) => {
    const k = seriesKey(r);
    let v = out.get(k);
    if (!v) out.set(k, (v = { sqlRows: [], cells: [], stated: [] }));
    return v;
  };
  for (const r of sqlRows) slot(r).sqlRows.push(r);
  for (const c of cells) slot(c).cells.push(c);
  for (const x of stated) slot(x).stated.push(x);
  return out;
}

export async function monthlySeries(store: Store, q: SeriesQuery): Promise<MonitorSeries> {
  const [inputs, events] = await Promise.all([
    readSeriesInputs(store, { reporter: q.reporter, flow: q.flow, commodity: q.commodity }),
    readEvents(store),
  ]);
  const mine = inputs.get(seriesKey(q)) ?? { sqlRows: [], cells: [], stated: [] };
  return assembleSeries(q, mine.sqlRows, mine.cells, mine.stated, events);
}

/**
 * Every series in the store at once — one pass over the data rather than one query per series —
 * for overviews, exports and the benchmark.
 */
export async function monitorAll(store: Store): Promise<MonitorSeries[]> {
  const [inputs, events] = await Promise.all([
    readSeriesInputs(store, { reporter: null, flow: null, commodity: null }),
    readEvents(store),
  ]);
  return [...inputs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, v]) => {
      const [reporter = "", flow = "", commodity = ""] = key.split("|");
      return assembleSeries({ reporter, flow, commodity }, v.sqlRows, v.cells, v.stated, events);
    });
}

/** Groups rows by partner, keeping their order. */
function byPartner<T extends { partner: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.partner);
    if (list) list.push(r);
    else m.set(r.partner, [r]);
  }
  return m;
}

function assembleSeries(
  q: SeriesQuery,
  sqlRows: readonly SqlRow[],
  cells: readonly CellRow[],
  stated: readonly StatedRecord[],
  events: readonly PolicyEvent[],
): MonitorSeries {
  const rowsOf = byPartner(sqlRows);
  const cellsOf = byPartner(cells);
  const statedOf = byPartner(stated);
  const worldSourceOf = new Map(
    sqlRows.filter((r) => r.partner === "WLD").map((r) => [r.month, r.source_id]),
  );
  const partners = [...new Set([...rowsOf.keys(), ...cellsOf.keys()])]
    .filter((p) => q.partner === undefined || p === q.partner)
    .sort();
  const rows: MonitorRow[] = [];
  const checks: (Check & { partner: string })[] = [];
  const derivedAll: (Derivation & { partner: string })[] = [];
  for (const partner of partners) {
    const mine = rowsOf.get(partner) ?? [];
    const myAll = cellsOf.get(partner) ?? [];
    const myStated = statedOf.get(partner) ?? [];
    const eventsIn = eventsForSeries(events, { reporter: q.reporter, partner, commodity: q.commodity });
    const myCells = myAll.filter((c) => c.stat === "total");
    const cell = (kind: string, start: number, end: number, measure: string) =>
      myCells.find(
        (c) =>
          c.period_kind === kind && c.start_month === start && c.end_month === end && c.measure === measure,
      );
    const monthCell = (m: number, measure: string) => cell("month", m, m, measure);
    const cumulative = myCells
      .filter((c) => c.period_kind !== "month" && c.measure === "qty_kg")
      .map((c) => ({
        start: monthFromIndex(c.start_month),
        end: monthFromIndex(c.end_month),
        value: c.v,
        half: c.half,
        sources: [c.source_id],
      }));
    const changes = myCells
      .filter((c) => c.period_kind === "month" && (c.measure === "yoy_pct" || c.measure === "mom_pct"))
      .map((c) => ({
        kind: c.measure === "yoy_pct" ? ("yoy" as const) : ("mom" as const),
        month: monthFromIndex(c.start_month),
        pct: c.v,
        half: c.half,
        sources: [c.source_id],
      }));
    const known = mine.map((r) => ({
      month: monthFromIndex(r.month),
      value: r.qty_kg,
      half: r.qty_half_kg,
      sources: [r.source_id],
    }));
    const rec = reconcile(known, cumulative, changes);
    checks.push(...rec.checks.map((c) => ({ ...c, partner })));
    derivedAll.push(...rec.derived.map((d) => ({ ...d, partner })));
    const derivedMonth = new Map(
      rec.derived.filter((d) => d.start === d.end).map((d) => [d.start as number, d]),
    );

    const byMonth = new Map(mine.map((r) => [r.month, r]));
    const qtyMap = new Map(mine.map((r) => [r.month, r.qty_kg]));
    const allMonths = [...byMonth.keys(), ...derivedMonth.keys()];
    if (allMonths.length === 0) continue;
    const first = Math.max(Math.min(...allMonths), q.from ?? -Infinity);
    const last = Math.min(Math.max(...allMonths), q.to ?? Infinity);
    const yoyMap = new Map<number, number>();
    for (const r of mine) if (r.yoy_pct !== null) yoyMap.set(r.month, r.yoy_pct);
    for (const c of changes) if (c.kind === "yoy" && !yoyMap.has(c.month)) yoyMap.set(c.month, c.pct);

    for (let m = first; m <= last; m++) {
      const month = monthFromIndex(m);
      const r = byMonth.get(m);
      const d = derivedMonth.get(m);
      const evs = eventsIn(month);
      if (!r) {
        rows.push({
          ...emptyRow(partner, month, evs),
          status: d ? "derived" : "missing",
          qty: d
            ? figure(d.value, "kg", "derived", d.sources, { low: d.low, high: d.high, definition: d.method })
            : null,
        });
        continue;
      }
      const src = r.source_id;
      const reportedPct = (measure: string) => {
        const c = monthCell(m, measure);
        return c ? figure(c.v, "%", "reported", [c.source_id]) : null;
      };
      const yr = yearOf(month);
      const jan = monthOf(yr, 1);
      const ytdCell =
        cell(m - jan === 11 ? "year" : "range", jan, m, "qty_kg") ?? cell("range", jan, m, "qty_kg");
      const ytdYoyCell =
        cell(m - jan === 11 ? "year" : "range", jan, m, "yoy_pct") ?? cell("range", jan, m, "yoy_pct");
      const ytd = ytdCell
        ? figure(ytdCell.v, "kg", "observed", [ytdCell.source_id])
        : r.ytd_kg !== null
          ? figure(r.ytd_kg, "kg", "computed", monthSources(mine, jan, m))
          : null;
      const ytdYoyPct =
        r.ytd_yoy_pct !== null && !ytdCell
          ? figure(r.ytd_yoy_pct, "%", "computed", monthSources(mine, jan - 12, m))
          : ytdYoyCell
            ? figure(ytdYoyCell.v, "%", "reported", [ytdYoyCell.source_id])
            : r.ytd_yoy_pct !== null
              ? figure(r.ytd_yoy_pct, "%", "computed", monthSources(mine, jan - 12, m))
              : null;
      const priorYearAvg = priorAverage(r, myAll, mine, yr);
      const records: Figure<string>[] = [];
      for (const kind of ["lowest", "highest"] as const) {
        const c = levelRecord(qtyMap, month, kind);
        if (c) records.push(figure(c.text, "text", "computed", monthSources(mine, c.since ?? first, m)));
      }
      const decline = yoyDeclineRecord(yoyMap, month);
      if (decline) records.push(figure(decline.text, "text", "computed", [src]));
      for (const s of myStated.filter((x) => x.start_month === m)) {
        records.push(figure(s.record, "text", "reported", [s.source_id]));
      }
      rows.push({
        partner,
        month,
        status: "observed",
        qty: figure(r.qty_kg, "kg", "observed", [src]),
        momKg:
          r.prev_kg !== null ? figure(r.qty_kg - r.prev_kg, "kg", "computed", [src, r.prev_source_id]) : null,
        momPct:
          r.mom_pct !== null
            ? figure(r.mom_pct, "%", "computed", [src, r.prev_source_id])
            : reportedPct("mom_pct"),
        yoyKg:
          r.yoy_base_kg !== null
            ? figure(r.qty_kg - r.yoy_base_kg, "kg", "computed", [src, r.yoy_source_id])
            : null,
        yoyPct:
          r.yoy_pct !== null
            ? figure(r.yoy_pct, "%", "computed", [src, r.yoy_source_id])
            : reportedPct("yoy_pct"),
        ytd,
        ytdYoyPct,
        roll3:
          r.roll3_kg !== null ? figure(r.roll3_kg, "kg", "computed", monthSources(mine, m - 2, m)) : null,
        roll12:
          r.roll12_kg !== null ? figure(r.roll12_kg, "kg", "computed", monthSources(mine, m - 11, m)) : null,
        priorYearAvg,
        vsPriorYearAvgPct: priorYearAvg
          ? figure((r.qty_kg / priorYearAvg.value - 1) * 100, "%", "computed", [src, ...priorYearAvg.sources])
          : null,
        sharePct:
          r.share_pct !== null ? figure(r.share_pct, "%", "computed", [src, worldSourceOf.get(m)]) : null,
        rank: r.partner_rank,
        unitValue:
          r.unit_value_per_kg !== null
            ? figure(r.unit_value_per_kg, `${r.currency ?? "USD"}/kg`, "computed", [src])
            : null,
        records,
        events: evs,
      });
    }
  }
  return { query: q, rows, checks, derived: derivedAll };
}

function emptyRow(partner: string, month: MonthIndex, events: readonly EventInMonth[]): MonitorRow {
  return {
    partner,
    month,
    status: "missing",
    qty: null,
    momKg: null,
    momPct: null,
    yoyKg: null,
    yoyPct: null,
    ytd: null,
    ytdYoyPct: null,
    roll3: null,
    roll12: null,
    priorYearAvg: null,
    vsPriorYearAvgPct: null,
    sharePct: null,
    rank: null,
    unitValue: null,
    records: [],
    events,
  };
}

/** Sources of the known months from `from` to `to` (rows sorted by month). */
function monthSources(rows: readonly SqlRow[], from: number, to: number): number[] {
  const out: number[] = [];
  for (const r of rows) {
    if (r.month > to) break;
    if (r.month >= from) out.push(r.source_id);
  }
  return out;
}

/**
 * The prior calendar year's monthly average: the mean of its twelve months when all are known,
 * else its annual total ÷ 12, else an average a source reports. The definition says which.
 */
function priorAverage(
  r: SqlRow,
  cells: readonly CellRow[],
  mine: readonly SqlRow[],
  year: number,
): Figure | null {
  const prior = year - 1;
  const jan = monthOf(prior, 1);
  const dec = monthOf(prior, 12);
  if (r.prior_year_avg_kg !== null) {
    return figure(r.prior_year_avg_kg, "kg", "computed", monthSources(mine, jan, dec), {
      definition: `mean of the twelve months of ${prior}`,
    });
  }
  const annual = cells.find(
    (c) => c.measure === "qty_kg" && c.stat === "total" && c.start_month === jan && c.end_month === dec,
  );
  if (annual) {
    return figure(annual.v / 12, "kg", "computed", [annual.source_id], {
      definition: `annual total for ${prior} ÷ 12`,
    });
  }
  const reported = cells.find(
    (c) =>
      c.measure === "qty_kg" && c.stat === "monthly_mean" && c.start_month === jan && c.end_month === dec,
  );
  if (reported) {
    return figure(reported.v, "kg", "reported", [reported.source_id], {
      definition: `monthly average for ${prior} as reported`,
    });
  }
  return null;
}

/** `YYYY-MM` of a row, for display and tests. */
export function rowMonth(row: MonitorRow): string {
  return formatMonth(row.month);
}
