/**
 * The bulk path for large UN Comtrade final-record files (CSV or tab-separated, gzipped or not):
 * DuckDB reads the file into a staging table and the small-file loader's checks run in SQL; the
 * flows that pass them are written with one `INSERT … SELECT`, in one transaction, which rolls
 * back when any row failed a check or a key repeats, naming the line of the first such row. The
 * stored rows and the error messages are the ones the small-file path (comtradeLoader +
 * writeImport) gives for the same file.
 *
 * Line numbers. DuckDB keeps the order of the rows it reads, so a staged row's rowid is its
 * record's ordinal; its physical line is ordinal + 2 (line 1 is the header) unless blank lines or
 * newlines inside quoted cells come before it. Before DuckDB reads, one pass over the bytes here
 * (which also hashes them and checks they are UTF-8) finds where each record starts, and keeps
 * only the places where that rule breaks. The pass splits records as DuckDB does (a quote `"`
 * opens a quoted cell only at the start of a cell, `""` inside one is a quote, blank lines are
 * skipped); the number of records both find must agree, or the import stops rather than store a
 * wrong line. Rows DuckDB cannot read at all land in its rejects table (`store_rejects`), with a
 * line that counts blank lines but not quoted newlines: the same pass turns it into the physical
 * line. Limit: a file must use LF or CRLF line ends (a lone CR is refused by that count check).
 *
 * Where the two paths differ: this one reads UTF-8 only (the small path also reads GB18030), and
 * it reads a stray quote inside an unquoted cell of a comma-separated file as a character where
 * the small path refuses the file (it already does so for tab-separated files). The staging
 * tables are per connection: one bulk import at a time per store. DuckDB only (read_csv): on PostgreSQL
 * these files take the parse-then-write path.
 * @module
 * @example
 * const outcome = await bulkImportComtrade(store, "TradeData_2024.csv.gz", { fileName, sha256 });
 * outcome.flows; // 1_000_000
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { ImportError } from "../../errors.js";
import { COMMODITIES } from "../../ref/commodities.js";
import { COMTRADE_REQUIRED_COLUMNS, COMTRADE_ROW_FIELDS, comtradeRowToFlow } from "../sources/comtrade.js";
import type { FlowRecord } from "../sources/parsed.js";
import { SOURCE_KINDS } from "../sources/parsed.js";
import {
  decodeText,
  firstLine,
  readTable,
  requireColumns,
  RowReader,
  sniffDelimiter,
} from "../sources/table.js";
import { monthFromIndex } from "../../units/month.js";
import { formatPeriod, type Period, type PeriodKind } from "../../units/period.js";
import { sqlFile } from "./sql-files.js";
import type { DuckDbStore as Store } from "./duckdb-store.js";
import type { SqlParams } from "./store.js";
import type { ImportOutcome, ProgressFn } from "./write-import.js";

/** The cells a row needs, in the loader's spelling; the staging table names them in this order. */
const FIELDS = COMTRADE_ROW_FIELDS;
type Field = (typeof FIELDS)[number];

