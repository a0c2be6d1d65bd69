import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { ImportError } from "../../../src/errors.js";
import { importError } from "../../helpers/errors.js";
import type { FlowRecord, ParsedFile } from "../../../src/data/sources/parsed.js";
import { usitcLoader } from "../../../src/data/sources/usitc.js";
import { xlsxHeadLine } from "../../../src/data/sources/xlsx.js";
import { monthOf } from "../../../src/units/month.js";
import { monthPeriod, yearPeriod } from "../../../src/units/period.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/usitc/${name}`, import.meta.url)));
const utf8 = (lines: readonly string[]) => new TextEncoder().encode(lines.join("\n"));
const month = (m: number) => monthPeriod(monthOf(2024, m));
const DESCRIPTION = "PERMANENT MAGNETS, OF METAL, RARE-EARTH, NESOI";
const LONG = "Data Type,HTS Number,Country,Year,Value";

async function parse(bytes: Uint8Array, file = "dataweb.csv"): Promise<ParsedFile> {
  return usitcLoader.parse(bytes, file);
}

/** An expected US import of re-magnets (HTS 8505110070) from China, with the given fields changed. */
function flow(over: { readonly [K in keyof FlowRecord]?: unknown }): FlowRecord {
  return {
    reporter: "USA",
    partner: "CHN",
    flow: "import",
    commodity: "re-magnets",
    code: "8505110070",
    stat: "total",
    qtyKg: null,
    qtyOrig: null,
    qtyUnit: null,
    value: null,
    currency: null,
    yoyPct: null,
    momPct: null,
    source: 0,
    preferred: null,
    record: null,
    note: null,
    ...over,
  } as FlowRecord; // plain numbers stand in for the Kg brand in expectations
}

