import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { ImportError } from "../../../src/errors.js";
import {
  COMTRADE_COLUMNS,
  COMTRADE_ROW_FIELDS,
  FINAL_ONLY_COLUMNS,
  comtradeLoader,
  type ComtradeColumn,
} from "../../../src/data/sources/comtrade.js";
import {
  TARIFF_LINE_COLUMNS,
  comtradeTariffLineLoader,
} from "../../../src/data/sources/comtrade-tariff-line.js";
import type { FlowRecord, Loader, ParsedFile } from "../../../src/data/sources/parsed.js";
import { monthOf } from "../../../src/units/month.js";
import { monthPeriod, yearPeriod } from "../../../src/units/period.js";
import { kg } from "../../../src/units/quantity.js";

import { BASE_ROW } from "../../helpers/comtrade-row.js";

const FIXTURES = new URL("../../fixtures/comtrade/", import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function parse(loader: Loader, bytes: Uint8Array, file: string): Promise<ParsedFile> {
  return loader.parse(bytes, file);
}

async function rejectsWith(loader: Loader, bytes: Uint8Array, file: string, message: string | RegExp) {
  await assert.rejects(
    async () => loader.parse(bytes, file),
    (e: unknown) => {
      assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

/** A final CSV of the base row with each row's overrides; `columns` drops or renames columns. */
function finalCsv(
  overrides: readonly Partial<Record<ComtradeColumn, string>>[],
  columns: readonly ComtradeColumn[] = COMTRADE_COLUMNS,
): Uint8Array {
  const lines = [columns.join(",")];
  for (const o of overrides) lines.push(columns.map((c) => o[c] ?? BASE_ROW[c]).join(","));
  return text(lines.join("\n") + "\n");
}

/** The same row in a 34-column tariff-line CSV. */
function tariffLineCsv(overrides: readonly Partial<Record<ComtradeColumn, string>>[]): Uint8Array {
  return finalCsv(overrides, TARIFF_LINE_COLUMNS);
}

const JAN_2024 = monthPeriod(monthOf(2024, 1));

describe("comtrade final records", () => {
  it("lists the 47 final columns once each", () => {
    assert.equal(COMTRADE_COLUMNS.length, 47);
    assert.equal(new Set(COMTRADE_COLUMNS).size, 47);
  });

  it("reads a monthly CSV with BOM and CRLF into flows in kg and USD with their line numbers", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-monthly.csv"), "final-monthly.csv");
    assert.equal(parsed.format, "comtrade");
    assert.equal(parsed.flows.length, 12);
    assert.deepEqual(
      parsed.flows.map((f) => f.line),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.deepEqual(parsed.flows[0], {
      line: 2,
      reporter: "CHN",
      partner: "USA",
      flow: "export",
      commodity: "pm-metal-hs6",
      code: "850511",
      period: JAN_2024,
      stat: "total",
      qtyKg: kg(612340),
      qtyOrig: 612340,
      qtyUnit: "kg",
      value: 31456789,
      currency: "USD",
      yoyPct: null,
      momPct: null,
      source: 0,
      preferred: null,
      record: null,
      note: null,
    } satisfies FlowRecord);
    assert.deepEqual(parsed.events, []);
  });

  it("maps partner codes 842, 276, 392, 410, 704 and 0 to ISO3, world included", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-monthly.csv"), "final-monthly.csv");
    assert.deepEqual(
      parsed.flows.slice(0, 6).map((f) => f.partner),
      ["USA", "DEU", "JPN", "KOR", "VNM", "WLD"],
    );
    assert.equal(parsed.flows[5]?.qtyKg, 10482316);
  });

  it("keeps a quoted comma in cmdDesc inside its cell and maps 280530 to re-metals", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-monthly.csv"), "final-monthly.csv");
    const metals = parsed.flows[6];
    assert.equal(metals?.line, 8);
    assert.equal(metals?.commodity, "re-metals");
    assert.equal(metals?.partner, "JPN");
    assert.equal(metals?.qtyKg, 189200);
    assert.equal(metals?.value, 9876543);
    assert.deepEqual(metals?.period, JAN_2024);
  });

  it("takes qty as kilograms when netWgt is empty and qtyUnitCode is 8", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-monthly.csv"), "final-monthly.csv");
    const row = parsed.flows[7];
    assert.equal(row?.line, 9);
    assert.equal(row?.qtyKg, 12500);
    assert.equal(row?.qtyOrig, 12500);
    assert.equal(row?.qtyUnit, "kg");
  });

  it("cites the file once, naming the reporter", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-monthly.csv"), "final-monthly.csv");
    assert.deepEqual(parsed.sources, [
      {
        kind: "comtrade",
        citation: "UN Comtrade, final data (plus), reporter CHN, final-monthly.csv",
        url: null,
        licence: "UN Comtrade terms of use",
        sourceDate: null,
      },
    ]);
    assert.ok(parsed.flows.every((f) => f.source === 0));
  });

  it("reads the tab-separated bulk file with a trailing empty column and no descriptions", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-bulk.txt"), "final-bulk.txt");
    assert.deepEqual(
      parsed.flows.map((f) => [f.line, f.partner, f.commodity, f.qtyKg, f.value]),
      [
        [2, "USA", "pm-metal-hs6", 655870, 33012345],
        [3, "JPN", "pm-metal-hs6", 301220, 16900111],
        [4, "WLD", "pm-metal-hs6", 11023456, 281234567],
        [5, "USA", "pm-metal-hs6", 702310, 35678901],
        [6, "JPN", "re-metals", 201450, 10456789],
      ],
    );
    assert.deepEqual(parsed.flows[4]?.period, monthPeriod(monthOf(2024, 5)));
    // No qtyUnitAbbr in the file: the unit is named from its code (8 = kg).
    assert.equal(parsed.flows[0]?.qtyUnit, "kg");
  });

  it("reads the gzipped bulk file exactly as the plain one", async () => {
    const plain = await parse(comtradeLoader, fixture("final-bulk.txt"), "final-bulk.txt");
    const gz = await parse(comtradeLoader, gzipSync(fixture("final-bulk.txt")), "final-bulk.txt");
    assert.deepEqual(gz, plain);
  });

  it("reads the JSON envelope, with each record's line and null descriptions", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-envelope.json"), "final-envelope.json");
    assert.deepEqual(
      parsed.flows.map((f) => [f.line, f.partner, f.commodity, f.qtyKg, f.value, f.currency]),
      [
        [2, "USA", "pm-metal-hs6", 598760, 30123456, "USD"],
        [3, "KOR", "pm-metal-hs6", 688900, 26789012, "USD"],
        [4, "WLD", "re-metals", 398500, 18765432, "USD"],
      ],
    );
    assert.deepEqual(parsed.flows[0]?.period, monthPeriod(monthOf(2024, 3)));
    assert.equal(
      parsed.sources[0]?.citation,
      "UN Comtrade, final data (plus), reporter CHN, final-envelope.json",
    );
  });

  it("reads an empty JSON envelope as no flows", async () => {
    const parsed = await parse(
      comtradeLoader,
      text('{"elapsedTime":"0.1 secs","count":0,"data":[],"error":""}'),
      "empty.json",
    );
    assert.deepEqual(parsed.flows, []);
    assert.equal(parsed.sources[0]?.citation, "UN Comtrade, final data (plus), empty.json");
  });

  it("reads an annual file as calendar-year periods", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-annual.csv"), "final-annual.csv");
    assert.deepEqual(
      parsed.flows.map((f) => [f.partner, f.commodity, f.qtyKg]),
      [
        ["USA", "pm-metal-hs6", 7456123],
        ["WLD", "pm-metal-hs6", 123456789],
        ["JPN", "re-metals", 2234567],
      ],
    );
    assert.deepEqual(parsed.flows[0]?.period, yearPeriod(2023));
    assert.deepEqual(parsed.flows[0]?.period, {
      kind: "year",
      start: monthOf(2023, 1),
      end: monthOf(2023, 12),
    });
  });

  it("matches column names regardless of case (CmdCode, PARTNERCODE, NetWgt)", async () => {
    const parsed = await parse(comtradeLoader, fixture("final-header-case.csv"), "final-header-case.csv");
    assert.deepEqual(
      parsed.flows.map((f) => [f.line, f.partner, f.commodity, f.qtyKg, f.value]),
      [
        [2, "VNM", "pm-metal-hs6", 798120, 21987654],
        [3, "USA", "re-metals", 14200, 1187654],
      ],
    );
  });

  it("matches snake_case column names (net_wgt, primary_value)", async () => {
    const csv = new TextDecoder().decode(finalCsv([{}]));
    const snake = csv.replace(/^[^\n]*/, (h) => h.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
    assert.match(snake, /^type_code,freq_code,/);
    const parsed = await parse(comtradeLoader, text(snake), "snake.csv");
    assert.equal(parsed.flows[0]?.qtyKg, 612340);
    assert.equal(parsed.flows[0]?.value, 31456789);
  });

  it("accepts monthly and annual rows in one file, each with its own period kind", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{}, { freqCode: "A", period: "2023" }]),
      "mixed.csv",
    );
    assert.deepEqual(
      parsed.flows.map((f) => f.period),
      [JAN_2024, yearPeriod(2023)],
    );
  });

  it("maps re-exports and re-imports, and lower-case flow codes", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ flowCode: "RX" }, { flowCode: "RM" }, { flowCode: "m" }]),
      "flows.csv",
    );
    assert.deepEqual(
      parsed.flows.map((f) => f.flow),
      ["re-export", "re-import", "import"],
    );
  });

  it("uses a mass in qty when netWgt is 0, the API's mark for a weight not compiled", async () => {
    const parsed = await parse(comtradeLoader, finalCsv([{ netWgt: "0", qty: "5000" }]), "zero.csv");
    assert.equal(parsed.flows[0]?.qtyKg, 5000);
  });

  it("reads a zero weight beside a positive value as an unknown quantity, not 0 kg", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ netWgt: "0", qty: "0", qtyUnitCode: "-1", qtyUnitAbbr: "N/A" }]),
      "zero.csv",
    );
    assert.deepEqual(
      [parsed.flows[0]?.qtyKg, parsed.flows[0]?.qtyOrig, parsed.flows[0]?.value],
      [null, 0, 31456789],
    );
  });

  it("keeps a zero weight when the value is zero too", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ netWgt: "0", qty: "0", primaryValue: "0" }]),
      "zero.csv",
    );
    assert.deepEqual([parsed.flows[0]?.qtyKg, parsed.flows[0]?.value], [0, 0]);
  });

  it("converts qty in tonnes when only qtyUnitAbbr names the unit", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ netWgt: "", qtyUnitCode: "", qtyUnitAbbr: "t", qty: "12.5" }]),
      "tonnes.csv",
    );
    assert.equal(parsed.flows[0]?.qtyKg, 12500);
    assert.equal(parsed.flows[0]?.qtyUnit, "t");
  });

  it("keeps a count quantity without kilograms when the row has a value", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ netWgt: "", qtyUnitCode: "5", qtyUnitAbbr: "u", qty: "40" }]),
      "count.csv",
    );
    const f = parsed.flows[0];
    assert.deepEqual([f?.qtyKg, f?.qtyOrig, f?.qtyUnit, f?.value], [null, 40, "u", 31456789]);
  });

  it("keeps a kg quantity without a value", async () => {
    const parsed = await parse(comtradeLoader, finalCsv([{ primaryValue: "", fobvalue: "" }]), "novalue.csv");
    assert.deepEqual(
      [parsed.flows[0]?.qtyKg, parsed.flows[0]?.value, parsed.flows[0]?.currency],
      [612340, null, null],
    );
  });

  it("keeps partner2 and mode-of-transport rows as given", async () => {
    const parsed = await parse(
      comtradeLoader,
      finalCsv([{ partner2Code: "392" }, { motCode: "2100", qty: "100", netWgt: "100" }]),
      "split.csv",
    );
    assert.deepEqual(
      parsed.flows.map((f) => [f.partner, f.qtyKg]),
      [
        ["USA", 612340],
        ["USA", 100],
      ],
    );
  });

  describe("detection", () => {
    const head = (name: string) =>
      new TextDecoder().decode(fixture(name)).split(/\r?\n/).slice(0, 12).join("\n");

    it("detects final CSV, bulk TXT, JSON and annual files by their first lines", () => {
      for (const name of [
        "final-monthly.csv",
        "final-bulk.txt",
        "final-envelope.json",
        "final-annual.csv",
        "final-header-case.csv",
        "error-envelope.json",
      ]) {
        assert.equal(comtradeLoader.detect(head(name), name), true, name);
        assert.equal(comtradeTariffLineLoader.detect(head(name), name), false, name);
      }
    });

    it("detects tariff-line files and leaves them to the tariff-line loader", () => {
      for (const name of ["tariff-line-chn.csv", "tariff-line-usa-deu.txt"]) {
        assert.equal(comtradeTariffLineLoader.detect(head(name), name), true, name);
        assert.equal(comtradeLoader.detect(head(name), name), false, name);
      }
    });

    it("detects Comtrade bulk files by their download name", () => {
      const name = "COMTRADE-FINAL-CM156202401H6[2024-03-05].txt.gz";
      assert.equal(comtradeLoader.detect("", `downloads/${name}`), true);
      assert.equal(
        comtradeTariffLineLoader.detect("", "COMTRADE-TARIFFLINE-CM156202401H6[2024-03-05].txt"),
        true,
      );
    });

    it("does not claim other formats", () => {
      const observations = "period,reporter,partner,flow,commodity,quantity_kg,value_usd";
      assert.equal(comtradeLoader.detect(observations, "obs.csv"), false);
      assert.equal(comtradeTariffLineLoader.detect(observations, "obs.csv"), false);
      assert.equal(comtradeLoader.detect('{"events":[]}', "e.json"), false);
    });
  });

  describe("bad input", () => {
    it("rejects an unknown partner code, naming the code", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{}, { partnerCode: "999" }]),
        "bad.csv",
        "bad.csv:3: partnerCode: unknown Comtrade country code 999",
      );
    });

    it("rejects an unknown reporter code, naming the code", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ reporterCode: "998" }]),
        "bad.csv",
        "bad.csv:2: reporterCode: unknown Comtrade country code 998",
      );
    });

    it("rejects a country code that is not a number", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ partnerCode: "USA" }]),
        "bad.csv",
        'bad.csv:2: partnerCode: "USA" is not a Comtrade country code',
      );
    });

    it("rejects a count unit without netWgt when the row has no value either", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([
          { netWgt: "", qtyUnitCode: "5", qtyUnitAbbr: "u", qty: "40", primaryValue: "", fobvalue: "" },
        ]),
        "bad.csv",
        'bad.csv:2: qtyUnitCode: unit not convertible to kg ("u"), and the row has no netWgt or primaryValue',
      );
    });

    it("rejects a row with neither a quantity nor a value", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ netWgt: "", qty: "", primaryValue: "" }]),
        "bad.csv",
        "bad.csv:2: primaryValue: is empty, and the row has no quantity in kg either",
      );
    });

    it("rejects a negative netWgt with its line number", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{}, { netWgt: "-1200" }]),
        "bad.csv",
        "bad.csv:3: netWgt: -1200 is negative",
      );
    });

    it("rejects a negative qty and a negative primaryValue", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ qty: "-5" }]),
        "bad.csv",
        "bad.csv:2: qty: -5 is negative",
      );
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ primaryValue: "-31456789" }]),
        "bad.csv",
        "bad.csv:2: primaryValue: -31456789 is negative",
      );
    });

    it("rejects a quantity in tonnes too large to hold in kilograms", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ netWgt: "", qtyUnitCode: "", qtyUnitAbbr: "t", qty: "1e308" }]),
        "bad.csv",
        "bad.csv:2: qty: 1e+308 t is too large",
      );
    });

    it("rejects a year period in a monthly row", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ period: "2024" }]),
        "bad.csv",
        'bad.csv:2: period: "2024" is a year, but freqCode is M (monthly): expected YYYYMM',
      );
    });

    it("rejects a month that does not exist", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ period: "202413" }]),
        "bad.csv",
        'bad.csv:2: period: "202413" is not a month (YYYYMM)',
      );
    });

    it("rejects a month period in an annual row", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ freqCode: "A", period: "202401" }]),
        "bad.csv",
        'bad.csv:2: period: "202401" is a month, but freqCode is A (annual): expected YYYY',
      );
    });

    it("rejects a frequency other than A or M", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ freqCode: "Q" }]),
        "bad.csv",
        'bad.csv:2: freqCode: "Q" is not A (annual) or M (monthly)',
      );
    });

    it("rejects domestic exports, which would count twice beside X", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ flowCode: "DX" }]),
        "bad.csv",
        'bad.csv:2: flowCode: "DX" is part of X and would count twice: use X, M, RX or RM',
      );
    });

    it("rejects an unknown flow code", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ flowCode: "Z" }]),
        "bad.csv",
        'bad.csv:2: flowCode: "Z" is not a flow code (X, M, RX or RM)',
      );
    });

    it("rejects a cmdCode that is not in the commodity catalogue", async () => {
      await rejectsWith(
        comtradeLoader,
        finalCsv([{ cmdCode: "850519" }]),
        "bad.csv",
        "bad.csv:2: cmdCode: 850519 is not in the commodity catalogue",
      );
    });

    it("rejects a file without a netWgt column", async () => {
      const columns = COMTRADE_COLUMNS.filter((c) => c !== "netWgt");
      await rejectsWith(
        comtradeLoader,
        finalCsv([{}], columns),
        "bad.csv",
        "bad.csv:1: missing column: netWgt",
      );
    });

    it("rejects a JSON envelope whose error is set", async () => {
      await rejectsWith(
        comtradeLoader,
        fixture("error-envelope.json"),
        "error-envelope.json",
        "error-envelope.json: error: Comtrade returned an error: Invalid reporterCode: 9999",
      );
    });

    it("names the record of a minified JSON response, where every record is on line 1", async () => {
      const record = (partnerCode: number) => ({
        ...BASE_ROW,
        partnerCode,
        reporterCode: 156,
        netWgt: 612340,
      });
      const json = JSON.stringify({
        elapsedTime: "0.3 secs",
        count: 2,
        data: [record(842), record(999)],
        error: "",
      });
      await rejectsWith(
        comtradeLoader,
        text(json),
        "min.json",
        "min.json:1: data[1].partnerCode: unknown Comtrade country code 999",
      );
    });

    it("rejects an envelope whose data is not a list of records", async () => {
      await rejectsWith(
        comtradeLoader,
        text('{"elapsedTime":"0 secs","count":1,"data":[{"cmdCode":{"x":1}}],"error":null}'),
        "nested.json",
        /^nested\.json: data\[0\]\.cmdCode: /,
      );
    });

    it("rejects text that is not JSON, and gzip that does not unpack", async () => {
      await rejectsWith(comtradeLoader, text('{"data": ['), "cut.json", /^cut\.json: not valid JSON: /);
      const gz = gzipSync(fixture("final-bulk.txt")).subarray(0, 40);
      await rejectsWith(comtradeLoader, gz, "cut.txt.gz", /^cut\.txt\.gz: not a readable gzip file: /);
    });
  });
});

