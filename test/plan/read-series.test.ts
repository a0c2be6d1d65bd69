import { test } from "node:test";
import assert from "node:assert/strict";
import { ImportError } from "../../src/errors.js";
import { parseSeries, readSeries } from "../../src/plan/stock/read-series.js";

/** The ImportError `fn` throws, as `file:line: field: reason`; fails on any other outcome. */
function importError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected an ImportError");
}

test("reads a year,value file into its first year and one value a year", () => {
  const s = readSeries("test/fixtures/plan/inflow-1-10.csv");
  assert.equal(s.file, "test/fixtures/plan/inflow-1-10.csv");
  assert.equal(s.firstYear, 2021);
  assert.deepEqual(Array.from(s.values), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test("takes the columns in any order and case, CRLF, blank lines, thousands separators and extra columns", () => {
  const s = parseSeries('Value,note,YEAR\r\n"1,250.5",first,2030\r\n\r\n-2,,2031\r\n', "s.csv");
  assert.equal(s.firstYear, 2030);
  assert.deepEqual(Array.from(s.values), [1250.5, -2]);
});

const bad: [string, string, string, boolean?][] = [
  [
    "a file without the header line",
    "2021,1\n2022,2\n",
    "f.csv:1: missing columns: year, value (the header must be year,value)",
  ],
  [
    "a missing value column",
    "year,tonnes\n2021,1\n",
    "f.csv:1: missing column: value (the header must be year,value)",
  ],
  ["a header and no rows", "year,value\n", "f.csv: no rows: one row a year is needed"],
  ["an empty file", "", "f.csv: the file is empty"],
  [
    "a year that is not whole",
    "year,value\n2021,1\n2021.5,2\n",
    'f.csv:3: year: "2021.5" is not a whole year',
  ],
  ["a year that is text", "year,value\nFY21,1\n", 'f.csv:2: year: "FY21" is not a whole year'],
  ["an empty year", "year,value\n,1\n", "f.csv:2: year: is empty"],
  [
    "a gap between years",
    "year,value\n2021,1\n2022,2\n2024,3\n",
    "f.csv:4: year: 2024 follows 2022: years must be consecutive and increasing",
  ],
  [
    "years out of order",
    "year,value\n2022,1\n2021,2\n",
    "f.csv:3: year: 2021 follows 2022: years must be consecutive and increasing",
  ],
  ["a year given twice", "year,value\n2021,1\n2021,2\n", "f.csv:3: year: 2021 appears twice: one row a year"],
  ["an empty value", "year,value\n2021,1\n2022,\n", "f.csv:3: value: is empty"],
  ["a value that is text", "year,value\n2021,abc\n", 'f.csv:2: value: "abc" is not a number'],
  ["an infinite value", "year,value\n2021,Infinity\n", 'f.csv:2: value: "Infinity" is not a number'],
  ["NaN", "year,value\n2021,NaN\n", 'f.csv:2: value: "NaN" is not a number'],
  [
    "a negative value where none may be",
    "year,value\n2021,1\n2022,-3\n",
    "f.csv:3: value: -3 is negative",
    true,
  ],
  ["too many fields", "year,value\n2021,1,x\n", "f.csv:2: 3 fields where the header has 2"],
];
for (const [what, text, message, nonNegative] of bad)
  test(`refuses ${what} with file:line: field: reason`, () => {
    assert.equal(
      importError(() => parseSeries(text, "f.csv", { nonNegative: nonNegative ?? false })),
      message,
    );
  });

test("counts lines past blank lines, so the reported line is the file's", () => {
  assert.equal(
    importError(() => parseSeries("year,value\n\n2021,1\n\n\n2022,x\n", "f.csv")),
    'f.csv:6: value: "x" is not a number',
  );
});

test("a missing file is an import error naming it", () => {
  assert.equal(
    importError(() => readSeries("test/fixtures/plan/no-such-file.csv")),
    "test/fixtures/plan/no-such-file.csv: cannot read the file: ENOENT",
  );
});