/** Column names as the loader matches them: no case, whitespace, underscores or quotes. */
const norm = (name: string): string => name.replace(/[\s_"]/g, "").toLowerCase();

/** The staged text columns (bulk-comtrade-stage.sql), one per FIELDS entry. */
const STAGED_TEXT = [
  "freq",
  "period",
  "reporter",
  "flow",
  "partner",
  "cmd",
  "unit_code",
  "unit_abbr",
  "qty",
  "net",
  "val",
];

/** Rows DuckDB may list as unreadable before we stop counting them. */
const REJECTS_LIMIT = 1000;
/** Rows written per INSERT: progress moves on a very big file; smaller chunks cost more than they show. */
const INSERT_CHUNK = 1_000_000;

const CITATION_DATASET = "final data (plus)";
const LICENCE = "UN Comtrade terms of use";

/** What the bulk path needs to know of a file: its name, and its SHA-256 if already known. */
export interface BulkMeta {
  readonly fileName: string;
  /** Hex SHA-256 of the file's bytes; computed in the pass that checks the file when absent. */
  readonly sha256?: string;
}

/**
 * Imports a large Comtrade final-record file through DuckDB. Same outcome and guarantees as
 * `writeImport` over the small path: the same bytes again are a no-op ("unchanged"), and a bad
 * row anywhere leaves the store as it was. `path` names the file in messages and in the citation.
 */
export async function bulkImportComtrade(
  store: Store,
  path: string,
  meta: BulkMeta,
  progress: ProgressFn = () => {},
): Promise<ImportOutcome> {
  if (meta.sha256 !== undefined) {
    const same = await sameBytes(store, meta.sha256);
    if (same) return unchanged(same, meta.fileName, meta.sha256);
  }
  const layout = await readLayout(path);
  const lines = await scanRecords(layout);
  const sha256 = meta.sha256 ?? lines.sha256;
  const same = await sameBytes(store, sha256);
  if (same) return unchanged(same, meta.fileName, sha256);
  if (lines.notUtf8Line !== null) {
    throw new ImportError(
      layout.file,
      lines.notUtf8Line,
      null,
      "not UTF-8 text: the bulk path reads UTF-8 only (the small path also reads GB18030): convert the file to UTF-8",
    );
  }
  try {
    await store.exec(fill(sqlFile("bulk-comtrade-macros"), { halves: halvesLiteral() }));
    const staged = await stage(store, layout, lines);
    const total = await count(store, "SELECT count(*) AS n FROM bulk_stage WHERE NOT blank");
    progress(0, total);
    await fillLookups(store, layout.file);
    await store.exec(mapRowsSql(staged));
    const citation = await citationOf(store, layout.file);
    try {
      return await write(store, { ...meta, sha256, citation, file: layout.file, total }, progress);
    } catch (e) {
      if (e instanceof RowsFailed) await refuseBadRows(store, layout.file);
      throw e;
    }
  } finally {
    await dropTemporaries(store);
  }
}

interface WriteMeta {
  readonly fileName: string;
  readonly sha256: string;
  readonly citation: string;
  readonly file: string;
  /** Rows in the file (blank rows not counted): the flows to write. */
  readonly total: number;
}

/**
 * The import row, the source row and the flows, in one transaction. Written optimistically in one
 * pass: rows that fail a check are left out, and when any was, the transaction rolls back
 * (RowsFailed) so that the checks can name the first (the rare, slow path).
 */
async function write(store: Store, m: WriteMeta, progress: ProgressFn): Promise<ImportOutcome> {
  return store.transaction(async () => {
    const again = await sameBytes(store, m.sha256);
    if (again) return unchanged(again, m.fileName, m.sha256);
    const importId = await nextId(store, "imports", "import_id");
    const sourceId = await nextId(store, "sources", "source_id");
    const firstFlow = await nextId(store, "trade_flows", "flow_id");
    await store.run("INSERT INTO imports VALUES (?, ?, ?, ?, NULL, now(), ?)", [
      importId,
      m.fileName,
      "comtrade",
      m.sha256,
      m.total,
    ]);
    await store.run("INSERT INTO sources VALUES (?, ?, ?, ?, ?, NULL, ?, NULL, ?, now(), ?)", [
      sourceId,
      importId,
      "comtrade",
      SOURCE_KINDS.indexOf("comtrade"),
      m.citation,
      LICENCE,
      m.sha256,
      m.total,
    ]);
    const insert = sqlFile("bulk-comtrade-insert");
    let written = 0;
    for (let from = 0; from < m.total; from += INSERT_CHUNK) {
      const to = Math.min(m.total, from + INSERT_CHUNK);
      const r = await store.all<{ Count: number }>(insert, {
        first_flow: firstFlow,
        import_id: importId,
        source_id: sourceId,
        from_idx: from,
        to_idx: to,
      });
      written += r[0]?.Count ?? 0;
      if (written < to) throw new RowsFailed();
      progress(to, m.total);
    }
    await refuseDuplicates(store, m.file, importId);
    return {
      status: "imported",
      importId,
      fileName: m.fileName,
      format: "comtrade",
      sha256: m.sha256,
      sources: 1,
      flows: m.total,
      events: 0,
    } satisfies ImportOutcome;
  });
}

/** Thrown inside the write when some row failed a check: the transaction rolls back first. */
class RowsFailed extends Error {
  override message = "some row failed a check that the bulk path could not name";
}

/** "UN Comtrade, final data (plus), reporters DEU, USA, <file>", as the small path cites a file. */
async function citationOf(store: Store, file: string): Promise<string> {
  const reporters = await store.all<{ iso3: string }>(
    `SELECT DISTINCT c.iso3 FROM (SELECT DISTINCT reporter FROM bulk_stage WHERE NOT blank) s
     JOIN bulk_lk_country c ON c.code = s.reporter WHERE c.iso3 IS NOT NULL ORDER BY c.iso3`,
  );
  const who =
    reporters.length === 0
      ? null
      : `${reporters.length > 1 ? "reporters" : "reporter"} ${reporters.map((r) => r.iso3).join(", ")}`;
  return ["UN Comtrade", CITATION_DATASET, who, file].filter((p) => p !== null).join(", ");
}

interface SameImport {
  import_id: number;
  imported_at: string;
  format: string;
}

async function sameBytes(store: Store, sha256: string): Promise<SameImport | undefined> {
  const rows = await store.all<SameImport>(
    "SELECT import_id, strftime(imported_at, '%Y-%m-%d %H:%M:%S') AS imported_at, format FROM imports WHERE sha256 = ?",
    [sha256],
  );
  return rows[0];
}

function unchanged(same: SameImport, fileName: string, sha256: string): ImportOutcome {
  return {
    status: "unchanged",
    importId: same.import_id,
    fileName,
    format: same.format,
    sha256,
    sources: 0,
    flows: 0,
    events: 0,
    firstImportedAt: same.imported_at,
  };
}

async function nextId(store: Store, table: string, column: string): Promise<number> {
  const r = await store.all<{ n: number | null }>(`SELECT max(${column}) AS n FROM ${table}`);
  return (r[0]?.n ?? 0) + 1;
}

async function count(store: Store, sql: string, params?: SqlParams): Promise<number> {
  const r = await store.all<{ n: number }>(sql, params);
  return r[0]?.n ?? 0;
}

/** The temporary tables an import makes (the macros stay: they are the same for every import). */
const TEMPORARIES = [
  "bulk_stage",
  "bulk_breaks",
  "bulk_rejects",
  "bulk_reject_scans",
  "bulk_lk_period",
  "bulk_lk_country",
  "bulk_lk_flow",
  "bulk_lk_cmd",
  "bulk_lk_unit",
  "bulk_numbers",
];

async function dropTemporaries(store: Store): Promise<void> {
  await store.exec(
    ["DROP VIEW IF EXISTS bulk_rows", ...TEMPORARIES.map((t) => `DROP TABLE IF EXISTS ${t}`)].join("; "),
  );
}

// ---------------------------------------------------------------------------------------------
// The file: its first bytes, its header, and where its records start.

/**
 * The first `max` bytes of a file, un-gzipped when it is gzip (a truncated or corrupt stream
 * gives what could be read; a file that does not unpack at all throws).
 */
export async function readHead(path: string, max = 64 * 1024): Promise<{ bytes: Uint8Array; gzip: boolean }> {
  const fh = await open(path);
  let first: Uint8Array;
  try {
    const buf = new Uint8Array(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    first = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const gzip = first.length > 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gzip) return { bytes: first, gzip };
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) break;
    }
  } catch (e) {
    if (size === 0)
      throw new ImportError(path, null, null, `not a readable gzip file: ${(e as Error).message}`);
  } finally {
    stream.destroy();
  }
  return { bytes: Buffer.concat(chunks).subarray(0, max), gzip };
}

