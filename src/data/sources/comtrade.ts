/**
 * UN Comtrade final data ("plus" records): the CSV the portal exports, the tab-separated bulk text
 * (also gzipped) and the API's JSON envelope `{elapsedTime, count, data[], error}`. Each row becomes
 * one flow in kilograms and US dollars, with the period its freqCode says.
 *
 * Also the row mapping and file reading that the tariff-line loader shares.
 * @module
 * @example
 * const parsed = comtradeLoader.parse(bytes, "TradeData_2024.csv") as ParsedFile;
 * parsed.flows[0]; // { reporter: "CHN", partner: "USA", flow: "export", commodity: "pm-metal-hs6", … }
 */
import { z } from "zod";
import { ImportError } from "../../errors.js";
import { commodityForCode, type Commodity } from "../../ref/commodities.js";
import { countryByComtradeCode } from "../../ref/countries.js";
import { parseCompactMonth } from "../../units/month.js";
import { monthPeriod, yearPeriod, type Period } from "../../units/period.js";
import { kg, kgPerUnit, type Kg } from "../../units/quantity.js";
import type { Flow, FlowRecord, Loader, ParsedFile, SourceRecord } from "./parsed.js";
import {
  decodeText,
  firstLine,
  maybeGunzip,
  readTable,
  requireColumns,
  RowReader,
  sniffDelimiter,
  type TableRow,
} from "./table.js";

/** The 47 columns of a Comtrade final ("plus") record, in the order the portal writes them. */
export const COMTRADE_COLUMNS = [
  "typeCode",
  "freqCode",
  "refPeriodId",
  "refYear",
  "refMonth",
  "period",
  "reporterCode",
  "reporterISO",
  "reporterDesc",
  "flowCode",
  "flowDesc",
  "partnerCode",
  "partnerISO",
  "partnerDesc",
  "partner2Code",
  "partner2ISO",
  "partner2Desc",
  "classificationCode",
  "classificationSearchCode",
  "isOriginalClassification",
  "cmdCode",
  "cmdDesc",
  "aggrLevel",
  "isLeaf",
  "customsCode",
  "customsDesc",
  "mosCode",
  "motCode",
  "motDesc",
  "qtyUnitCode",
  "qtyUnitAbbr",
  "qty",
  "isQtyEstimated",
  "altQtyUnitCode",
  "altQtyUnitAbbr",
  "altQty",
  "isAltQtyEstimated",
  "netWgt",
  "isNetWgtEstimated",
  "grossWgt",
  "isGrossWgtEstimated",
  "cifvalue",
  "fobvalue",
  "primaryValue",
  "legacyEstimationFlag",
  "isReported",
  "isAggregate",
] as const;

export type ComtradeColumn = (typeof COMTRADE_COLUMNS)[number];

/**
 * The columns a row needs to become a flow, in final and tariff-line files alike. The others
 * (descriptions, ISO codes, estimation flags, partner2, mode of transport…) may be absent.
 */
export const COMTRADE_REQUIRED_COLUMNS = [
  "freqCode",
  "period",
  "reporterCode",
  "flowCode",
  "partnerCode",
  "cmdCode",
  "qtyUnitCode",
  "qty",
  "netWgt",
  "primaryValue",
] as const satisfies readonly ComtradeColumn[];

/**
 * Every cell the row mapping reads (the required columns and the unit abbreviation): what the bulk
 * path stages and what a narrow reader of the file needs.
 */
export const COMTRADE_ROW_FIELDS = [
  "freqCode",
  "period",
  "reporterCode",
  "flowCode",
  "partnerCode",
  "cmdCode",
  "qtyUnitCode",
  "qtyUnitAbbr",
  "qty",
  "netWgt",
  "primaryValue",
] as const satisfies readonly ComtradeColumn[];

/**
 * Final-record columns that tariff-line records lack: their presence tells the two apart.
 * Tariff-line records carry no refYear/refMonth, no classificationSearchCode, no aggregation
 * level and none of the estimation flags (see comtrade-tariff-line.ts for the source).
 */
export const FINAL_ONLY_COLUMNS = [
  "refYear",
  "refMonth",
  "classificationSearchCode",
  "isOriginalClassification",
  "aggrLevel",
  "isLeaf",
  "isQtyEstimated",
  "isAltQtyEstimated",
  "isNetWgtEstimated",
  "isGrossWgtEstimated",
  "legacyEstimationFlag",
  "isReported",
  "isAggregate",
] as const satisfies readonly ComtradeColumn[];

const FLOWS: Readonly<Record<string, Flow>> = { X: "export", M: "import", RX: "re-export", RM: "re-import" };

/**
 * Comtrade's extended flows are breakdowns of the four above (domestic exports are part of X,
 * processing trade part of X or M): importing them beside their totals would count twice.
 */
