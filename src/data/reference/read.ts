/**
 * Reading the bundled reference tables under data/reference (and a user's own files in the same
 * layouts): the same delimited-text reader as the loaders, so every bad cell is an ImportError
 * naming file, line, field and reason.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ImportError } from "../../errors.js";
import { DATA_DIR } from "../bundled.js";
import { decodeText, readTable, requireColumns, RowReader, type Table } from "../sources/table.js";

export interface ReferenceTable {
  readonly file: string;
  readonly table: Table;
  readonly reader: RowReader;
}

/** True when `nameOrPath` names a bundled table: a path under data/reference that exists there. */
function isBundled(nameOrPath: string): boolean {
  return !/^[./\\]/.test(nameOrPath) && existsSync(join(DATA_DIR, "reference", nameOrPath));
}

/**
 * A path the user typed, kept a path: readReference looks a bare name up among the bundled tables
 * first, so "wgi.csv" typed by a user becomes "./wgi.csv".
 */
export function userPath(path: string): string;
export function userPath(path: string | undefined): string | undefined;
export function userPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return /[/\\]/.test(path) ? path : `./${path}`;
}

/** Reads a reference CSV: a bundled table by its bare name under data/reference, else a user's file path. */
export function readReference(nameOrPath: string, columns: readonly string[]): ReferenceTable {
  const bundled = isBundled(nameOrPath);
  const path = bundled ? join(DATA_DIR, "reference", nameOrPath) : nameOrPath;
  return readReferenceText(readText(path), bundled ? `data/reference/${nameOrPath}` : nameOrPath, columns);
}

/** A user's small data file as text (UTF-8, BOM or not); a file that cannot be read is an ImportError. */
export function readText(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ImportError(
      path,
      null,
      null,
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  return decodeText(bytes);
}

/** The same for text that did not come from a file (a request's parameter); `file` names it in errors. */
export function readReferenceText(text: string, file: string, columns: readonly string[]): ReferenceTable {
  const table = readTable(text, file);
  requireColumns(file, table.header, columns);
  return { file, table, reader: new RowReader(file, table.header) };
}

/**
 * A bound or a number as the reference tables write it: "92", ">90", "<1", "≥ 80", "625-850".
 * Returns [lo, hi]: ">90" of a share is [90, 100] when `max` is 100, "<1" is [0, 1].
 */
export function parseBound(text: string, max = Number.POSITIVE_INFINITY): [number, number] | null {
  const t = text.replace(/,/g, "").replace(/\s+/g, "").replace(/%$/, "");
  if (t === "") return null;
  let m = /^(>=|≥|>|over|morethan)(\d+(?:\.\d+)?)$/i.exec(t);
  if (m) return [Number(m[2]), max];
  m = /^(<=|≤|<|under|lessthan)(\d+(?:\.\d+)?)$/i.exec(t);
  if (m) return [0, Number(m[2])];
  m = /^(\d+(?:\.\d+)?)[-–](\d+(?:\.\d+)?)$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /^~?(-?\d+(?:\.\d+)?)$/.exec(t);
  if (m) return [Number(m[1]), Number(m[1])];
  return null;
}
