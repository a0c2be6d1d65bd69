/**
 * Imports files into the store: read, hash, parse (format detected or given), write as one
 * transaction. Bad input throws ImportError and leaves the store as it was. Large Comtrade
 * final-record CSV/TSV files take the bulk path instead on DuckDB (store/bulk-comtrade.ts), with
 * the same outcome.
 * @module
 * @example
 * const outcome = await importFile(store, "comtrade-2024.csv");
 * outcome.status; // "imported" | "unchanged" | "replaced"
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { ImportError } from "../errors.js";
import { detectLoader, parseFile } from "./sources/registry.js";
import { decodeText } from "./sources/table.js";
import { isXlsx } from "./sources/xlsx.js";
import { bulkImportComtrade, readHead } from "./store/bulk-comtrade.js";
import { DuckDbStore } from "./store/duckdb-store.js";
import type { Store } from "./store/store.js";
import { writeImport, type ImportOutcome, type ProgressFn } from "./store/write-import.js";

export interface ImportOptions {
  /** A format id, or "auto" (default) to detect it from the header. */
  readonly format?: string;
  /** For the bundled dataset: the path that identifies a table across editions. */
  readonly bundledPath?: string;
  readonly progress?: ProgressFn;
  /**
   * Comtrade final-record CSV/TSV files (gzipped or not) of this many bytes or more take the bulk
   * path, which DuckDB reads (default 8 MiB). Tests set it low to force that path on small files.
   */
  readonly bulkThresholdBytes?: number;
}

const BULK_THRESHOLD_BYTES = 8 * 2 ** 20;

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function importFile(
  store: Store,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportOutcome> {
  // The bulk path reads the file with DuckDB itself; PostgreSQL takes every file the normal way.
  if (store instanceof DuckDbStore && (await takesBulkPath(path, opts))) {
    return bulkImportComtrade(store, path, { fileName: basename(path) }, opts.progress);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImportError(
      path,
      null,
      null,
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  return importBytes(store, bytes, path, opts);
}

/** Imports bytes that came from somewhere other than a file path (an upload, a test). */
export async function importBytes(
  store: Store,
  bytes: Uint8Array,
  fileName: string,
  opts: ImportOptions = {},
): Promise<ImportOutcome> {
  const hash = sha256(bytes);
  const parsed = await parseFile(bytes, fileName, opts.format ?? "auto");
  return writeImport(
    store,
    parsed,
    {
      fileName: basename(fileName),
      sha256: hash,
      ...(opts.bundledPath ? { bundledPath: opts.bundledPath } : {}),
    },
    opts.progress,
  );
}

/**
 * True for a Comtrade final-record file in CSV or TSV (gzipped or not; not JSON, not XLSX) at or
 * above the bulk threshold. Anything it cannot tell goes the small path, which reports the error.
 */
async function takesBulkPath(path: string, opts: ImportOptions): Promise<boolean> {
  const format = opts.format ?? "auto";
  if (opts.bundledPath || (format !== "auto" && format !== "comtrade")) return false;
  try {
    if ((await stat(path)).size < (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES)) return false;
    const { bytes } = await readHead(path);
    const lastNewline = bytes.lastIndexOf(0x0a);
    const head = lastNewline < 0 ? bytes : bytes.subarray(0, lastNewline + 1);
    if (isXlsx(head) || /^[{[]/.test(decodeText(head).trimStart())) return false;
    return format === "comtrade" || (await detectLoader(head, path)).format === "comtrade";
  } catch {
    return false;
  }
}
