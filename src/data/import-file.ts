/**
 * Imports files into the store: read, hash, parse (format detected or given), write as one
 * transaction. Bad input throws ImportError and leaves the store as it was.
 * @module
 * @example
 * const outcome = await importFile(store, "comtrade-2024.csv");
 * outcome.status; // "imported" | "unchanged" | "replaced"
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ImportError } from "../errors.js";
import { parseFile } from "./sources/registry.js";
import type { Store } from "./store/store.js";
import { writeImport, type ImportOutcome, type ProgressFn } from "./store/write-import.js";

export interface ImportOptions {
  /** A format id, or "auto" (default) to detect it from the header. */
  readonly format?: string;
  /** For the bundled dataset: the path that identifies a table across editions. */
  readonly bundledPath?: string;
  readonly progress?: ProgressFn;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function importFile(
  store: Store,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportOutcome> {
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
