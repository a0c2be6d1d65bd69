/**
 * Reading Excel workbooks (.xlsx) as analysts download them from customs query sites, into the same
 * `Table` shape as `readTable`: a header and rows whose `line` is the 1-based worksheet row number.
 * exceljs is imported lazily, so reading CSV never pays for it.
 * @module
 * @example
 * if (isXlsx(bytes)) {
 *   const { header, rows } = await readXlsxTable(bytes, "exports.xlsx"); // first worksheet
 * }
 */
import type { CellValue, Workbook } from "exceljs";
import { ImportError } from "../../errors.js";
import type { Table, TableRow } from "./table.js";

/** One worksheet: its non-empty rows, each with its 1-based worksheet row number as `line`. */
export interface XlsxSheet {
  readonly name: string;
  readonly rows: readonly TableRow[];
}

/** Rows per worksheet that `xlsxHeadLine` returns: enough to pass a few title lines. */
const HEAD_ROWS = 12;

/** True when the bytes start with the zip magic number "PK\x03\x04" (an .xlsx is a zip). */
export function isXlsx(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/**
 * The first worksheet as a table: its first non-empty row is the header. Cells are text: numbers
 * as `String(n)`, dates as `YYYY-MM-DD`, formulas by their cached result, Excel errors as their code.
 */
export async function readXlsxTable(bytes: Uint8Array, file: string): Promise<Table> {
  const [first] = await readXlsxSheets(bytes, file);
  const [head, ...rows] = first?.rows ?? [];
  if (!head) throw new ImportError(file, null, null, "the first worksheet is empty");
  return { header: head.cells.map((h) => h.trim()), rows };
}

/**
 * Every worksheet in workbook order as its non-empty rows (cells as in `readXlsxTable`), for formats
 * whose header is not on the first row or whose data spans several sheets.
 */
export async function readXlsxSheets(bytes: Uint8Array, file: string): Promise<readonly XlsxSheet[]> {
  const workbook = await loadWorkbook(bytes, file);
  if (workbook.worksheets.length === 0) {
    throw new ImportError(file, null, null, "the workbook has no worksheet");
  }
  return workbook.worksheets.map((ws) => ({ name: ws.name, rows: rowsOf(ws) }));
}

/**
 * For format detection: the first rows of every worksheet, one line per row with its cells joined by
 * commas. For an ordinary export the first line is the header row; title rows and a leading
 * "query parameters" sheet come through too, so a detector should look at every line. Pass `file` so
 * that an unreadable workbook's ImportError names it.
 */
export async function xlsxHeadLine(bytes: Uint8Array, file = "workbook"): Promise<string> {
  const workbook = await loadWorkbook(bytes, file);
  return workbook.worksheets
    .flatMap((ws) => rowsOf(ws).slice(0, HEAD_ROWS))
    .map((r) => r.cells.join(","))
    .join("\n");
}

async function loadWorkbook(bytes: Uint8Array, file: string): Promise<Workbook> {
  if (!isXlsx(bytes)) throw new ImportError(file, null, null, "not an .xlsx workbook (no zip header)");
  try {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own `Buffer extends ArrayBuffer`, which clashes with Node's typed Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as XlsxInput);
    return workbook;
  } catch (e) {
    // exceljs and its zip reader throw plain Errors (or worse) on damaged files.
    throw new ImportError(file, null, null, `not readable as an .xlsx workbook: ${messageOf(e)}`);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Worksheet = Workbook["worksheets"][number];
type XlsxInput = Parameters<Workbook["xlsx"]["load"]>[0];

/** Non-empty rows with their worksheet row numbers; trailing empty cells dropped. */
function rowsOf(ws: Worksheet): TableRow[] {
  const rows: TableRow[] = [];
  ws.eachRow((row, rowNumber) => {
    // row.values is 1-based and sparse: index 0 is always empty.
    const raw = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = Array.from(raw, (v) => cellText(v));
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    if (cells.some((c) => c.trim() !== "")) rows.push({ line: rowNumber, cells });
  });
  return rows;
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if ("richText" in v) return v.richText.map((t) => t.text).join("");
  if ("error" in v) return v.error;
  if ("formula" in v || "sharedFormula" in v) return cellText(v.result ?? null);
  if ("text" in v) return typeof v.text === "string" ? v.text : cellText(v.text as CellValue);
  return "";
}
