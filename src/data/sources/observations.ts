/**
 * Lodestone's observations CSV: figures from reports and the press, and the format of the bundled
 * dataset. One row per figure with its own citation; a file may cite many sources.
 *
 * Columns: period (YYYY-MM | YYYY | YYYY-MM/YYYY-MM), reporter, partner (ISO3 or WLD/EU27/EUR/OTH),
 * flow (export|import), commodity (catalogue id), quantity_kg, value_usd, yoy_pct, mom_pct (as
 * reported; empty when not reported), source, source_url, source_date, preferred (1/0), note.
 * Optional: source_kind (customs|comtrade|official|press|assumption; default press), stat
 * (total|monthly_mean; default total), record (a record the source states, e.g. "lowest since 2020-02").
 * @module
 */
import { commodityById, type CommodityId } from "../../ref/commodities.js";
import { countryByIso3 } from "../../ref/countries.js";
import { kg, pct } from "../../units/quantity.js";
import { parsePeriod } from "../../units/period.js";
import type { FlowRecord, Loader, ParsedFile, SourceKind, SourceRecord, Stat } from "./parsed.js";
import { SOURCE_KINDS } from "./parsed.js";
import { decodeText, headerColumns, readTable, requireColumns, RowReader, type TableRow } from "./table.js";

export const OBSERVATION_COLUMNS = [
  "period",
  "reporter",
  "partner",
  "flow",
  "commodity",
  "quantity_kg",
  "value_usd",
  "yoy_pct",
  "mom_pct",
  "source",
  "source_url",
  "source_date",
  "preferred",
  "note",
] as const;

const FLOWS = new Set(["export", "import", "re-export", "re-import"]);
const STATS = new Set<Stat>(["total", "monthly_mean"]);

export const observationsLoader: Loader = {
  format: "observations",
  description: "Lodestone observations CSV (period, reporter, partner, flow, commodity, quantity_kg, …)",
  detect(head) {
    const cols = headerColumns(head);
    return ["period", "reporter", "partner", "commodity", "quantity_kg"].every((c) => cols.includes(c));
  },
  parse(bytes, file): ParsedFile {
    const table = readTable(decodeText(bytes), file);
    requireColumns(file, table.header, OBSERVATION_COLUMNS);
    const r = new RowReader(file, table.header);
    const sources: SourceRecord[] = [];
    const sourceIndex = new Map<string, number>();
    const flows: FlowRecord[] = [];
    for (const row of table.rows) {
      const source = sourceOf(r, row);
      const key = JSON.stringify(source);
      let si = sourceIndex.get(key);
      if (si === undefined) {
        si = sources.length;
        sources.push(source);
        sourceIndex.set(key, si);
      }
      flows.push(flowOf(r, row, si));
    }
    return { format: "observations", sources, flows, events: [] };
  },
};

function sourceOf(r: RowReader, row: TableRow): SourceRecord {
  const kindText = r.cell(row, "source_kind") || "press";
  if (!(SOURCE_KINDS as readonly string[]).includes(kindText)) {
    r.fail(row, "source_kind", `"${kindText}" is not one of ${SOURCE_KINDS.join(", ")}`);
  }
  const date = r.cell(row, "source_date");
  if (date && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
    r.fail(row, "source_date", `"${date}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
  }
  return {
    kind: kindText as SourceKind,
    citation: r.required(row, "source"),
    url: r.cell(row, "source_url") || null,
    licence: r.cell(row, "licence") || null,
    sourceDate: date || null,
  };
}

function flowOf(r: RowReader, row: TableRow, source: number): FlowRecord {
  const period = parsePeriod(r.required(row, "period"));
  if (typeof period === "string") r.fail(row, "period", period);
  const reporter = place(r, row, "reporter");
  const partner = place(r, row, "partner");
  const flow = r.required(row, "flow").toLowerCase();
  if (!FLOWS.has(flow)) r.fail(row, "flow", `"${flow}" is not export, import, re-export or re-import`);
  const commodity = r.required(row, "commodity");
  if (!commodityById(commodity)) r.fail(row, "commodity", `"${commodity}" is not in the commodity catalogue`);
  const stat = (r.cell(row, "stat") || "total") as Stat;
  if (!STATS.has(stat)) r.fail(row, "stat", `"${stat}" is not total or monthly_mean`);
  const qty = r.figure(row, "quantity_kg");
  const value = r.figure(row, "value_usd");
  const yoy = r.number(row, "yoy_pct");
  const mom = r.number(row, "mom_pct");
  if (qty === null && value === null && yoy === null && mom === null) {
    r.fail(
      row,
      "quantity_kg",
      "the row has no figure (quantity_kg, value_usd, yoy_pct and mom_pct are all empty)",
    );
  }
  for (const [field, v] of [
    ["yoy_pct", yoy],
    ["mom_pct", mom],
  ] as const) {
    if (v !== null && v < -100) r.fail(row, field, `${v} is below −100%`);
  }
  const preferredText = r.cell(row, "preferred");
  if (preferredText !== "" && preferredText !== "0" && preferredText !== "1") {
    r.fail(row, "preferred", `"${preferredText}" is not 1 or 0`);
  }
  return {
    line: row.line,
    reporter,
    partner,
    flow: flow as FlowRecord["flow"],
    commodity: commodity as CommodityId,
    code: null,
    period,
    stat,
    qtyKg: qty === null ? null : kg(qty),
    qtyOrig: qty,
    qtyUnit: qty === null ? null : "kg",
    value,
    currency: value === null ? null : "USD",
    yoyPct: yoy === null ? null : pct(yoy),
    momPct: mom === null ? null : pct(mom),
    source,
    preferred: preferredText === "" ? null : preferredText === "1",
    record: r.cell(row, "record") || null,
    note: r.cell(row, "note") || null,
  };
}

function place(r: RowReader, row: TableRow, field: string): string {
  const code = r.required(row, field).toUpperCase();
  if (!countryByIso3(code)) r.fail(row, field, `unknown country or aggregate code "${code}"`);
  return code;
}
