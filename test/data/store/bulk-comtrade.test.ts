import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { generateComtrade } from "../../../bench/generate-comtrade.js";
import { exportFlowRows } from "../../../src/data/export.js";
import { importFile } from "../../../src/data/import-file.js";
import { COMTRADE_COLUMNS, type ComtradeColumn } from "../../../src/data/sources/comtrade.js";
import { bulkImportComtrade, RecordScanner } from "../../../src/data/store/bulk-comtrade.js";
import type { Store } from "../../../src/data/store/store.js";
import { ImportError } from "../../../src/errors.js";
import { roundingHalfWidth } from "../../../src/units/quantity.js";
import { memoryStore, tempDir, writeTemp } from "../../helpers/store.js";

import { BASE_ROW as COMTRADE_ROW } from "../../helpers/comtrade-row.js";

const FIXTURES = new URL("../../fixtures/comtrade/", import.meta.url);
const fixturePath = (name: string) => new URL(name, FIXTURES).pathname;

/** The shared base row, with a quoted description that holds a comma. */
const BASE_ROW: Readonly<Record<ComtradeColumn, string>> = {
  ...COMTRADE_ROW,
  cmdDesc: '"Magnets; permanent magnets, of metal"',
};

type Row = Partial<Record<ComtradeColumn, string>>;

/** One row per partner code, so that rows built from the base row never share a key. */
const PARTNERS = [
  "842",
  "276",
  "392",
  "410",
  "704",
  "0",
  "36",
  "76",
  "124",
  "250",
  "380",
  "528",
  "356",
  "458",
];

/** Final CSV text: the base row with each row's overrides (partners cycle unless overridden). */
function finalCsv(rows: readonly Row[], columns: readonly ComtradeColumn[] = COMTRADE_COLUMNS): string {
  const lines = [columns.join(",")];
  rows.forEach((o, i) => {
    const row: Row = { partnerCode: PARTNERS[i % PARTNERS.length], ...o };
    lines.push(columns.map((c) => row[c] ?? BASE_ROW[c]).join(","));
  });
  return lines.join("\n") + "\n";
}

/** Everything an import leaves in the store, minus the clock. */
async function storeRows(store: Store) {
  return {
    imports: await store.all("SELECT * EXCLUDE (imported_at) FROM imports ORDER BY import_id"),
    sources: await store.all("SELECT * EXCLUDE (imported_at) FROM sources ORDER BY source_id"),
    flows: await store.all("SELECT * FROM trade_flows ORDER BY flow_id"),
    exported: await exportFlowRows(store),
  };
}

/** Row counts and a hash of the exported rows: equal before and after means the store did not change. */
async function digest(store: Store): Promise<string> {
  const counts = [];
  for (const t of ["imports", "sources", "trade_flows", "events"]) {
    counts.push((await store.all<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0]?.n);
  }
  const exported = JSON.stringify(await exportFlowRows(store));
  return `${counts.join("/")} ${createHash("sha256").update(exported).digest("hex")}`;
}

type Outcome =
  | { readonly ok: true; readonly rows: Awaited<ReturnType<typeof storeRows>>; readonly bulk: boolean }
  | { readonly ok: false; readonly message: string; readonly bulk: boolean };

/**
 * Imports a file into a fresh store through one path: the bulk path (threshold 0) or the small
 * path (threshold ∞). `bulk` says which path ran: only the bulk path reports progress 0 first.
 */
async function importVia(path: string, bulk: boolean): Promise<Outcome> {
  const store = await memoryStore();
  const calls: [number, number][] = [];
  try {
    await importFile(store, path, {
      bulkThresholdBytes: bulk ? 0 : Number.POSITIVE_INFINITY,
      progress: (d, t) => calls.push([d, t]),
    });
    const tookBulk = calls[0]?.[0] === 0 && calls.length > 1;
    return { ok: true, rows: await storeRows(store), bulk: tookBulk };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { ok: false, message: e.message, bulk };
  } finally {
    store.close();
  }
}