const BREAKDOWN_FLOWS: Readonly<Record<string, string>> = {
  DX: "X",
  FM: "M",
  XIP: "X",
  XOP: "X",
  MIP: "M",
  MOP: "M",
};

/** Comtrade's quantity unit codes, for files that give the code without its abbreviation. */
const UNIT_ABBR: Readonly<Record<string, string>> = {
  "-1": "N/A",
  "1": "-",
  "2": "m²",
  "3": "1000 kWh",
  "4": "m",
  "5": "u",
  "6": "2u",
  "7": "l",
  "8": "kg",
  "9": "1000u",
  "10": "u (jeu/pack)",
  "11": "12u",
  "12": "m³",
  "13": "carat",
};
const UNIT_CODE_KG = "8";

/** What a Comtrade file looks like from its first lines. */
export type ComtradeKind = "final" | "tariff-line";

const norm = (name: string): string => name.replace(/[\s_"]/g, "").toLowerCase();
const ALL_NAMES = new Set(COMTRADE_COLUMNS.map(norm));
const FINAL_ONLY_NAMES = new Set<string>(FINAL_ONLY_COLUMNS.map(norm));

/**
 * Tells a final file from a tariff-line one by its column names, matched without regard to case
 * or underscores (`CmdCode`, `PARTNERCODE`, `primary_value`). Most of the known names must be
 * there; four or more final-only names make it final, fewer make it tariff-line.
 */
function comtradeKindOfColumns(names: readonly string[]): ComtradeKind | null {
  const have = new Set(names.map(norm));
  let known = 0;
  let finalOnly = 0;
  for (const n of have) {
    if (ALL_NAMES.has(n)) known++;
    if (FINAL_ONLY_NAMES.has(n)) finalOnly++;
  }
  if (!["freqcode", "period", "reportercode", "partnercode", "cmdcode"].every((n) => have.has(n)))
    return null;
  if (finalOnly >= 4) return known >= 24 ? "final" : null;
  return known >= 20 ? "tariff-line" : null;
}

/**
 * The kind of Comtrade file a head of text shows: a delimited header, or a JSON envelope (whose
 * first record's keys decide; an envelope with no record in view counts as final). Null when it
 * is not Comtrade. Bulk files are also known by name (`COMTRADE-FINAL-…`, `COMTRADE-TARIFFLINE-…`).
 */
export function comtradeKindOfHead(head: string, fileName: string): ComtradeKind | null {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  if (/^COMTRADE-FINAL-/i.test(base)) return "final";
  if (/^COMTRADE-TARIFFLINE-/i.test(base)) return "tariff-line";
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("{")) {
    if (!/"data"\s*:/.test(text)) return null;
    const keys = [...text.matchAll(/"(\w+)"\s*:/g)].map((m) => m[1] ?? "");
    if (!keys.some((k) => ALL_NAMES.has(norm(k))))
      return /"elapsedTime"|"count"|"error"/.test(text) ? "final" : null;
    return comtradeKindOfColumns(keys);
  }
  const line = firstLine(text);
  return comtradeKindOfColumns(line.split(sniffDelimiter(line)).map((c) => c.trim()));
}

/** Rows of a Comtrade file, whatever its container, read through one RowReader. */
interface ComtradeTable {
  readonly reader: RowReader;
  readonly rows: readonly TableRow[];
}

/**
 * Reads Comtrade bytes (gzipped or not; CSV, tab-separated or the JSON envelope) into rows. Column
 * names are matched without regard to case or underscores. Throws ImportError only.
 */
function readComtradeTable(bytes: Uint8Array, file: string): ComtradeTable {
  let raw: Uint8Array;
  try {
    raw = maybeGunzip(bytes);
  } catch (e) {
    throw new ImportError(file, null, null, `not a readable gzip file: ${(e as Error).message}`);
  }
  const text = decodeText(raw);
  if (text.trimStart().startsWith("{")) return readEnvelope(text, file);
  const table = readTable(text, file);
  const header = table.header.map(norm);
  requireColumns(file, header, COMTRADE_REQUIRED_COLUMNS);
  return { reader: new RowReader(file, header), rows: table.rows };
}

const JsonCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Envelope = z.object({ data: z.array(z.record(z.string(), JsonCell)) });

interface JsonRow extends TableRow {
  /** Position in `data[]`: a minified response puts every record on line 1. */
  readonly index: number;
}

/** Names a JSON record's field as `data[3].netWgt`, since line numbers alone may not tell. */
class JsonRowReader extends RowReader {
  override fail(row: TableRow | number, field: string | null, reason: string): never {
    const index = typeof row === "number" ? undefined : (row as Partial<JsonRow>).index;
    const where = index === undefined ? field : `data[${index}]${field ? `.${field}` : ""}`;
    return super.fail(row, where, reason);
  }
}

function readEnvelope(text: string, file: string): ComtradeTable {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(file, null, null, `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ImportError(file, null, null, "not a Comtrade JSON envelope {elapsedTime, count, data, error}");
  }
  const error = (json as { error?: unknown }).error;
  if (error !== undefined && error !== null && error !== "") {
    const message = typeof error === "string" ? error : JSON.stringify(error);
    throw new ImportError(file, null, "error", `Comtrade returned an error: ${message}`);
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? [])
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("");
    throw new ImportError(
      file,
      null,
      path.replace(/^\./, "") || null,
      issue?.message ?? "not a Comtrade envelope",
    );
  }
  const data = parsed.data.data;
  const header: string[] = [];
  const seen = new Set<string>();
  for (const rec of data) {
    for (const key of Object.keys(rec)) {
      const n = norm(key);
      if (!seen.has(n)) {
        seen.add(n);
        header.push(n);
      }
    }
  }
  if (data.length > 0) requireColumns(file, header, COMTRADE_REQUIRED_COLUMNS);
  const lines = recordLines(text);
  const rows: JsonRow[] = data.map((rec, index) => {
    const byName = new Map(Object.entries(rec).map(([k, v]) => [norm(k), v]));
    const cells = header.map((h) => {
      const v = byName.get(h);
      return v === null || v === undefined ? "" : String(v);
    });
    return { line: lines[index] ?? 1, cells, index };
  });
  return { reader: new JsonRowReader(file, header), rows };
}

/**
 * The line where each record of the top-level `data` array opens, for text already known to be
 * valid JSON (so a newline is never inside a string).
 */
function recordLines(text: string): number[] {
  let lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inData = false;
  let inString = false;
  let stringStart = 0;
  let lastKey = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
    } else if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (depth === 1) lastKey = text.slice(stringStart, i);
      }
    } else if (c === 0x22) {
      inString = true;
      stringStart = i + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 1 && c === 0x5b && lastKey === "data") {
        inData = true;
        lines = []; // a repeated "data" key: JSON.parse keeps the last one
      } else if (depth === 2 && inData && c === 0x7b) lines.push(line);
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 1) inData = false;
    }
  }
  return lines;
}

/** How a loader finds the catalogue entry for a row's cmdCode. */
export type CommodityLookup = (code: string, reporter: string) => Commodity | undefined;

/** Final data is coded in HS: only 6-digit subheadings are in the catalogue. */
const hsCommodity: CommodityLookup = (code) => commodityForCode("HS", code);

/**
 * One Comtrade row as a flow: period from freqCode and period, reporter and partner as ISO3, flow
 * from flowCode, commodity from cmdCode, kilograms from netWgt (or from qty when its unit is a
 * mass; null when neither gives a mass, or only a zero beside a positive value), value from
 * primaryValue in USD. partner2, customs procedure and mode of transport are
 * ignored: rows are taken as given. Throws ImportError naming the row's line and field.
 */
export function comtradeRowToFlow(
  r: RowReader,
  row: TableRow,
  source: number,
  commodityOf: CommodityLookup = hsCommodity,
): FlowRecord {
  const period = periodOf(r, row);
  const reporter = countryOf(r, row, "reporterCode");
  const flow = flowOf(r, row);
  const partner = countryOf(r, row, "partnerCode");
  const code = r.required(row, "cmdCode");
  const commodity = commodityOf(code, reporter);
  if (!commodity) r.fail(row, "cmdCode", `${code} is not in the commodity catalogue`);

  const qty = r.number(row, "qty", { min: 0 });
  const unitCode = r.cell(row, "qtyUnitCode");
  const unitAbbr = r.cell(row, "qtyUnitAbbr");
  const unit = unitAbbr || UNIT_ABBR[unitCode] || unitCode;
  const netWgt = r.number(row, "netWgt", { min: 0 });
  const value = r.number(row, "primaryValue", { min: 0 });

  // The unit code decides when the file gives one (8 = kg); else the abbreviation ("kg", "t"…).
  const kgPer = unitCode !== "" ? (unitCode === UNIT_CODE_KG ? 1 : null) : kgPerUnit(unitAbbr);
  let fromQty: number | null = null;
  if (qty !== null && kgPer !== null) {
    fromQty = qty * kgPer;
    if (!Number.isFinite(fromQty)) r.fail(row, "qty", `${qty} ${unit} is too large`);
  }
  // A zero weight beside a positive value means the weight was not compiled (the API writes 0 for
  // it): a mass in qty is then the figure, else the quantity is unknown rather than 0 kg.
  const reported =
    netWgt !== null && netWgt > 0 ? netWgt : fromQty !== null && fromQty > 0 ? fromQty : (netWgt ?? fromQty);
  const qtyKg: Kg | null =
    reported === null || (reported === 0 && value !== null && value > 0) ? null : kg(reported);
  if (qtyKg === null && value === null) {
    if (qty !== null && qty !== 0) {
      r.fail(
        row,
        "qtyUnitCode",
        `unit not convertible to kg ("${unit}"), and the row has no netWgt or primaryValue`,
      );
    }
    r.fail(row, "primaryValue", "is empty, and the row has no quantity in kg either");
  }

  return {
    line: row.line,
    reporter,
    partner,
    flow,
    commodity: commodity.id,
    code,
    period,
    stat: "total",
    qtyKg,
    qtyOrig: qty,
    qtyUnit: qty === null ? null : unit || null,
    value,
    currency: value === null ? null : "USD",
    yoyPct: null,
    momPct: null,
    source,
    preferred: null,
    record: null,
    note: null,
  };
}

/**
 * freqCode M takes a YYYYMM period, A a YYYY one; a row whose period does not fit its own
 * freqCode is an error. A file may hold both frequencies (an analyst's concatenated downloads):
 * each flow carries its period kind, so monthly and annual rows are never confused downstream.
 */
function periodOf(r: RowReader, row: TableRow): Period {
  const freq = r.required(row, "freqCode").toUpperCase();
  const text = r.required(row, "period");
  if (freq === "M") {
    const m = parseCompactMonth(text);
    if (m !== null) return monthPeriod(m);
    if (/^\d{4}$/.test(text))
      r.fail(row, "period", `"${text}" is a year, but freqCode is M (monthly): expected YYYYMM`);
    r.fail(row, "period", `"${text}" is not a month (YYYYMM)`);
  }
  if (freq === "A") {
    if (/^\d{4}$/.test(text)) return yearPeriod(Number(text));
    if (/^\d{6}$/.test(text))
      r.fail(row, "period", `"${text}" is a month, but freqCode is A (annual): expected YYYY`);
    r.fail(row, "period", `"${text}" is not a year (YYYY)`);
  }
  return r.fail(row, "freqCode", `"${freq}" is not A (annual) or M (monthly)`);
}

function countryOf(r: RowReader, row: TableRow, field: "reporterCode" | "partnerCode"): string {
  const text = r.required(row, field);
  if (!/^\d+$/.test(text)) r.fail(row, field, `"${text}" is not a Comtrade country code`);
  const country = countryByComtradeCode(Number(text));
  if (!country) r.fail(row, field, `unknown Comtrade country code ${text}`);
  return country.iso3;
}

function flowOf(r: RowReader, row: TableRow): Flow {
  const code = r.required(row, "flowCode").toUpperCase();
  const flow = FLOWS[code];
  if (flow) return flow;
  const parent = BREAKDOWN_FLOWS[code];
  if (parent)
    r.fail(row, "flowCode", `"${code}" is part of ${parent} and would count twice: use X, M, RX or RM`);
  return r.fail(row, "flowCode", `"${code}" is not a flow code (X, M, RX or RM)`);
}

/** The reporters of a file's flows, for its citation: "reporter CHN" or "reporters DEU, USA". */
function reportersPhrase(flows: readonly FlowRecord[]): string | null {
  const reporters = [...new Set(flows.map((f) => f.reporter))].sort();
  if (reporters.length === 0) return null;
  return `${reporters.length > 1 ? "reporters" : "reporter"} ${reporters.join(", ")}`;
}

/** Reads a whole Comtrade file with the given dataset name and commodity lookup. */
export function parseComtradeFile(
  bytes: Uint8Array,
  file: string,
  dataset: string,
  commodityOf?: CommodityLookup,
): Pick<ParsedFile, "sources" | "flows" | "events"> {
  const { reader, rows } = readComtradeTable(bytes, file);
  const flows = rows.map((row) => comtradeRowToFlow(reader, row, 0, commodityOf));
  const source: SourceRecord = {
    kind: "comtrade",
    citation: ["UN Comtrade", dataset, reportersPhrase(flows), file].filter((p) => p !== null).join(", "),
    url: null,
    licence: "UN Comtrade terms of use",
    sourceDate: null,
  };
  return { sources: [source], flows, events: [] };
}

/** UN Comtrade final ("plus") records. */
export const comtradeLoader: Loader = {
  format: "comtrade",
  description:
    "UN Comtrade final data (plus): CSV, bulk TXT (gzip) or API JSON with typeCode, freqCode, cmdCode…",
  detect(head, fileName) {
    return comtradeKindOfHead(head, fileName) === "final";
  },
  parse(bytes, fileName): ParsedFile {
    return { format: "comtrade", ...parseComtradeFile(bytes, fileName, "final data (plus)") };
  },
};
