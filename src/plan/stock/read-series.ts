/**
 * Reading a user's yearly series for the stock model: a CSV with the header `year,value` (any order,
 * other columns ignored), one row a year, years consecutive whole numbers in increasing order, values
 * finite numbers (and ≥ 0 when asked). Every bad line is an ImportError naming file, line, field and
 * reason, through the same delimited-text reader as the data loaders.
 *
 * @example
 * ```ts
 * const s = readSeries("inflow.csv", { nonNegative: true });
 * s.firstYear; // 2025
 * s.values; // Float64Array, one value per year from firstYear
 * ```
 * @module
 */
import { ImportError } from "../../errors.js";
import { readText } from "../../data/reference/read.js";
import { readTable, requireColumns, RowReader } from "../../data/sources/table.js";

/** A yearly series: values[k] belongs to year firstYear + k. */
export interface Series {
  readonly file: string;
  readonly firstYear: number;
  readonly values: Float64Array;
}

export interface SeriesOptions {
  /** Refuse negative values (stocks and inflows of magnets cannot be). */
  readonly nonNegative?: boolean;
}

/** Reads a `year,value` CSV file; throws ImportError for a missing file or any bad line. */
export function readSeries(path: string, options: SeriesOptions = {}): Series {
  return parseSeries(readText(path), path, options);
}

/** The same for text already in memory; `file` names it in errors. */
export function parseSeries(text: string, file: string, options: SeriesOptions = {}): Series {
  const table = readTable(text, file);
  try {
    requireColumns(file, table.header, ["year", "value"]);
  } catch (e) {
    // The usual cause is a file without a header line: say what the first line must be.
    if (e instanceof ImportError)
      throw new ImportError(file, 1, null, `${e.reason} (the header must be year,value)`);
    throw e;
  }
  const reader = new RowReader(file, table.header);
  if (table.rows.length === 0) throw new ImportError(file, null, null, "no rows: one row a year is needed");
  const values = new Float64Array(table.rows.length);
  let firstYear = 0;
  let previous = 0;
  for (const [k, row] of table.rows.entries()) {
    const text = reader.required(row, "year");
    const year = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(year))
      reader.fail(row, "year", `"${text}" is not a whole year`);
    if (k === 0) firstYear = year;
    else if (year !== previous + 1)
      reader.fail(
        row,
        "year",
        year === previous
          ? `${year} appears twice: one row a year`
          : `${year} follows ${previous}: years must be consecutive and increasing`,
      );
    previous = year;
    reader.required(row, "value");
    values[k] = reader.number(row, "value", options.nonNegative ? { min: 0 } : {})!;
  }
  return { file, firstYear, values };
}