/** Imports the file through both paths and asserts the same rows or the same error. */
async function samePaths(path: string): Promise<Outcome> {
  const small = await importVia(path, false);
  const bulk = await importVia(path, true);
  if (small.ok && bulk.ok) {
    assert.deepEqual(bulk.rows, small.rows);
  } else {
    assert.equal(bulk.ok ? "imported" : bulk.message, small.ok ? "imported" : small.message);
  }
  return bulk;
}

describe("bulk Comtrade import", () => {
  describe("finds where records start", () => {
    const scan = (text: string, cuts: readonly number[] = []) => {
      const bytes = new TextEncoder().encode(text);
      const scanner = new RecordScanner(0x2c);
      let at = 0;
      for (const cut of [...cuts, bytes.length]) {
        scanner.push(bytes.subarray(at, cut));
        at = cut;
      }
      return scanner.finish();
    };

    it("counts records, skipping blank lines and following quoted newlines", () => {
      const text = 'h,h\n1,"a\nb"\n\n\r\n2,x\n"3",""""\n4,"q""\n"\n5,y';
      assert.deepEqual(scan(text), {
        records: 5,
        quotedNewlines: 2,
        // Lines: 1 header, 2–3 record 0, 4 and 5 blank, 6 record 1, 7 record 2, 8–9 record 3, 10 record 4.
        rowBreaks: [
          [1, 6],
          [4, 10],
        ],
        // DuckDB counts a record's quoted newlines as no line: line 4 is its 3, line 10 its 8.
        rejectBreaks: [
          [3, 1],
          [8, 2],
        ],
        headerLine: 1,
      });
    });

    it("finds the same records wherever the chunks split the bytes", () => {
      const text = 'h,h\r\n1,"a\r\nb"\r\n\r\n2,x"y\r\n"3",""""\r\n4,"q""\n"\r\n5,y\r\n';
      const whole = scan(text);
      for (let a = 0; a <= text.length; a++) {
        for (const b of [a, a + 1, a + 2, text.length]) {
          if (b > text.length) continue;
          assert.deepEqual(scan(text, [a, b]), whole, `cut at ${a} and ${b}`);
        }
      }
    });
  });

  describe("stores exactly what the small path stores", () => {
    for (const name of ["final-monthly.csv", "final-bulk.txt", "final-annual.csv", "final-header-case.csv"]) {
      it(`for the fixture ${name}`, async () => {
        const out = await samePaths(fixturePath(name));
        assert.ok(out.ok);
        assert.ok(out.bulk, "the bulk path ran");
        assert.ok(out.rows.flows.length > 0);
      });
    }

    it("for the gzipped bulk text file", async () => {
      const path = writeTemp("final-bulk.txt.gz", gzipSync(readFileSync(fixturePath("final-bulk.txt"))));
      const out = await samePaths(path);
      assert.ok(out.ok && out.bulk);
      assert.equal(out.rows.flows.length, 5);
    });

    it("for a file with blank lines, blank rows and a newline inside a quoted cell, keeping physical lines", async () => {
      const text = finalCsv([{}, { cmdDesc: '"Magnets,\nof metal"' }, {}, {}, {}])
        .split("\n")
        .flatMap((line, i) => (i === 2 ? ["", line] : i === 5 ? [line, ",,,", "  "] : [line]))
        .join("\n");
      const out = await samePaths(writeTemp("blanks.csv", text));
      assert.ok(out.ok && out.bulk);
      assert.deepEqual(
        out.rows.flows.map((f) => (f as { source_line: number }).source_line),
        [2, 4, 6, 7, 10],
      );
    });

    it("for random layouts of blank lines, quoted newlines and line ends, line by line (property)", async () => {
      // A CRLF inside quotes in a CRLF file is its own test below.
      const desc = fc.constantFrom("plain", '"a, b"', '"two\nlines"', '"x ""y"" z"', '"q,\nz\n"', '""');
      const layouts = fc.sample(
        fc.record({
          crlf: fc.boolean(),
          rows: fc.array(fc.tuple(desc, fc.nat(2), fc.boolean()), { minLength: 1, maxLength: 8 }),
        }),
        { numRuns: 12, seed: 7 },
      );
      for (const [n, { crlf, rows }] of layouts.entries()) {
        const [header, ...lines] = finalCsv(rows.map(([cmdDesc]) => ({ cmdDesc })))
          .trimEnd()
          .split(/\n(?=C,M)/);
        const eol = crlf ? "\r\n" : "\n";
        const body = lines.map((line, i) => {
          const [, blanks, bad] = rows[i] ?? ["", 0, false];
          const row = bad && i === lines.length - 1 ? line.replace(",612340,False,", ",-1,False,") : line;
          return eol.repeat(blanks) + row;
        });
        const out = await samePaths(writeTemp(`layout-${n}.csv`, header + eol + body.join(eol) + eol));
        assert.ok(!out.ok || out.bulk);
      }
    });

    it("for CRLF line ends, a BOM and a trailing delimiter on every row", async () => {
      const [header, ...rows] = finalCsv([{}, {}, {}]).trimEnd().split("\n");
      const text = `\uFEFF${header}\r\n${rows.map((r) => `${r},\r\n`).join("")}`;
      const out = await samePaths(writeTemp("crlf.csv", text));
      assert.ok(out.ok && out.bulk);
      assert.equal(out.rows.flows.length, 3);
    });

    it("for a file with a header and no rows", async () => {
      const out = await samePaths(writeTemp("empty.csv", finalCsv([])));
      assert.ok(out.ok);
      assert.equal(out.rows.flows.length, 0);
      assert.equal(out.rows.imports.length, 1);
    });

    it("for numbers as analysts write them and units the loader converts", async () => {
      const rows: Row[] = [
        { netWgt: '"1,234.5"', primaryValue: "12.50" },
        { netWgt: " 77 ", primaryValue: "+5" },
        { netWgt: ".5", primaryValue: "5." },
        { netWgt: "1e3", primaryValue: "2.5E-3" },
        { netWgt: "0x1A", primaryValue: "0b11" },
        { netWgt: "0.000015", primaryValue: "123456789.125" },
        { netWgt: "", qtyUnitCode: "", qtyUnitAbbr: "t", qty: "12.5" },
        { netWgt: "", qtyUnitCode: "", qtyUnitAbbr: "g", qty: "1500" },
        { netWgt: "", qtyUnitCode: "5", qtyUnitAbbr: "u", qty: "40" },
        { netWgt: "", qtyUnitCode: "5", qtyUnitAbbr: "", qty: "40" },
        { netWgt: "0", qty: "5000" },
        { netWgt: "0", qty: "0", qtyUnitCode: "-1", qtyUnitAbbr: "N/A" },
        { netWgt: "0", qty: "0", primaryValue: "0" },
        { primaryValue: "", fobvalue: "" },
        { flowCode: "rx", freqCode: "m", partnerCode: "0842" },
        { cmdCode: "8505.11" },
        { freqCode: "A", period: "2023" },
      ];
      const periods = rows.map((r, i) => ({ period: `${2000 + i}01`, ...r }));
      const out = await samePaths(writeTemp("numbers.csv", finalCsv(periods)));
      assert.ok(out.ok && out.bulk);
      assert.equal(out.rows.flows.length, rows.length);
    });

    it("for any non-negative figures, half-widths included (property)", async () => {
      const figure = fc.oneof(
        fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).map(String),
        fc.integer({ min: 0, max: 2 ** 53 }).map(String),
        fc
          .tuple(fc.nat(99_999_999), fc.nat(9_999), fc.integer({ min: 1, max: 7 }))
          .map(([a, b, d]) => `${a}.${String(b).padStart(d, "0")}`),
        fc.double({ min: 1e-9, max: 1e-3, noNaN: true }).map((v) => v.toPrecision(6)),
      );
      const rows = fc.sample(fc.tuple(figure, figure, figure), { numRuns: 300, seed: 20240101 });
      const text = finalCsv(
        rows.map(([netWgt, primaryValue, qty], i) => ({
          netWgt,
          primaryValue,
          qty,
          period: `20${10 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, "0")}`,
          partnerCode: PARTNERS[i % PARTNERS.length],
        })),
      );
      const out = await samePaths(writeTemp("figures.csv", text));
      assert.ok(out.ok && out.bulk);
      for (const f of out.rows.flows as { value: number; value_half: number }[]) {
        assert.equal(f.value_half, roundingHalfWidth(f.value, false));
      }
    });

    it("for a generated file big enough for DuckDB to read in parallel", async () => {
      const path = join(tempDir(), "generated.csv");
      await generateComtrade({ rows: 120_000, seed: 3, path });
      const out = await samePaths(path);
      assert.ok(out.ok && out.bulk);
      assert.equal(out.rows.flows.length, 120_000);
    });
  });

  describe("refuses bad rows with the small path's message", () => {
    const cases: [string, Row[], string | null][] = [
      [
        "an unknown partner code",
        [{}, { partnerCode: "999" }],
        "bad.csv:3: partnerCode: unknown Comtrade country code 999",
      ],
      [
        "an unknown reporter code",
        [{ reporterCode: "998" }],
        "bad.csv:2: reporterCode: unknown Comtrade country code 998",
      ],
      [
        "a country code that is not a number",
        [{ partnerCode: "USA" }],
        'bad.csv:2: partnerCode: "USA" is not a Comtrade country code',
      ],
      ["an empty reporter", [{ reporterCode: "" }], "bad.csv:2: reporterCode: is empty"],
      [
        "a count unit with neither weight nor value",
        [{ netWgt: "", qtyUnitCode: "5", qtyUnitAbbr: "u", qty: "40", primaryValue: "", fobvalue: "" }],
        'bad.csv:2: qtyUnitCode: unit not convertible to kg ("u"), and the row has no netWgt or primaryValue',
      ],
      [
        "neither a quantity nor a value",
        [{ netWgt: "", qty: "", primaryValue: "" }],
        "bad.csv:2: primaryValue: is empty, and the row has no quantity in kg either",
      ],
      ["a negative netWgt", [{}, { netWgt: "-1200" }], "bad.csv:3: netWgt: -1200 is negative"],
      ["a negative qty", [{ qty: "-5" }], "bad.csv:2: qty: -5 is negative"],
      ["a negative value", [{ primaryValue: "-31456789" }], "bad.csv:2: primaryValue: -31456789 is negative"],
      [
        "a value that is not a number",
        [{ primaryValue: "12a" }],
        'bad.csv:2: primaryValue: "12a" is not a number',
      ],
      ["a number with underscores", [{ netWgt: "1_000" }], 'bad.csv:2: netWgt: "1_000" is not a number'],
      ["an infinite number", [{ netWgt: "1e400" }], 'bad.csv:2: netWgt: "1e400" is not a number'],
      [
        "tonnes too large for kilograms",
        [{ netWgt: "", qtyUnitCode: "", qtyUnitAbbr: "t", qty: "1e308" }],
        "bad.csv:2: qty: 1e+308 t is too large",
      ],
      [
        "a year in a monthly row",
        [{ period: "2024" }],
        'bad.csv:2: period: "2024" is a year, but freqCode is M (monthly): expected YYYYMM',
      ],
      [
        "a month that does not exist",
        [{ period: "202413" }],
        'bad.csv:2: period: "202413" is not a month (YYYYMM)',
      ],
      [
        "a month in an annual row",
        [{ freqCode: "A", period: "202401" }],
        'bad.csv:2: period: "202401" is a month, but freqCode is A (annual): expected YYYY',
      ],
      [
        "a frequency other than A or M",
        [{ freqCode: "Q" }],
        'bad.csv:2: freqCode: "Q" is not A (annual) or M (monthly)',
      ],
      [
        "domestic exports",
        [{ flowCode: "DX" }],
        'bad.csv:2: flowCode: "DX" is part of X and would count twice: use X, M, RX or RM',
      ],
      [
        "an unknown flow code",
        [{ flowCode: "Z" }],
        'bad.csv:2: flowCode: "Z" is not a flow code (X, M, RX or RM)',
      ],
      [
        "a cmdCode outside the catalogue",
        [{ cmdCode: "850519" }],
        "bad.csv:2: cmdCode: 850519 is not in the commodity catalogue",
      ],
      [
        "a key repeated within the file",
        [{}, {}, { partnerCode: "842" }],
        "bad.csv:4: period: duplicate key: line 2 has the same reporter CHN, partner USA, flow export, " +
          "commodity pm-metal-hs6, period 2024-01 and source",
      ],
      [
        "the same key written two ways",
        [{}, { partnerCode: "0842", flowCode: "x", cmdCode: " 850511" }],
        null,
      ],
      [
        "a row with too many fields",
        [{}, { isAggregate: "False,extra" }],
        "bad.csv:3: 48 fields where the header has 47",
      ],
      [
        "several bad rows, the first by line and by field",
        [{}, { primaryValue: "-1", partnerCode: "999" }, { reporterCode: "998" }],
        "bad.csv:3: partnerCode: unknown Comtrade country code 999",
      ],
    ];
    for (const [what, rows, message] of cases) {
      it(`rejects ${what}`, async () => {
        const dir = tempDir();
        const path = join(dir, "bad.csv");
        writeFileSync(path, finalCsv(rows));
        const out = await samePaths(path);
        assert.equal(out.ok, false);
        if (!out.ok && message !== null) assert.equal(out.message, `${dir}/${message}`);
      });
    }

    it("rejects a file without a netWgt column", async () => {
      const path = writeTemp(
        "nonet.csv",
        finalCsv(
          [{}],
          COMTRADE_COLUMNS.filter((c) => c !== "netWgt"),
        ),
      );
      const out = await samePaths(path);
      assert.ok(!out.ok);
      assert.equal(out.message, `${path}:1: missing column: netWgt`);
    });

    it("names the physical line of a bad row after blank lines and a quoted newline", async () => {
      const text = finalCsv([{ cmdDesc: '"two\nlines"' }, {}, { netWgt: "-3" }]).replace(
        /\n(?=C,M)/g,
        "\n\n",
      );
      const path = writeTemp("lines.csv", text);
      const out = await samePaths(path);
      assert.ok(!out.ok);
      assert.equal(out.message, `${path}:8: netWgt: -3 is negative`);
    });

    it("both paths name the physical line after a CRLF inside a quoted cell of a CRLF file", async () => {
      const text = finalCsv([{ cmdDesc: '"two\r\nlines"' }, {}, { netWgt: "-3" }]).replace(/\n/g, "\r\n");
      const path = writeTemp("crlf-quoted.csv", text.replace("two\r\r\nlines", "two\r\nlines"));
      const out = await samePaths(path);
      assert.ok(!out.ok);
      // Lines: 1 header, 2–3 the first row, 4 the second, 5 the bad one.
      assert.equal(out.message, `${path}:5: netWgt: -3 is negative`);
    });

    it("names the physical line of a row DuckDB cannot read, after a quoted newline", async () => {
      const text = finalCsv([
        { cmdDesc: '"two\nlines"' },
        {},
        { cmdDesc: '"broken"quote' },
        { isAggregate: "False,x" },
      ]);
      const path = writeTemp("unreadable.csv", text);
      const bulk = await importVia(path, true);
      assert.ok(!bulk.ok);
      assert.match(
        bulk.message,
        new RegExp(
          `^${path}:5: cmdDesc: not readable as delimited text: .*\\(2 rows cannot be read; this is the first\\)$`,
        ),
      );
    });

    it("refuses a file that is not UTF-8 before DuckDB reads it, naming the line", async () => {
      for (const cell of ["partnerDesc", "qtyUnitAbbr"] as const) {
        const bytes = new TextEncoder().encode(finalCsv([{}, {}, { [cell]: "k@" }]));
        bytes[Buffer.from(bytes).indexOf("k@") + 1] = 0xff;
        const path = writeTemp("latin.csv", bytes);
        const bulk = await importVia(path, true);
        assert.ok(!bulk.ok);
        assert.equal(
          bulk.message,
          `${path}:4: not UTF-8 text: the bulk path reads UTF-8 only (the small path also reads GB18030): convert the file to UTF-8`,
        );
      }
    });
  });

  describe("is all-or-nothing and idempotent", () => {
    it("leaves the store unchanged when the last row of a file is bad", async () => {
      const store = await memoryStore();
      await importFile(store, fixturePath("final-monthly.csv"));
      const before = await digest(store);
      const rows: Row[] = Array.from({ length: 200 }, (_, i) => ({
        period: `20${10 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, "0")}`,
        partnerCode: "392",
      }));
      rows.push({ period: "203001", partnerCode: "392", netWgt: "-1" });
      const path = writeTemp("bad-last.csv", finalCsv(rows));
      await assert.rejects(importFile(store, path, { bulkThresholdBytes: 0 }), (e: unknown) => {
        assert.ok(e instanceof ImportError);
        assert.equal(e.message, `${path}:202: netWgt: -1 is negative`);
        return true;
      });
      assert.equal(await digest(store), before);
      const temps = await store.all("SELECT table_name FROM duckdb_tables() WHERE temporary");
      assert.deepEqual(temps, [], "no staging tables are left behind");
      store.close();
    });

    it("re-imports the same bytes as a no-op that says so", async () => {
      const store = await memoryStore();
      const path = fixturePath("final-monthly.csv");
      const first = await importFile(store, path, { bulkThresholdBytes: 0 });
      assert.equal(first.status, "imported");
      assert.equal(first.flows, 12);
      const before = await digest(store);
      const again = await importFile(store, path, { bulkThresholdBytes: 0 });
      assert.equal(again.status, "unchanged");
      assert.equal(again.importId, first.importId);
      assert.match(again.firstImportedAt ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      const small = await importFile(store, path);
      assert.equal(small.status, "unchanged", "the same bytes by the small path are the same import");
      assert.equal(await digest(store), before);
      store.close();
    });

    it("gives flow ids after those already in the store", async () => {
      const store = await memoryStore();
      await importFile(store, fixturePath("final-annual.csv"));
      const out = await bulkImportComtrade(store, fixturePath("final-bulk.txt"), {
        fileName: "final-bulk.txt",
        sha256: "f".repeat(64),
      });
      assert.equal(out.flows, 5);
      const ids = await store.all<{ flow_id: number; source_id: number }>(
        "SELECT flow_id, source_id FROM trade_flows ORDER BY flow_id",
      );
      assert.deepEqual(
        ids.map((r) => [r.flow_id, r.source_id]),
        [
          [1, 1],
          [2, 1],
          [3, 1],
          [4, 2],
          [5, 2],
          [6, 2],
          [7, 2],
          [8, 2],
        ],
      );
      store.close();
    });

    it("leaves JSON envelopes to the small path", async () => {
      const out = await importVia(fixturePath("final-envelope.json"), true);
      assert.ok(out.ok);
      assert.equal(out.bulk, false);
      assert.equal(out.rows.flows.length, 3);
    });
  });
});
