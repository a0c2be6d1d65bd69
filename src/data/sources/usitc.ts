/**
 * USITC DataWeb exports (dataweb.usitc.gov): US imports by HTS line and country, as CSV or .xlsx.
 *
 * Title lines above the header ("General Customs Value|Annual Data", "Data Row Count …") are skipped:
 * the header is the first line with an `HTS Number` cell. In a workbook every worksheet with such a
 * header is read (DataWeb puts each measure on its own sheet) and the others ("Query Parameters") are
 * skipped; a row's value and quantity may come from different sheets and are joined by
 * HTS number × country × period.
 *
 * Columns: `HTS Number` (10-digit HTS or 6-digit HS, in the commodity catalogue), `Country` (a name;
 * without the column the figures are for all countries, WLD), `Description` (ignored), optional
 * `Quantity Description` (the unit of a quantity, e.g. "kilograms"), and the figures in one of these
 * layouts:
 * - long — `Data Type`, `Year`, optional `Month` (1–12 or a month name) and one figure column whose
 *   name says value or quantity (`Value`, `Customs Value`, `General Customs Value` …);
 * - annual — `Data Type` and one column per year (`2023`, `2024` …);
 * - monthly — `Data Type`, `Year` and one column per month (`January` … `December`);
 * - measure columns — no `Data Type`; `Year`, optional `Month`, and one column per measure named
 *   after it (`General Customs Value`, `General First Unit of Quantity` …).
 *
 * Measures (from `Data Type` or the column name): customs value (general or for consumption, and
 * "Imports for Consumption") → value in USD; first unit of quantity → quantity, in kg when
 * `Quantity Description` is a mass unit. Second quantity, CIF, charges/insurance/freight, duties and
 * landed duty-paid value are skipped; any other measure (e.g. FAS Value, an export measure) is an error.
 * Rows whose HTS Number, Country, Data Type or first cell says "Total" are skipped, as are empty
 * figure cells. Reporter USA, flow import.
 * @module
 * @example
 * const parsed = await usitcLoader.parse(bytes, "dataweb-magnets-2024.xlsx");
 * parsed.flows[0]?.partner; // "CHN" for "China"
 */
import { ImportError } from "../../errors.js";
import { commodityForCode, type Commodity } from "../../ref/commodities.js";
import { allCountries } from "../../ref/countries.js";
import { ISO_COUNTRIES } from "../../ref/countries-iso.js";
import { monthOf } from "../../units/month.js";
import { formatPeriod, monthPeriod, yearPeriod, type Period } from "../../units/period.js";
import { toKg, type Kg } from "../../units/quantity.js";
import type { FlowRecord, Loader, ParsedFile, SourceRecord } from "./parsed.js";
import { decodeText, readTable, RowReader, sniffDelimiter, type Table, type TableRow } from "./table.js";
import { isXlsx, readXlsxSheets } from "./xlsx.js";

/** DataWeb's country names where they differ from ISO 3166 names and our short names. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  china: "CHN",
  "hong kong": "HKG",
  macau: "MAC",
  macao: "MAC",
  taiwan: "TWN",
  korea: "KOR",
  "korea, south": "KOR",
  "south korea": "KOR",
  "korea, north": "PRK",
  "north korea": "PRK",
  vietnam: "VNM",
  burma: "MMR",
  "burma (myanmar)": "MMR",
  laos: "LAO",
  brunei: "BRN",
  philippines: "PHL",
  thailand: "THA",
  japan: "JPN",
  germany: "DEU",
  "united kingdom": "GBR",
  russia: "RUS",
  "czech republic": "CZE",
  czechia: "CZE",
  turkey: "TUR",
  turkiye: "TUR",
  iran: "IRN",
  syria: "SYR",
  moldova: "MDA",
  "north macedonia": "MKD",
  macedonia: "MKD",
  "congo (kinshasa)": "COD",
  "congo (brazzaville)": "COG",
  "ivory coast": "CIV",
  gambia: "GMB",
  "the gambia": "GMB",
  swaziland: "SWZ",
  "cabo verde": "CPV",
  micronesia: "FSM",
  "vatican city": "VAT",
  "west bank administered by israel": "PSE",
  "gaza strip administered by israel": "PSE",
  mexico: "MEX",
  canada: "CAN",
  "united states": "USA",
  world: "WLD",
  "all countries": "WLD",
};

const countryByName = new Map<string, string>();
for (const [iso3, , , name] of ISO_COUNTRIES) countryByName.set(normalizeName(name), iso3);
for (const c of allCountries()) if (c.members === null) countryByName.set(normalizeName(c.name), c.iso3);
for (const [name, iso3] of Object.entries(COUNTRY_ALIASES)) countryByName.set(name, iso3);

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

type MeasureKind = "value" | "quantity" | "skipped";

interface Measure {
  readonly kind: MeasureKind;
  /** As the file names it, for messages. */
  readonly name: string;
}