interface Layout {
  /** The path as given: messages and the citation name the file by it, as the small path does. */
  readonly file: string;
  readonly gzip: boolean;
  readonly delimiter: string;
  /** Header cells as the file writes them, trailing empty ones dropped. */
  readonly header: readonly string[];
  /** The column of each cell the checks read; null when the file lacks it (qtyUnitAbbr may be). */
  readonly column: Readonly<Record<Field, number | null>>;
}

async function readLayout(file: string): Promise<Layout> {
  let head: { bytes: Uint8Array; gzip: boolean };
  try {
    head = await readHead(file);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(
      file,
      null,
      null,
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  const nl = head.bytes.indexOf(0x0a);
  const text = firstLine(decodeText(nl < 0 ? head.bytes : head.bytes.subarray(0, nl + 1)));
  const delimiter = sniffDelimiter(text);
  const { header } = readTable(text, file, delimiter);
  const names = header.map(norm);
  requireColumns(file, names, COMTRADE_REQUIRED_COLUMNS);
  const column = {} as Record<Field, number | null>;
  for (const f of FIELDS) {
    const i = names.lastIndexOf(f.toLowerCase()); // RowReader keeps the last of repeated names
    column[f] = i < 0 ? null : i;
  }
  return { file, gzip: head.gzip, delimiter, header, column };
}

/** Where data records start, from a scan of the bytes (see the module comment). */
export interface RecordLines {
  /** Data records (the header not counted). */
  readonly records: number;
  /** Newlines inside quoted cells. */
  readonly quotedNewlines: number;
  /** [ordinal, line] for each data record whose line is not the previous record's line + 1. */
  readonly rowBreaks: readonly (readonly [number, number])[];
  /** [DuckDB line, offset]: from that DuckDB reject line on, the physical line is line + offset. */
  readonly rejectBreaks: readonly (readonly [number, number])[];
  /** The line the header record starts on (1 unless the file opens with blank lines). */
  readonly headerLine: number;
  /** SHA-256 of the file's bytes (gzipped or not, as stored). */
  readonly sha256: string;
  /** The first line with bytes that are not UTF-8; null when all are. */
  readonly notUtf8Line: number | null;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Splits delimited bytes into records as DuckDB's CSV reader does, noting each record's line.
 * Takes the bytes in chunks of any size (exported for its tests).
 */
export class RecordScanner {
  private line = 1;
  private recordLine = 0; // 0: no record open
  private inQuotes = false;
  private quotePending = false; // in quotes, and the last byte was a quote: a close, or half of ""
  private prev = NL; // the byte before the next one
  private seen = 0; // records, the header included
  private shift = 0; // line − (ordinal + 2) for the latest data record
  private quoted = 0;
  private headerLine = 0;
  private readonly rowBreaks: [number, number][] = [];
  private readonly rejectBreaks: [number, number][] = [];

  constructor(private readonly delim: number) {}

  /** The physical line of the next byte. */
  get currentLine(): number {
    return this.line;
  }

  push(b: Uint8Array): void {
    const len = b.length;
    let i = 0;
    let nextNl = -2;
    let nextQuote = -2;
    const find = (byte: number, from: number, cached: number): number =>
      cached !== -2 && (cached === -1 || cached >= from) ? cached : b.indexOf(byte, from);
    while (i < len) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (b[i] === QUOTE) {
            i++;
            this.prev = QUOTE;
            continue;
          }
          this.inQuotes = false;
          continue;
        }
        nextQuote = find(QUOTE, i, nextQuote);
        const end = nextQuote < 0 ? len : nextQuote;
        for (let n = b.indexOf(NL, i); n >= 0 && n < end; n = b.indexOf(NL, n + 1)) {
          this.line++;
          this.quoted++;
        }
        nextNl = -2;
        if (nextQuote < 0) {
          this.prev = b[len - 1] ?? this.prev;
          return;
        }
        if (nextQuote + 1 >= len) {
          this.quotePending = true;
          this.prev = QUOTE;
          return;
        }
        if (b[nextQuote + 1] === QUOTE) i = nextQuote + 2;
        else {
          this.inQuotes = false;
          i = nextQuote + 1;
        }
        this.prev = QUOTE;
        continue;
      }
      nextNl = find(NL, i, nextNl);
      nextQuote = find(QUOTE, i, nextQuote);
      if (nextQuote >= 0 && (nextNl < 0 || nextQuote < nextNl)) {
        const before = nextQuote > i ? b[nextQuote - 1] : this.prev;
        this.open();
        if (before === this.delim || before === NL) this.inQuotes = true;
        i = nextQuote + 1;
        this.prev = QUOTE;
      } else if (nextNl >= 0) {
        if (this.recordLine === 0 && hasContent(b, i, nextNl)) this.open();
        if (this.recordLine !== 0) this.close();
        this.line++;
        i = nextNl + 1;
        this.prev = NL;
      } else {
        if (this.recordLine === 0 && hasContent(b, i, len)) this.open();
        this.prev = b[len - 1] ?? this.prev;
        return;
      }
    }
  }

  finish(): Omit<RecordLines, "sha256" | "notUtf8Line"> {
    if (this.quotePending) this.inQuotes = false;
    if (this.recordLine !== 0) this.close();
    return {
      records: Math.max(0, this.seen - 1),
      quotedNewlines: this.quoted,
      rowBreaks: this.rowBreaks,
      rejectBreaks: this.rejectBreaks,
      headerLine: this.headerLine,
    };
  }

  private open(): void {
    if (this.recordLine === 0) this.recordLine = this.line;
  }

  private close(): void {
    this.seen++;
    if (this.seen === 1) this.headerLine = this.recordLine;
    else {
      const ordinal = this.seen - 2;
      const shift = this.recordLine - (ordinal + 2);
      if (shift !== this.shift) {
        this.rowBreaks.push([ordinal, this.recordLine]);
        this.shift = shift;
      }
    }
    // DuckDB counts a record spanning lines as one line: from the next line on, it is behind.
    const last = this.rejectBreaks.at(-1)?.[1] ?? 0;
    if (this.quoted !== last) this.rejectBreaks.push([this.line + 1 - this.quoted, this.quoted]);
    this.recordLine = 0;
  }
}