describe("comtrade tariff-line records", () => {
  it("has the 34 columns: the final ones minus those tariff lines lack", () => {
    assert.equal(TARIFF_LINE_COLUMNS.length, 34);
    const expected = COMTRADE_COLUMNS.filter((c) => !(FINAL_ONLY_COLUMNS as readonly string[]).includes(c));
    assert.deepEqual([...TARIFF_LINE_COLUMNS].sort(), [...expected].sort());
  });

  it("maps China's tariff line 85051110 to re-magnets", async () => {
    const parsed = await parse(
      comtradeTariffLineLoader,
      fixture("tariff-line-chn.csv"),
      "tariff-line-chn.csv",
    );
    assert.equal(parsed.format, "comtrade-tariff-line");
    assert.deepEqual(
      parsed.flows.map((f) => [f.line, f.reporter, f.partner, f.flow, f.commodity, f.code, f.qtyKg, f.value]),
      [
        [2, "CHN", "USA", "export", "re-magnets", "85051110", 591230, 27345120],
        [3, "CHN", "DEU", "export", "re-magnets", "85051110", 698120, 31234987],
        [4, "CHN", "JPN", "export", "re-magnets", "85051110", 312450, 15678234],
        [5, "CHN", "WLD", "export", "re-magnets", "85051110", 5278314, 235678901],
      ],
    );
    assert.deepEqual(parsed.flows[0]?.period, monthPeriod(monthOf(2024, 7)));
    assert.deepEqual(parsed.sources, [
      {
        kind: "comtrade",
        citation: "UN Comtrade, tariff-line data, reporter CHN, tariff-line-chn.csv",
        url: null,
        licence: "UN Comtrade terms of use",
        sourceDate: null,
      },
    ]);
  });

  it("maps the US HTS line 8505110070 and a German CN8 line by the reporter's scheme", async () => {
    const parsed = await parse(
      comtradeTariffLineLoader,
      fixture("tariff-line-usa-deu.txt"),
      "tariff-line-usa-deu.txt",
    );
    assert.deepEqual(
      parsed.flows.map((f) => [
        f.line,
        f.reporter,
        f.partner,
        f.flow,
        f.commodity,
        f.code,
        f.qtyKg,
        f.period,
      ]),
      [
        [2, "USA", "CHN", "import", "re-magnets", "8505110070", 6890123, yearPeriod(2023)],
        [3, "DEU", "CHN", "import", "re-magnets", "85051110", 701450, monthPeriod(monthOf(2024, 7))],
      ],
    );
    assert.equal(
      parsed.sources[0]?.citation,
      "UN Comtrade, tariff-line data, reporters DEU, USA, tariff-line-usa-deu.txt",
    );
  });

  it("reads an HS6 line from a reporter that publishes tariff lines at HS6", async () => {
    const parsed = await parse(comtradeTariffLineLoader, tariffLineCsv([{ reporterCode: "392" }]), "jpn.csv");
    assert.equal(parsed.flows[0]?.commodity, "pm-metal-hs6");
  });

  it("rejects an 8-digit line under 850511 that is not the rare-earth magnet line", async () => {
    await rejectsWith(
      comtradeTariffLineLoader,
      tariffLineCsv([{ cmdCode: "85051190" }]),
      "tl.csv",
      "tl.csv:2: cmdCode: 85051190 is not in the commodity catalogue",
    );
  });

  it("rejects a national line of a reporter whose scheme the catalogue does not hold", async () => {
    await rejectsWith(
      comtradeTariffLineLoader,
      tariffLineCsv([{ reporterCode: "392", cmdCode: "85051110" }]),
      "tl.csv",
      "tl.csv:2: cmdCode: 85051110 is not in the commodity catalogue",
    );
  });

  it("rejects an unknown partner in a tariff-line file with its line number", async () => {
    await rejectsWith(
      comtradeTariffLineLoader,
      tariffLineCsv([{ cmdCode: "85051110" }, { cmdCode: "85051110", partnerCode: "999" }]),
      "tl.csv",
      "tl.csv:3: partnerCode: unknown Comtrade country code 999",
    );
  });
});