/** One column of figures and how to read a row's period and measure for it. */
interface FigureColumn {
  readonly column: string;
  period(row: TableRow): Period;
  measure(row: TableRow): Measure;
}

interface Quantity {
  readonly orig: number;
  readonly unit: string;
  readonly kg: Kg | null;
}

/** A flow being assembled from one or more rows (value and quantity may come from different rows). */
interface Pending {
  readonly line: number;
  readonly code: string;
  readonly commodity: Commodity;
  readonly partner: string;
  readonly period: Period;
  value: { readonly n: number; readonly where: string } | null;
  qty: { readonly q: Quantity; readonly where: string } | null;
}

export const usitcLoader: Loader = {
  format: "usitc",
  description: "USITC DataWeb export of US imports, CSV or XLSX (Data Type, HTS Number, Country, Year/Month)",
  detect(head) {
    return head.split(/\r?\n/).some((line) => {
      const cells = looseCells(line);
      return cells.includes("hts number") && (cells.includes("data type") || cells.includes("country"));
    });
  },
  async parse(bytes, file): Promise<ParsedFile> {
    const sheets = isXlsx(bytes) ? await workbookTables(bytes, file) : [csvTable(bytes, file)];
    const pending = new Map<string, Pending>();
    for (const s of sheets) readSheet(s, pending);
    if (pending.size === 0) {
      throw new ImportError(
        file,
        null,
        null,
        "no customs value or first unit of quantity figures in the file",
      );
    }
    const source: SourceRecord = {
      kind: "official",
      citation: `USITC DataWeb, US imports (${baseName(file)})`,
      url: "https://dataweb.usitc.gov/",
      licence: null,
      sourceDate: null,
      // A database download: the figures are exact, not rounded for a report.
      exact: true,
    };
    return { format: "usitc", sources: [source], flows: [...pending.values()].map(toFlow), events: [] };
  },
};

// ---- finding the header -------------------------------------------------------------------------

const HEADER_SEARCH_LINES = 50;

/** A table whose header is on `headerLine`; `file` also names the worksheet when there are several. */
interface Located {
  readonly file: string;
  readonly headerLine: number;
  readonly table: Table;
}