/** True when bytes [from, to) hold anything but carriage returns (a blank line holds none). */
function hasContent(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (b[k] !== CR) return true;
  return false;
}

/**
 * One pass over the file: its SHA-256, where its records start, and whether it is UTF-8. DuckDB
 * 1.5 fails with an internal error that invalidates the whole database when a column it reads
 * holds invalid UTF-8 (only the columns it skips may), so no byte reaches DuckDB unchecked.
 */
async function scanRecords(layout: Layout): Promise<RecordLines> {
  const scanner = new RecordScanner(layout.delimiter.charCodeAt(0));
  const hash = createHash("sha256");
  const raw = createReadStream(layout.file, { highWaterMark: 1 << 20 });
  // A gzipped file's hash is of its compressed bytes, which only the raw stream sees.
  if (layout.gzip) raw.on("data", (chunk) => hash.update(chunk as Buffer));
  const stream = layout.gzip ? raw.pipe(createGunzip()) : raw;
  let carry: Uint8Array = new Uint8Array(0);
  let notUtf8Line: number | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!layout.gzip) hash.update(chunk);
      if (notUtf8Line !== null) continue; // only the hash still needs the bytes
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = bytes.length - incompleteTail(bytes);
      const text = bytes.subarray(0, whole);
      if (!isUtf8(text)) {
        notUtf8Line = scanner.currentLine + countNewlines(text, firstInvalidUtf8(text));
        continue;
      }
      carry = bytes.subarray(whole);
      scanner.push(text);
    }
  } catch (e) {
    const what = layout.gzip ? "not a readable gzip file" : "cannot read the file";
    throw new ImportError(layout.file, null, null, `${what}: ${(e as Error).message}`);
  } finally {
    raw.destroy();
  }
  if (notUtf8Line === null && carry.length > 0) notUtf8Line = scanner.currentLine; // ends inside a character
  return { ...scanner.finish(), sha256: hash.digest("hex"), notUtf8Line };
}

