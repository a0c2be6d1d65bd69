/**
 * Reading delimited text as analysts download it: UTF-8 with or without BOM, or GB18030 (China
 * customs); comma, tab or semicolon; CRLF; quoted fields with commas and newlines. Every row keeps
 * its physical line number, and `RowReader` turns a bad cell into `file:line: field: reason`.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { ImportError } from "../../errors.js";

export interface TableRow {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

/** Un-gzips when the bytes start with the gzip magic number. */
export function maybeGunzip(bytes: Uint8Array): Uint8Array {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/**
 * Decodes text: UTF-8 (BOM stripped) when the bytes are valid UTF-8, else GB18030, which China
 * customs' query site writes. Node's full ICU knows GB18030.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Picks the delimiter of the first line: tab, semicolon or comma. */
export function sniffDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const tabs = count("\t");
  const semis = count(";");
  const commas = count(",");
  if (tabs > 0 && tabs >= commas) return "\t";
  if (semis > commas) return ";";
  return ",";
}

/** The first line of decoded text (for format detection). */
export function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * Parses delimited text into a header and rows with line numbers. Blank lines are skipped; a row
 * with more cells than the header is an error unless the extra cells are empty (a trailing
 * delimiter, as Comtrade's bulk files have).
 */
export function readTable(text: string, file: string, delimiter = sniffDelimiter(firstLine(text))): Table {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
      relax_quotes: delimiter === "\t",
    }) as unknown as CsvRecord[];
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new ImportError(
      file,
      err.lines ?? null,
      null,
      `not readable as delimited text: ${err.message ?? e}`,
    );
  }
  const [head, ...body] = records;
  if (!head) throw new ImportError(file, null, null, "the file is empty");
  const header = trimTrailingEmpty(head.record.map((h) => h.trim()));
  const lineOf = recordLines(text, records);
  const rows: TableRow[] = [];
  for (const [i, r] of body.entries()) {
    const cells = r.record;
    const line = lineOf[i + 1] as number;
    if (cells.every((c) => c.trim() === "")) continue;
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim() !== "")) {
      throw new ImportError(file, line, null, `${cells.length} fields where the header has ${header.length}`);
    }
    rows.push({ line, cells });
  }
  return { header, rows };
}

function trimTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === "") n--;
  return cells.slice(0, n);
}

interface CsvRecord {
  record: string[];
  /** `bytes`: UTF-8 bytes consumed up to the end of this record. */
  info: { lines: number; bytes: number };
}

/**
 * The physical line where each record starts. csv-parse reports where a record ends, and counts a
 * CRLF inside a quoted cell as two lines; counting LF bytes before each record's first byte is
 * exact for LF and CRLF files, with or without line breaks inside quoted cells and blank lines.
 */
function recordLines(text: string, records: readonly CsvRecord[]): number[] {
  const bytes = Buffer.from(text, "utf8");
  const lines: number[] = [];
  let line = 1;
  let pos = 0;
  for (const r of records) {
    // Skip the line breaks of blank lines between the previous record and this one.
    while (pos < bytes.length && (bytes[pos] === 0x0a || bytes[pos] === 0x0d)) {
      if (bytes[pos] === 0x0a) line++;
      pos++;
    }
    lines.push(line);
    const end = Math.min(r.info.bytes, bytes.length);
    for (; pos < end; pos++) if (bytes[pos] === 0x0a) line++;
  }
  return lines;
}

/**
 * Typed access to one row's cells by column name, throwing ImportError with the row's line and
 * the field. Column names are matched case-insensitively.
 */
export class RowReader {
  private readonly index: Map<string, number>;

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    this.index = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  }

  has(field: string): boolean {
    return this.index.has(field.toLowerCase());
  }

  /** The trimmed cell, or "" when the cell or the column is absent. */
  cell(row: TableRow, field: string): string {
    const i = this.index.get(field.toLowerCase());
    return i === undefined ? "" : (row.cells[i] ?? "").trim();
  }

  /** A non-negative quantity or value, refusing implausibly large ones (see MAX_FIGURE). */
  figure(row: TableRow, field: string): number | null {
    const n = this.number(row, field, { min: 0 });
    if (n !== null && n > MAX_FIGURE) this.fail(row, field, `${this.cell(row, field)} is implausibly large`);
    return n;
  }

  fail(row: TableRow | number, field: string | null, reason: string): never {
    throw new ImportError(this.file, typeof row === "number" ? row : row.line, field, reason);
  }

  required(row: TableRow, field: string): string {
    const v = this.cell(row, field);
    if (v === "") this.fail(row, field, "is empty");
    return v;
  }

  /** A number, or null for an empty cell; thousands separators are accepted. */
  number(row: TableRow, field: string, opts: { min?: number } = {}): number | null {
    const raw = this.cell(row, field);
    if (raw === "") return null;
    const n = Number(raw.replace(/,/g, ""));
    if (!Number.isFinite(n)) this.fail(row, field, `"${raw}" is not a number`);
    if (opts.min !== undefined && n < opts.min) {
      this.fail(row, field, `${raw} is negative`);
    }
    return n;
  }
}

/** Larger than any country's yearly trade in anything, in kg, t, USD or CNY: a typo or a broken cell. */
export const MAX_FIGURE = 1e15;

/** The column names of a header line (any delimiter, quotes stripped, lower case), for `detect`. */
export function headerColumns(head: string): string[] {
  return firstLine(head)
    .toLowerCase()
    .split(/[,;\t]/)
    .map((c) => c.trim().replace(/^"|"$/g, ""));
}

/** Throws when any of the named columns is missing from the header. */
export function requireColumns(file: string, header: readonly string[], columns: readonly string[]): void {
  const have = new Set(header.map((h) => h.toLowerCase()));
  const missing = columns.filter((c) => !have.has(c.toLowerCase()));
  if (missing.length > 0) {
    throw new ImportError(
      file,
      1,
      null,
      `missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
    );
  }
}