function looseCells(line: string): string[] {
  return line.split(/[,;\t]/).map((c) => normalizeHeader(c.replace(/"/g, "")));
}

function isHeader(cells: readonly string[]): boolean {
  return cells.some((c) => normalizeHeader(c) === "hts number");
}

/** CSV: title lines above the header become blank lines, so rows keep their physical line numbers. */
function csvTable(bytes: Uint8Array, file: string): Located {
  const text = decodeText(bytes);
  const lines = text.split("\n", HEADER_SEARCH_LINES);
  const at = lines.findIndex((l) => isHeader(looseCells(l)));
  if (at <= 0) return { file, headerLine: 1, table: readTable(text, file) };
  let offset = 0;
  for (let i = 0; i < at; i++) offset = text.indexOf("\n", offset) + 1;
  const table = readTable("\n".repeat(at) + text.slice(offset), file, sniffDelimiter(lines[at] ?? ""));
  return { file, headerLine: at + 1, table };
}

/** XLSX: every worksheet with a header row; errors name the sheet when the workbook has several. */
async function workbookTables(bytes: Uint8Array, file: string): Promise<Located[]> {
  const sheets = await readXlsxSheets(bytes, file);
  const found: Located[] = [];
  for (const s of sheets) {
    const at = s.rows.findIndex((r) => isHeader(r.cells));
    const head = s.rows[at];
    if (!head) continue;
    found.push({
      file: sheets.length > 1 ? `${file} (sheet "${s.name}")` : file,
      headerLine: head.line,
      table: { header: head.cells.map((c) => c.trim()), rows: s.rows.slice(at + 1) },
    });
  }
  if (found.length === 0) {
    throw new ImportError(file, null, null, "missing column: HTS Number (in no worksheet)");
  }
  return found;
}

// ---- layouts ------------------------------------------------------------------------------------

function readSheet(sheet: Located, pending: Map<string, Pending>): void {
  const { file, table } = sheet;
  const r = new RowReader(file, table.header);
  needColumn(r, sheet, "HTS Number");
  const figures = figureColumns(sheet, r);
  for (const row of table.rows) {
    if (isTotal(r, row)) continue;
    let key: RowKey | null = null;
    for (const f of figures) {
      if (r.cell(row, f.column) === "") continue;
      const measure = f.measure(row);
      if (measure.kind === "skipped") continue;
      const n = r.figure(row, f.column);
      if (n === null) continue;
      key ??= keyOf(r, row);
      const period = f.period(row);
      const where = `${file}:${row.line}`;
      const id = [key.code, key.partner, period.kind, period.start, period.end].join("|");
      let p = pending.get(id);
      if (!p) {
        p = { ...key, line: row.line, period, value: null, qty: null };
        pending.set(id, p);
      }
      const first = measure.kind === "value" ? p.value : p.qty;
      if (first) {
        const what = `HTS ${p.code}, ${p.partner}, ${formatPeriod(period)}`;
        r.fail(row, f.column, `duplicate ${measure.kind} for ${what} (first at ${first.where})`);
      }
      if (measure.kind === "value") p.value = { n, where };
      else p.qty = { q: quantityOf(r, row, n, measure), where };
    }
  }
}

function figureColumns(sheet: Located, r: RowReader): FigureColumn[] {
  const { file, headerLine, table } = sheet;
  const header = table.header;
  const names = header.map(normalizeHeader);
  const fromDataType = (row: TableRow): Measure => {
    const text = r.required(row, "Data Type");
    const kind = measureKind(text);
    if (!kind) r.fail(row, "Data Type", unknownMeasure(text));
    return { kind, name: text };
  };
  const yearColumns = header.filter((_, i) => /^\d{4}$/.test(names[i] ?? ""));
  const monthColumns = header.filter((_, i) => MONTHS.includes(monthWord(names[i] ?? "") ?? ""));
  const yearLike = header.find((_, i) => /^\d{4}\D/.test(names[i] ?? ""));
  if (yearLike) {
    throw new ImportError(
      file,
      headerLine,
      yearLike,
      "is not a year column (year-to-date columns are not read)",
    );
  }

  if (r.has("Data Type")) {
    if (yearColumns.length > 0 && monthColumns.length > 0) {
      throw new ImportError(file, headerLine, null, "both year columns and month columns: export one layout");
    }
    if (yearColumns.length > 0) {
      return yearColumns.map((column) => ({
        column,
        period: () => yearPeriod(Number(column)),
        measure: fromDataType,
      }));
    }
    if (monthColumns.length > 0) {
      needColumn(r, sheet, "Year");
      return monthColumns.map((column) => {
        const month = MONTHS.indexOf(monthWord(normalizeHeader(column)) ?? "") + 1;
        return {
          column,
          period: (row) => monthPeriod(monthOf(yearOf(r, row), month)),
          measure: fromDataType,
        };
      });
    }
    needColumn(r, sheet, "Year");
    const figureNames = header.filter((_, i) => /value|quantity|qty|imports/.test(names[i] ?? ""));
    const figures = figureNames.filter((h) => normalizeHeader(h) !== "quantity description");
    if (figures.length !== 1) {
      throw new ImportError(
        file,
        headerLine,
        null,
        figures.length === 0
          ? "no figure column: expected year columns, month columns or one value column (e.g. Value)"
          : `more than one figure column (${figures.join(", ")}) next to Data Type`,
      );
    }
    const [column] = figures as [string];
    return [{ column, period: (row) => periodOf(r, row), measure: fromDataType }];
  }

  needColumn(r, sheet, "Year");
  const measures = header.filter((h) => measureKind(h) !== null);
  if (measures.length === 0) {
    throw new ImportError(
      file,
      headerLine,
      null,
      "missing column: Data Type (or columns named after a measure, e.g. General Customs Value)",
    );
  }
  return measures.map((column) => {
    const measure = { kind: measureKind(column) as MeasureKind, name: column };
    return { column, period: (row) => periodOf(r, row), measure: () => measure };
  });
}

function measureKind(name: string): MeasureKind | null {
  const n = normalizeHeader(name);
  if (
    /\b(second|2nd) unit of (quantity|qty)\b|\bcif\b|charges|insurance|freight|dut(y|ies|iable)|landed/.test(
      n,
    )
  ) {
    return "skipped";
  }
  if (/\b(first|1st) unit of (quantity|qty)\b/.test(n)) return "quantity";
  if (/\bcustoms value\b/.test(n) || n === "imports for consumption" || n === "general imports")
    return "value";
  return null;
}

function unknownMeasure(text: string): string {
  return (
    `unknown measure "${text}": expected a customs value (General Customs Value, Imports for Consumption) ` +
    "or First Unit of Quantity"
  );
}

function needColumn(r: RowReader, sheet: Located, column: string): void {
  if (!r.has(column)) throw new ImportError(sheet.file, sheet.headerLine, null, `missing column: ${column}`);
}

// ---- cells --------------------------------------------------------------------------------------

function isTotal(r: RowReader, row: TableRow): boolean {
  const first = row.cells.find((c) => c.trim() !== "") ?? "";
  return [first, r.cell(row, "Data Type"), r.cell(row, "HTS Number"), r.cell(row, "Country")].some((c) =>
    /^(grand )?totals?\b/i.test(c.trim()),
  );
}

interface RowKey {
  readonly code: string;
  readonly commodity: Commodity;
  readonly partner: string;
}

function keyOf(r: RowReader, row: TableRow): RowKey {
  const code = r.required(row, "HTS Number").replace(/[.\s]/g, "");
  if (!/^(\d{6}|\d{10})$/.test(code)) {
    r.fail(row, "HTS Number", `"${code}" is not a 10-digit HTS number or a 6-digit HS code`);
  }
  const commodity = commodityForCode(code.length === 10 ? "HTS-USA" : "HS", code);
  if (!commodity) r.fail(row, "HTS Number", `"${code}" is not in the commodity catalogue`);
  return { code, commodity, partner: r.has("Country") ? partnerOf(r, row) : "WLD" };
}

function partnerOf(r: RowReader, row: TableRow): string {
  const name = r.required(row, "Country");
  // The query form's "Greenland - GL - GRL" style carries the ISO3 code at the end.
  const coded = /\s-\s[A-Z]{2}\s-\s([A-Z]{3})$/.exec(name);
  const iso3 = coded?.[1] ?? countryByName.get(normalizeName(name));
  if (!iso3) r.fail(row, "Country", `unknown country "${name}"`);
  return iso3;
}

function yearOf(r: RowReader, row: TableRow): number {
  const text = r.required(row, "Year");
  if (!/^\d{4}$/.test(text)) r.fail(row, "Year", `"${text}" is not a year (YYYY)`);
  return Number(text);
}

function periodOf(r: RowReader, row: TableRow): Period {
  const year = yearOf(r, row);
  if (!r.has("Month")) return yearPeriod(year);
  const text = r.required(row, "Month");
  const month = /^\d{1,2}$/.test(text)
    ? Number(text)
    : MONTHS.indexOf(monthWord(normalizeHeader(text)) ?? "") + 1;
  if (month < 1 || month > 12) r.fail(row, "Month", `"${text}" is not a month (1–12 or a month name)`);
  return monthPeriod(monthOf(year, month));
}

function quantityOf(r: RowReader, row: TableRow, n: number, measure: Measure): Quantity {
  const unit = r.cell(row, "Quantity Description");
  if (unit === "") {
    const why = r.has("Quantity Description") ? "is empty" : "column missing";
    r.fail(row, "Quantity Description", `${why}: ${measure.name} needs its unit`);
  }
  return { orig: n, unit, kg: toKg(n, unit) };
}

function toFlow(p: Pending): FlowRecord {
  return {
    line: p.line,
    reporter: "USA",
    partner: p.partner,
    flow: "import",
    commodity: p.commodity.id,
    code: p.code,
    period: p.period,
    stat: "total",
    qtyKg: p.qty?.q.kg ?? null,
    qtyOrig: p.qty?.q.orig ?? null,
    qtyUnit: p.qty?.q.unit ?? null,
    value: p.value?.n ?? null,
    currency: p.value ? "USD" : null,
    yoyPct: null,
    momPct: null,
    source: 0,
    preferred: null,
    record: null,
    note: null,
  };
}

// ---- names --------------------------------------------------------------------------------------

function normalizeHeader(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}

/** "January", "jan", "Jan." → "january"; anything else → null. */
function monthWord(text: string): string | null {
  const t = text.replace(/\.$/, "");
  return MONTHS.find((m) => m === t || (t.length === 3 && m.startsWith(t))) ?? null;
}

// Diacritics vary between sources ("Curaçao", "Türkiye"); case and spacing too.
function normalizeName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