async function dataWebWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Query Parameters").addRows([
    ["Query Parameters"],
    ["Trade Flow", "Imports for Consumption"],
    ["Data To Report", "Customs Value; First Unit of Quantity"],
    ["Years", "2024"],
  ]);
  const months = ["January", "February", "March"];
  wb.addWorksheet("Customs Value").addRows([
    ["Customs Value|Monthly Data"],
    ["Data Row Count: 2"],
    ["Data Type", "HTS Number", "Description", "Country", "Year", ...months],
    ["Customs Value", 8505110070, DESCRIPTION, "China", 2024, 20_000_000, 18_000_000, null],
    ["Customs Value", 8505110070, DESCRIPTION, "Vietnam", 2024, 500_000, 0, 750_000],
    ["Total", null, null, null, null, 20_500_000, 18_000_000, 750_000],
  ]);
  wb.addWorksheet("First Unit of Quantity").addRows([
    ["First Unit of Quantity|Monthly Data"],
    ["Data Row Count: 1"],
    ["Data Type", "HTS Number", "Description", "Country", "Year", "Quantity Description", ...months],
    ["First Unit of Quantity", 8505110070, DESCRIPTION, "China", 2024, "kilograms", 600_000, 540_000, null],
  ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("usitcLoader", () => {
  it("reads the long monthly layout below title lines, joining value and quantity, skipping totals", async () => {
    const parsed = await parse(fixture("monthly-long.csv"), "exports/monthly-long.csv");
    assert.equal(parsed.format, "usitc");
    assert.deepEqual(parsed.sources, [
      {
        kind: "official",
        citation: "USITC DataWeb, US imports (monthly-long.csv)",
        url: "https://dataweb.usitc.gov/",
        licence: null,
        sourceDate: null,
        exact: true,
      },
    ]);
    assert.deepEqual(parsed.flows, [
      flow({
        line: 5,
        period: month(1),
        value: 21_345_678,
        currency: "USD",
        qtyKg: 612_400,
        qtyOrig: 612_400,
        qtyUnit: "kilograms",
      }),
      flow({
        line: 7,
        partner: "JPN",
        period: month(1),
        value: 3_456_789,
        currency: "USD",
        qtyKg: 45_678,
        qtyOrig: 45_678,
        qtyUnit: "kilograms",
      }),
      flow({ line: 10, partner: "KOR", period: month(2), value: 1_234_567, currency: "USD" }),
      flow({ line: 11, partner: "PHL", period: month(2), qtyOrig: 9_000, qtyUnit: "number" }),
    ]);
  });

  it("reads the annual layout with one column per year", async () => {
    const parsed = await parse(fixture("annual-wide.csv"));
    const kgs = (n: number) => ({ qtyKg: n, qtyOrig: n, qtyUnit: "kilograms" });
    assert.deepEqual(parsed.flows, [
      flow({ line: 5, period: yearPeriod(2023), value: 250_123_456, currency: "USD", ...kgs(7_012_345) }),
      flow({ line: 5, period: yearPeriod(2024), value: 231_987_654, currency: "USD", ...kgs(6_789_012) }),
      flow({
        line: 6,
        partner: "DEU",
        period: yearPeriod(2023),
        value: 12_345_678,
        currency: "USD",
        ...kgs(150_000),
      }),
      flow({ line: 8, partner: "DEU", period: yearPeriod(2024), ...kgs(120_000) }),
    ]);
  });

  it("reads every measure sheet of a workbook and skips its query-parameters sheet", async () => {
    const bytes = await dataWebWorkbook();
    assert.equal(usitcLoader.detect(await xlsxHeadLine(bytes), "dataweb.xlsx"), true);
    const parsed = await parse(bytes, "dataweb.xlsx");
    const kgs = (n: number) => ({ qtyKg: n, qtyOrig: n, qtyUnit: "kilograms" });
    assert.deepEqual(parsed.flows, [
      flow({ line: 4, period: month(1), value: 20_000_000, currency: "USD", ...kgs(600_000) }),
      flow({ line: 4, period: month(2), value: 18_000_000, currency: "USD", ...kgs(540_000) }),
      flow({ line: 5, partner: "VNM", period: month(1), value: 500_000, currency: "USD" }),
      flow({ line: 5, partner: "VNM", period: month(2), value: 0, currency: "USD" }),
      flow({ line: 5, partner: "VNM", period: month(3), value: 750_000, currency: "USD" }),
    ]);
  });

  it("names the worksheet in errors from a workbook with several sheets", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Query Parameters").addRow(["Trade Flow", "Imports for Consumption"]);
    wb.addWorksheet("Customs Value").addRows([
      ["Data Type", "HTS Number", "Country", "2024"],
      ["Customs Value", "8505110070", "Atlantis", 5],
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    assert.equal(
      await importError(parse(bytes, "dataweb.xlsx")),
      'dataweb.xlsx (sheet "Customs Value"):2: Country: unknown country "Atlantis"',
    );
  });

  it("reports a missing column at the header's row of a worksheet below title rows", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Customs Value").addRows([
      ["Customs Value|Monthly Data"],
      ["Data Row Count: 1"],
      ["Data Type", "HTS Number", "Country", "January"],
      ["Customs Value", "8505110070", "China", 5],
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    assert.equal(await importError(parse(bytes, "dataweb.xlsx")), "dataweb.xlsx:3: missing column: Year");
  });

  it("reads columns named after measures when there is no Data Type column", async () => {
    const parsed = await parse(
      utf8([
        "HTS Number,Description,Country,Year,Month,General Customs Value,General First Unit of Quantity,Quantity Description",
        '8505110070,"MAGNETS, RARE-EARTH",Taiwan,2024,3,"1,500,000","40,000",kilograms',
      ]),
    );
    assert.deepEqual(parsed.flows, [
      flow({
        line: 2,
        partner: "TWN",
        period: month(3),
        value: 1_500_000,
        currency: "USD",
        qtyKg: 40_000,
        qtyOrig: 40_000,
        qtyUnit: "kilograms",
      }),
    ]);
  });

  it("reads a 6-digit HS line, and all countries (WLD) when there is no Country column", async () => {
    const parsed = await parse(
      utf8(["Data Type,HTS Number,Description,Year,Value", "Customs Value,850511,x,2024,7"]),
    );
    assert.deepEqual(parsed.flows, [
      flow({
        line: 2,
        partner: "WLD",
        commodity: "pm-metal-hs6",
        code: "850511",
        period: yearPeriod(2024),
        value: 7,
        currency: "USD",
      }),
    ]);
  });

  it("maps DataWeb country names to ISO3", async () => {
    // prettier-ignore
    const expected: Record<string, string> = {
      China: "CHN", Germany: "DEU", Japan: "JPN", Korea: "KOR", "Korea, South": "KOR", Vietnam: "VNM",
      Philippines: "PHL", Thailand: "THA", Taiwan: "TWN", Mexico: "MEX", Canada: "CAN",
      "United Kingdom": "GBR", "Hong Kong": "HKG", Malaysia: "MYS", India: "IND", Russia: "RUS", Burma: "MMR",
      "Czech Republic": "CZE", Turkey: "TUR", "Türkiye": "TUR", Curacao: "CUW", "Greenland - GL - GRL": "GRL",
      France: "FRA", Austria: "AUT", Slovenia: "SVN",
    };
    const names = Object.keys(expected);
    const rows = names.map((n, i) => `Customs Value,8505110070,"${n}",${2000 + i},1`);
    const parsed = await parse(utf8([LONG, ...rows]));
    assert.deepEqual(Object.fromEntries(parsed.flows.map((f, i) => [names[i], f.partner])), expected);
  });

  describe("rejects bad input with file:line: field: reason", () => {
    const cases: [name: string, lines: string[], message: string][] = [
      [
        "an unknown country, naming it",
        [LONG, "Customs Value,8505110070,Atlantis,2024,1"],
        'dataweb.csv:2: Country: unknown country "Atlantis"',
      ],
      [
        "an export measure",
        [LONG, "FAS Value,8505110070,China,2024,1"],
        'dataweb.csv:2: Data Type: unknown measure "FAS Value": expected a customs value ' +
          "(General Customs Value, Imports for Consumption) or First Unit of Quantity",
      ],
      [
        "an HTS line that is not in the commodity catalogue",
        [LONG, "Customs Value,8505190000,China,2024,1"],
        'dataweb.csv:2: HTS Number: "8505190000" is not in the commodity catalogue',
      ],
      [
        "a negative value, with its line number",
        [LONG, "Customs Value,8505110070,China,2024,1", "Customs Value,8505110070,Japan,2024,-5"],
        "dataweb.csv:3: Value: -5 is negative",
      ],
      [
        "a second value for the same line, country and period",
        [LONG, "Customs Value,8505110070,China,2024,1", "General Customs Value,8505110070,China,2024,2"],
        "dataweb.csv:3: Value: duplicate value for HTS 8505110070, CHN, 2024 (first at dataweb.csv:2)",
      ],
      [
        "a quantity without a unit",
        [LONG, "First Unit of Quantity,8505110070,China,2024,5"],
        "dataweb.csv:2: Quantity Description: column missing: First Unit of Quantity needs its unit",
      ],
      [
        "a month that is not one",
        [`${LONG},Month`.replace("Value,Month", "Month,Value"), "Customs Value,8505110070,China,2024,13,5"],
        'dataweb.csv:2: Month: "13" is not a month (1–12 or a month name)',
      ],
      [
        "a missing HTS Number column",
        ["Data Type,Country,Year,Value", "Customs Value,China,2024,1"],
        "dataweb.csv:1: missing column: HTS Number",
      ],
      [
        "a missing Year column in the long layout, at the header's line below title lines",
        [
          "Customs Value|Monthly Data",
          "",
          "Data Type,HTS Number,Country,Value",
          "Customs Value,8505110070,China,1",
        ],
        "dataweb.csv:3: missing column: Year",
      ],
      [
        "an implausibly large quantity, which would overflow in kg",
        [
          "Data Type,HTS Number,Country,Quantity Description,2024",
          "First Unit of Quantity,8505110070,China,tons,1e306",
        ],
        "dataweb.csv:2: 2024: 1e306 is implausibly large",
      ],
      [
        "a year-to-date column",
        ["Data Type,HTS Number,Country,2024,2025 YTD", "Customs Value,8505110070,China,1,2"],
        "dataweb.csv:1: 2025 YTD: is not a year column (year-to-date columns are not read)",
      ],
      [
        "a file with no value or quantity figures",
        [LONG, "Calculated Duties,8505110070,China,2024,1"],
        "dataweb.csv: no customs value or first unit of quantity figures in the file",
      ],
    ];
    for (const [name, lines, message] of cases) {
      it(name, async () => assert.equal(await importError(parse(utf8(lines))), message));
    }
  });

  it("detects DataWeb headers, also below title lines, and not the HTS schedule or GACC", () => {
    assert.equal(usitcLoader.detect("Data Type,HTS Number,Description,Country,2023,2024", "a.csv"), true);
    assert.equal(
      usitcLoader.detect('"General Customs Value|Annual Data"\n\n"HTS Number","Country","Year"', "a"),
      true,
    );
    assert.equal(
      usitcLoader.detect("HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty", "a"),
      false,
    );
    assert.equal(usitcLoader.detect("数据年月,商品编码,贸易伙伴名称,第一数量", "a.csv"), false);
  });

  describe("properties", () => {
    const onlyImportErrors = async (bytes: Uint8Array, file: string) => {
      try {
        await usitcLoader.parse(bytes, file);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
      }
    };

    it("parses arbitrary bytes or throws ImportError, never anything else", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), (b) => onlyImportErrors(b, "x.csv")),
      );
    });

    it("parses arbitrary rows under a valid header or throws ImportError", async () => {
      const header = fc.constantFrom(
        "Data Type,HTS Number,Country,Year,Month,Quantity Description,Value",
        "Data Type,HTS Number,Country,Quantity Description,2023,2024",
        "Data Type,HTS Number,Country,Year,January,February",
        "HTS Number,Country,Year,General Customs Value,First Unit of Quantity,Quantity Description",
      );
      const cell = fc.oneof(
        fc.string(),
        fc.constantFrom(
          "Customs Value",
          "First Unit of Quantity",
          "8505110070",
          "China",
          "2024",
          "13",
          "kilograms",
        ),
        fc.constantFrom("Total", "-1", "1,234", "", "1e306", "tons", "February"),
      );
      const rows = fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 });
      await fc.assert(
        fc.asyncProperty(header, rows, (h, rs) => {
          const text = [
            "Title line",
            h,
            ...rs.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")),
          ];
          return onlyImportErrors(utf8(text), "x.csv");
        }),
      );
    });

    it("parses a damaged .xlsx workbook or throws ImportError", async () => {
      const good = await dataWebWorkbook();
      const damage = fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      });
      await fc.assert(
        fc.asyncProperty(damage, (edits) => {
          const bytes = good.slice();
          for (const [at, byte] of edits) bytes[at] = byte;
          return onlyImportErrors(bytes, "x.xlsx");
        }),
        { numRuns: 60 },
      );
    });
  });
});