describe("comtrade loaders on arbitrary input", () => {
  const LOADERS = [comtradeLoader, comtradeTariffLineLoader];

  /** Parse succeeds or throws ImportError; anything else fails the property. */
  async function succeedsOrImportError(loader: Loader, bytes: Uint8Array): Promise<boolean> {
    try {
      await loader.parse(bytes, "fuzz.csv");
      return true;
    } catch (e) {
      if (e instanceof ImportError) return true;
      throw e;
    }
  }

  const mutation = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc
        .constantFrom(",", "\t", '"', "\n", "\r\n", "-", "0", "{", "}", "[", "]", ":", "e99", "\uFEFF")
        .map(text),
    ),
  });

  function mutate(bytes: Uint8Array, edits: readonly { at: number; remove: number; insert: Uint8Array }[]) {
    let out = bytes;
    for (const { at, remove, insert } of edits) {
      const i = at % (out.length + 1);
      const next = new Uint8Array(out.length - Math.min(remove, out.length - i) + insert.length);
      next.set(out.subarray(0, i));
      next.set(insert, i);
      next.set(out.subarray(Math.min(out.length, i + remove)), i + insert.length);
      out = next;
    }
    return out;
  }

  it("throws only ImportError on arbitrary bytes, gzip-looking or not", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LOADERS),
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.of(0x1f, 0x8b, ...b)),
        ),
        succeedsOrImportError,
      ),
    );
  });

  it("throws only ImportError on mutations of good files (CSV, TSV, gzip, JSON)", async () => {
    const goods = [
      fixture("final-monthly.csv"),
      fixture("final-bulk.txt"),
      gzipSync(fixture("final-bulk.txt")),
      fixture("final-envelope.json"),
      fixture("tariff-line-chn.csv"),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LOADERS),
        fc.constantFrom(...goods),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (loader, good, edits) => succeedsOrImportError(loader, mutate(good, edits)),
      ),
      { numRuns: 300 },
    );
  });

  it("throws only ImportError on arbitrary values in the cells a row is read from", async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => s.replace(/[,\n\r"]/g, "")),
      fc.double().map(String),
      fc.integer({ min: -1, max: 1000 }).map(String),
      fc.constantFrom(
        "",
        "0",
        "-1",
        "1e308",
        "9e307",
        "202413",
        "2024",
        "000000",
        "M",
        "A",
        "t",
        "kg",
        "8",
        "5",
      ),
    );
    const fields = COMTRADE_ROW_FIELDS;
    const row = fc.record(Object.fromEntries(fields.map((f) => [f, fc.option(cell, { nil: undefined })])));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LOADERS), row, (loader, o) =>
        succeedsOrImportError(loader, finalCsv([o as Partial<Record<ComtradeColumn, string>>])),
      ),
      { numRuns: 300 },
    );
  });

  it("never throws from detect", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (head, name) => {
        for (const loader of LOADERS) loader.detect(head, name);
      }),
    );
  });
});
