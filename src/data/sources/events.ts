/**
 * The events CSV: dated policy measures with structured scope and status, so the monitor can tell
 * which measures were in force in a month. A later event can suspend earlier ones by id.
 *
 * Columns: id, date (YYYY | YYYY-MM | YYYY-MM-DD), actor, type, elements, products, destinations,
 * end_uses (lists separated by ";"; empty destinations = all), scope, description, status
 * (announced|in_force|suspended|ended|scheduled|threat), end_date (YYYY-MM-DD, exclusive),
 * derived (1 when end date or scope was filled in by us), suspends (ids), source, source_url, source_date.
 * @module
 */
import { commodityById } from "../../ref/commodities.js";
import type { EventRecord, Loader, ParsedFile, SourceRecord } from "./parsed.js";
import { decodeText, headerColumns, readTable, requireColumns, RowReader, type TableRow } from "./table.js";

export const EVENT_COLUMNS = [
  "id",
  "date",
  "actor",
  "type",
  "elements",
  "products",
  "destinations",
  "end_uses",
  "scope",
  "description",
  "status",
  "end_date",
  "derived",
  "suspends",
  "source",
  "source_url",
  "source_date",
] as const;

export const EVENT_STATUSES = ["announced", "in_force", "suspended", "ended", "scheduled", "threat"] as const;

export const eventsLoader: Loader = {
  format: "events",
  description: "Lodestone events CSV (id, date, actor, type, scope, status, end_date, suspends, …)",
  detect(head) {
    const cols = headerColumns(head);
    return ["id", "date", "actor", "type", "status", "suspends"].every((c) => cols.includes(c));
  },
  parse(bytes, file): ParsedFile {
    const table = readTable(decodeText(bytes), file);
    requireColumns(file, table.header, EVENT_COLUMNS);
    const r = new RowReader(file, table.header);
    const sources: SourceRecord[] = [];
    const sourceIndex = new Map<string, number>();
    const events: EventRecord[] = [];
    const ids = new Map<string, number>();
    for (const row of table.rows) {
      const source: SourceRecord = {
        kind: "press",
        citation: r.required(row, "source"),
        url: r.cell(row, "source_url") || null,
        licence: null,
        sourceDate: r.cell(row, "source_date") || null,
      };
      const key = JSON.stringify(source);
      let si = sourceIndex.get(key);
      if (si === undefined) {
        si = sources.length;
        sources.push(source);
        sourceIndex.set(key, si);
      }
      const ev = eventOf(r, row, si);
      const earlier = ids.get(ev.id);
      if (earlier !== undefined) r.fail(row, "id", `"${ev.id}" is already used on line ${earlier}`);
      ids.set(ev.id, row.line);
      events.push(ev);
    }
    for (const ev of events) {
      for (const s of ev.suspends) {
        if (!ids.has(s)) r.fail(ev.line, "suspends", `no event with id "${s}" in this file`);
      }
    }
    return { format: "events", sources, flows: [], events };
  },
};

function list(text: string): string[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function eventOf(r: RowReader, row: TableRow, source: number): EventRecord {
  const date = r.required(row, "date");
  if (eventStartDate(date) === null) r.fail(row, "date", `"${date}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
  const endDate = r.cell(row, "end_date");
  if (endDate && !/^\d{4}-\d{2}-\d{2}$/.test(endDate))
    r.fail(row, "end_date", `"${endDate}" is not YYYY-MM-DD`);
  const status = r.required(row, "status");
  if (!(EVENT_STATUSES as readonly string[]).includes(status)) {
    r.fail(row, "status", `"${status}" is not one of ${EVENT_STATUSES.join(", ")}`);
  }
  const products = list(r.cell(row, "products"));
  for (const p of products) {
    if (!commodityById(p)) r.fail(row, "products", `"${p}" is not in the commodity catalogue`);
  }
  const derived = r.cell(row, "derived");
  if (derived !== "" && derived !== "0" && derived !== "1")
    r.fail(row, "derived", `"${derived}" is not 1 or 0`);
  return {
    line: row.line,
    id: r.required(row, "id"),
    date,
    actor: r.required(row, "actor"),
    type: r.required(row, "type"),
    elements: list(r.cell(row, "elements")),
    products,
    destinations: list(r.cell(row, "destinations")).map((d) => d.toUpperCase()),
    endUses: list(r.cell(row, "end_uses")),
    scopeText: r.cell(row, "scope"),
    description: r.required(row, "description"),
    status,
    endDate: endDate || null,
    derived: derived === "1",
    suspends: list(r.cell(row, "suspends")),
    source,
  };
}

/** The first day an event date covers (`2025` → 2025-01-01), or null when it is not a date. */
export function eventStartDate(date: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!m) return null;
  const month = Number(m[2] ?? "1");
  const day = Number(m[3] ?? "1");
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