/** Bytes at the end that start a UTF-8 sequence the chunk does not complete. */
function incompleteTail(b: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const byte = b[b.length - k] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/** Offset of the first byte that breaks UTF-8 (for the message; only on the error path). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    const second = b[i + 1] as number;
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** Newlines in the first `to` bytes. */
function countNewlines(b: Uint8Array, to: number): number {
  let n = 0;
  for (let i = b.indexOf(NL); i >= 0 && i < to; i = b.indexOf(NL, i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Staging.

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Fills the `{{name}}` slots of a SQL file (comment lines, which name the slots, are left alone). */
function fill(sql: string, vars: Readonly<Record<string, string>>): string {
  return sql
    .split("\n")
    .map((line) =>
      line.trimStart().startsWith("--")
        ? line
        : line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
            const v = vars[name];
            if (v === undefined) throw new Error(`bulk-comtrade: no value for {{${name}}}`);
            return v;
          }),
    )
    .join("\n");
}

function stageSql(layout: Layout, opts: { parallel: boolean; blanks: boolean }): string {
  const col = (i: number) => `c${i}`;
  const vars: Record<string, string> = {
    path: sqlString(layout.file),
    delim: sqlString(layout.delimiter),
    columns: `{${layout.header.map((_, i) => `${sqlString(col(i))}: 'VARCHAR'`).join(", ")}}`,
    parallel: String(opts.parallel),
    compression: layout.gzip ? "'gzip'" : "'none'",
    rejects_limit: String(REJECTS_LIMIT),
    // Only when a row is blank in every cell the checks read do the other cells matter.
    blank: opts.blanks ? layout.header.map((_, i) => `bulk_blank(${col(i)})`).join(" AND ") : "false",
  };
  for (const f of FIELDS) {
    const i = layout.column[f];
    vars[f] = i === null ? "NULL" : col(i);
  }
  return fill(sqlFile("bulk-comtrade-stage"), vars);
}

/**
 * Reads the file into bulk_stage, its bytes already scanned for record lines and UTF-8: in parallel
 * unless a quoted cell holds a newline (DuckDB's parallel reader does not promise to split those
 * right when rows may be short), and again with the blank-row test when some row is blank in every
 * cell the checks read.
 */
async function stage(store: Store, layout: Layout, lines: RecordLines): Promise<Staged> {
  const run = async (parallel: boolean, blanks: boolean) => {
    const sql = stageSql(layout, { parallel, blanks });
    await store.exec("DROP TABLE IF EXISTS bulk_rejects; DROP TABLE IF EXISTS bulk_reject_scans");
    try {
      await store.exec(sql);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
      throw new ImportError(layout.file, null, null, `not readable as delimited text: ${msg}`);
    }
  };
  const parallel = lines.quotedNewlines === 0;
  await run(parallel, false);
  const candidates = await count(
    store,
    `SELECT count(*) AS n FROM bulk_stage WHERE ${STAGED_TEXT.map((c) => `bulk_blank(${c})`).join(" AND ")}`,
  );
  if (candidates > 0) await run(parallel, true);
  await refuseRejects(store, layout, lines);
  const staged = await count(store, "SELECT count(*) AS n FROM bulk_stage");
  if (staged !== lines.records || lines.headerLine !== 1) {
    throw new ImportError(
      layout.file,
      null,
      null,
      `the bulk reader split the file into ${staged} records but its lines hold ${lines.records}` +
        (lines.headerLine !== 1 ? ` (the header is on line ${lines.headerLine})` : "") +
        `: check its line ends (LF or CRLF) and quotes`,
    );
  }
  await store.exec("CREATE OR REPLACE TEMP TABLE bulk_breaks (ord BIGINT, line BIGINT)");
  if (lines.rowBreaks.length > 0)
    await insertRows(
      store,
      "bulk_breaks",
      lines.rowBreaks.map((b) => [...b]),
    );
  return { breaks: lines.rowBreaks.length > 0, blanks: candidates > 0 };
}

/** What mapping the rows must account for: line breaks (blank lines, quoted newlines), blank rows. */
interface Staged {
  readonly breaks: boolean;
  readonly blanks: boolean;
}

/** Refuses the file when DuckDB could not read some row, naming the first by its physical line. */
async function refuseRejects(store: Store, layout: Layout, lines: RecordLines): Promise<void> {
  const rejects = await store.all<{
    line: number;
    column_name: string | null;
    error_type: string;
    error_message: string;
    n: number;
  }>(
    `SELECT line, column_name, error_type, error_message, count(*) OVER () AS n
     FROM bulk_rejects ORDER BY line, byte_position LIMIT 1`,
  );
  const first = rejects[0];
  if (!first) return;
  let offset = 0;
  for (const [from, off] of lines.rejectBreaks) if (from <= first.line) offset = off;
  const line = first.line + offset;
  const index = first.column_name ? Number(first.column_name.slice(1)) : NaN;
  const field = Number.isInteger(index) ? (layout.header[index] ?? null) : null;
  const found = /Found: (\d+)/.exec(first.error_message)?.[1];
  let reason: string;
  if (first.error_type === "TOO MANY COLUMNS" && found) {
    reason = `${found} fields where the header has ${layout.header.length}`;
  } else if (first.error_type === "INVALID ENCODING" || first.error_type === "INVALID UNICODE") {
    reason = `not UTF-8 text: the bulk path reads UTF-8 only (the small path also reads GB18030): convert the file to UTF-8`;
  } else {
    reason = `not readable as delimited text: ${first.error_message}`;
  }
  const more =
    first.n > 1
      ? ` (${first.n}${first.n >= REJECTS_LIMIT ? " or more" : ""} rows cannot be read; this is the first)`
      : "";
  throw new ImportError(
    layout.file,
    line,
    first.error_type === "TOO MANY COLUMNS" ? null : field,
    reason + more,
  );
}

// ---------------------------------------------------------------------------------------------
// Lookups: what the loader itself says for each distinct cell value.

/** The header the probes and the re-check of a failing row read: FIELDS, lower case. */
const PROBE_HEADER = FIELDS.map((f) => f.toLowerCase());

/** A row the loader accepts; each probe changes one or two cells of it. */
function probeBase(): string[] {
  const hs = COMMODITIES.flatMap((c) => c.codes).find((k) => k.scheme === "HS")?.code ?? "850511";
  const base: Record<Field, string> = {
    freqCode: "M",
    period: "202401",
    reporterCode: "156",
    flowCode: "X",
    partnerCode: "842",
    cmdCode: hs,
    qtyUnitCode: "8",
    qtyUnitAbbr: "kg",
    qty: "1",
    netWgt: "1",
    primaryValue: "1",
  };
  return FIELDS.map((f) => base[f]);
}

/** Runs the loader's own row mapping on one synthetic row; null when it refuses the row. */
function probe(
  reader: RowReader,
  base: readonly string[],
  cells: Partial<Record<Field, string>>,
): FlowRecord | null {
  const row = base.slice();
  for (const [f, v] of Object.entries(cells)) row[FIELDS.indexOf(f as Field)] = v;
  try {
    return comtradeRowToFlow(reader, { line: 0, cells: row }, 0);
  } catch (e) {
    if (e instanceof ImportError) return null;
    throw e;
  }
}

type Cell = string | number | null;

async function insertRows(store: Store, table: string, rows: readonly (readonly Cell[])[]): Promise<void> {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return;
  const per = Math.max(1, Math.floor(1000 / width));
  for (let at = 0; at < rows.length; at += per) {
    const batch = rows.slice(at, at + per);
    const tuple = `(${new Array(width).fill("?").join(", ")})`;
    await store.run(
      `INSERT INTO ${table} VALUES ${batch.map(() => tuple).join(", ")}`,
      batch.flatMap((r) => [...r]),
    );
  }
}

async function distinct(store: Store, sql: string): Promise<string[][]> {
  const reader = await store.connection.runAndReadAll(sql);
  return reader.getRowsJS().map((r) => r.map((v) => String(v ?? "")));
}

async function fillLookups(store: Store, file: string): Promise<void> {
  const reader = new RowReader(file, PROBE_HEADER);
  const base = probeBase();
  const live = "FROM bulk_stage WHERE NOT blank";

  await store.exec(
    `CREATE OR REPLACE TEMP TABLE bulk_lk_period (freq VARCHAR, period VARCHAR, period_kind VARCHAR, start_month INTEGER, end_month INTEGER);
     CREATE OR REPLACE TEMP TABLE bulk_lk_country (code VARCHAR, iso3 VARCHAR);
     CREATE OR REPLACE TEMP TABLE bulk_lk_flow (code VARCHAR, flow VARCHAR);
     CREATE OR REPLACE TEMP TABLE bulk_lk_cmd (cmd VARCHAR, commodity VARCHAR, code VARCHAR);
     CREATE OR REPLACE TEMP TABLE bulk_lk_unit (unit_code VARCHAR, unit_abbr VARCHAR, unit VARCHAR, kg_per DOUBLE);
     CREATE OR REPLACE TEMP TABLE bulk_numbers (t VARCHAR, n DOUBLE)`,
  );

  const periods = await distinct(store, `SELECT DISTINCT freq, period ${live}`);
  await insertRows(
    store,
    "bulk_lk_period",
    periods.map(([freq = "", period = ""]) => {
      const p = probe(reader, base, { freqCode: freq, period })?.period;
      return [freq, period, p?.kind ?? null, p?.start ?? null, p?.end ?? null];
    }),
  );

  const codes = await distinct(
    store,
    `SELECT DISTINCT reporter ${live} UNION SELECT DISTINCT partner ${live}`,
  );
  await insertRows(
    store,
    "bulk_lk_country",
    codes.map(([code = ""]) => [code, probe(reader, base, { partnerCode: code })?.partner ?? null]),
  );

  const flows = await distinct(store, `SELECT DISTINCT flow ${live}`);
  await insertRows(
    store,
    "bulk_lk_flow",
    flows.map(([code = ""]) => [code, probe(reader, base, { flowCode: code })?.flow ?? null]),
  );

  const cmds = await distinct(store, `SELECT DISTINCT cmd ${live}`);
  await insertRows(
    store,
    "bulk_lk_cmd",
    cmds.map(([cmd = ""]) => {
      const f = probe(reader, base, { cmdCode: cmd });
      return [cmd, f?.commodity ?? null, f?.code ?? null];
    }),
  );

  // With qty 1 and no netWgt, the loader's kilograms are its kilograms per unit (null: not a mass).
  const units = await distinct(store, `SELECT DISTINCT unit_code, unit_abbr ${live}`);
  await insertRows(
    store,
    "bulk_lk_unit",
    units.map(([unitCode = "", unitAbbr = ""]) => {
      const f = probe(reader, base, {
        qtyUnitCode: unitCode,
        qtyUnitAbbr: unitAbbr,
        netWgt: "",
        primaryValue: "1",
      });
      return [unitCode, unitAbbr, String(f?.qtyUnit ?? ""), f?.qtyKg ?? null];
    }),
  );

  // Numbers that are not plain decimals go through RowReader.number itself: NaN where it refuses.
  const odd = await distinct(
    store,
    `SELECT DISTINCT qty ${live} AND qty <> '' AND qty_n IS NULL
     UNION SELECT DISTINCT net ${live} AND net <> '' AND net_n IS NULL
     UNION SELECT DISTINCT val ${live} AND val <> '' AND val_n IS NULL`,
  );
  const numbers = new RowReader(file, ["n"]);
  await insertRows(
    store,
    "bulk_numbers",
    odd.map(([t = ""]) => {
      try {
        return [t, numbers.number({ line: 0, cells: [t] }, "n")];
      } catch (e) {
        if (e instanceof ImportError) return [t, NaN];
        throw e;
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Checks.

/** bulk-comtrade-rows.sql for this file: the view bulk_rows, every row mapped and checked. */
function mapRowsSql({ breaks, blanks }: Staged): string {
  return fill(sqlFile("bulk-comtrade-rows"), {
    from: breaks ? "bulk_stage s ASOF LEFT JOIN bulk_breaks b ON s.rowid >= b.ord" : "bulk_stage s",
    line: breaks ? "coalesce(b.line + (s.rowid - b.ord), s.rowid + 2)" : "s.rowid + 2",
    // Blank rows are no flows: only then does a row's index differ from its ordinal.
    idx: blanks ? "row_number() OVER (ORDER BY s.rowid) - 1" : "s.rowid",
  });
}

/** The loader's field for each check of bulk-comtrade-rows.sql, for a message if it ever disagrees. */
const CHECK_FIELDS: Readonly<Record<number, string>> = {
  1: "period",
  2: "reporterCode",
  3: "flowCode",
  4: "partnerCode",
  5: "cmdCode",
  6: "qty",
  7: "netWgt",
  8: "primaryValue",
  9: "qty",
  10: "primaryValue",
};

/**
 * Refuses the file at its first failing row. SQL finds the row; the loader's own mapping, run on
 * that row's cells, words the message, so it is the small path's message word for word.
 */
async function refuseBadRows(store: Store, file: string): Promise<void> {
  const failed = await store.all<{ failed: number; line: number; ord: number; n: number }>(
    sqlFile("bulk-comtrade-check"),
  );
  const first = failed[0];
  if (!first) return;
  const cells = await store.connection.runAndReadAll(
    "SELECT freq, period, reporter, flow, partner, cmd, unit_code, unit_abbr, qty, net, val FROM bulk_stage WHERE rowid = ?",
    [first.ord],
  );
  const row = (cells.getRowsJS()[0] ?? []).map((v) => String(v ?? ""));
  comtradeRowToFlow(new RowReader(file, PROBE_HEADER), { line: first.line, cells: row }, 0);
  throw new ImportError(
    file,
    first.line,
    CHECK_FIELDS[first.failed] ?? null,
    `refused by the bulk check ${first.failed}, which the loader accepts: please report this file`,
  );
}

/** Refuses the file when a key repeats among the flows just written (in the open transaction). */
async function refuseDuplicates(store: Store, file: string, importId: number): Promise<void> {
  const dup = (
    await store.all<{
      line: number;
      first_line: number;
      reporter: string;
      partner: string;
      flow: string;
      commodity: string;
      period_kind: PeriodKind;
      start_month: number;
      end_month: number;
    }>(sqlFile("bulk-comtrade-duplicates"), { import_id: importId })
  )[0];
  if (!dup) return;
  const period: Period = {
    kind: dup.period_kind,
    start: monthFromIndex(dup.start_month),
    end: monthFromIndex(dup.end_month),
  };
  // Worded as the loaders' shared check (registry.ts) words it.
  throw new ImportError(
    file,
    dup.line,
    "period",
    `duplicate key: line ${dup.first_line} has the same reporter ${dup.reporter}, partner ${dup.partner}, flow ${dup.flow}, ` +
      `commodity ${dup.commodity}, period ${formatPeriod(period)} and source`,
  );
}

// ---------------------------------------------------------------------------------------------

/** 0.5 × 10^-k for k = 0…40, as roundingHalfWidth computes it, as a DuckDB DOUBLE[] literal. */
function halvesLiteral(): string {
  const halves = Array.from({ length: 41 }, (_, k) => 0.5 * 10 ** -k);
  return `[${halves.map((h) => `'${String(h)}'`).join(", ")}]::DOUBLE[]`;
}
