import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { ImportError } from "../../../src/errors.js";
import { importError } from "../../helpers/errors.js";
import { gaccLoader } from "../../../src/data/sources/gacc.js";
import type { FlowRecord, ParsedFile } from "../../../src/data/sources/parsed.js";
import { isXlsx, xlsxHeadLine } from "../../../src/data/sources/xlsx.js";
import { monthOf } from "../../../src/units/month.js";
import { monthPeriod } from "../../../src/units/period.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/gacc/${name}`, import.meta.url)));
const utf8 = (lines: readonly string[]) => new TextEncoder().encode(lines.join("\n"));
const JULY_2024 = monthPeriod(monthOf(2024, 7));
const HEADER = "数据年月,商品编码,贸易伙伴编码,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,美元";

async function parse(bytes: Uint8Array, file = "export.csv"): Promise<ParsedFile> {
  return gaccLoader.parse(bytes, file);
}

/** An expected CHN export of re-magnets in July 2024 from line 2, with the given fields changed. */
function flow(over: { readonly [K in keyof FlowRecord]?: unknown }): FlowRecord {
  return {
    line: 2,
    reporter: "CHN",
    partner: "USA",
    flow: "export",
    commodity: "re-magnets",
    code: "85051110",
    period: JULY_2024,
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

describe("gaccLoader", () => {
  it("reads a UTF-8 export with BOM, CRLF and quoted commas into one flow per row", async () => {
    const parsed = await parse(fixture("export-utf8-bom.csv"), "export-utf8-bom.csv");
    assert.equal(parsed.format, "gacc");
    assert.deepEqual(parsed.sources, [
      {
        kind: "customs",
        citation: "General Administration of Customs of China, online query export (export-utf8-bom.csv)",
        url: "http://stats.customs.gov.cn/",
        licence: null,
        sourceDate: null,
      },
    ]);
    assert.deepEqual(parsed.flows, [
      flow({ qtyKg: 612_345, qtyOrig: 612_345, qtyUnit: "千克", value: 24_493_800, currency: "USD" }),
      flow({
        line: 3,
        partner: "DEU",
        qtyKg: 801_200,
        qtyOrig: 801_200,
        qtyUnit: "千克",
        value: 30_045_000,
        currency: "USD",
      }),
      flow({
        line: 4,
        partner: "JPN",
        qtyKg: 120_000,
        qtyOrig: 120,
        qtyUnit: "吨",
        value: 5_100_000,
        currency: "USD",
      }),
      flow({ line: 5, partner: "TWN", qtyKg: 45_000, qtyOrig: 45_000, qtyUnit: "千克" }),
      flow({
        line: 6,
        partner: "WLD",
        commodity: "pm-metal-hs6",
        code: "850511",
        qtyKg: 11_199_000,
        qtyOrig: 11_199_000,
        qtyUnit: "千克",
        value: 198_765_432,
        currency: "USD",
      }),
    ]);
    assert.deepEqual(parsed.events, []);
  });

  it("reads a GB18030 export with a 进出口 column, CNY values and a partner given only by code", async () => {
    const parsed = await parse(fixture("import-gb18030.csv"), "import-gb18030.csv");
    const june = monthPeriod(monthOf(2024, 6));
    const common = { flow: "import", period: june, currency: "CNY", qtyUnit: "千克" } as const;
    assert.deepEqual(parsed.flows, [
      flow({
        ...common,
        partner: "MMR",
        commodity: "re-compounds-other",
        code: "284690",
        qtyKg: 3_650_000,
        qtyOrig: 3_650_000,
        value: 812_340_000,
      }),
      flow({
        ...common,
        line: 3,
        partner: "LAO",
        commodity: "re-compounds-other",
        code: "284690",
        qtyKg: 410_500,
        qtyOrig: 410_500,
        value: 60_120_500,
      }),
      flow({ ...common, line: 4, partner: "JPN", qtyKg: 8_420, qtyOrig: 8_420, value: 9_876_500 }),
    ]);
  });

  it("takes the flow from 出口 or 进口 in the file name when there is no 进出口 column", async () => {
    const bytes = fixture("export-utf8-bom.csv");
    assert.equal((await parse(bytes, "data/稀土永磁 出口 202407.csv")).flows[0]?.flow, "export");
    assert.equal((await parse(bytes, "data/稀土永磁 进口 202407.csv")).flows[0]?.flow, "import");
    assert.equal(
      (await parse(bytes, "data/稀土永磁 进口 202407.csv")).sources[0]?.citation,
      "General Administration of Customs of China, online query export (稀土永磁 进口 202407.csv)",
    );
  });

  it("rejects a file whose flow is neither in a column nor in the file name", async () => {
    assert.equal(
      await importError(parse(fixture("export-utf8-bom.csv"), "稀土永磁进出口.csv")),
      "稀土永磁进出口.csv:1: 进出口: no 进出口 column, and the file name does not say which flow: " +
        "put 出口 (export) or 进口 (import) in it",
    );
  });

  it("reads the first worksheet of an .xlsx export, numbers as numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("数据");
    ws.addRow([
      "数据年月",
      "商品编码",
      "商品名称",
      "贸易伙伴编码",
      "贸易伙伴名称",
      "第一数量",
      "第一计量单位",
      "美元",
    ]);
    ws.addRow([202407, 85051110, "稀土永磁体,钕铁硼", 502, "美国", 612345, "千克", 24493800]);
    ws.addRow([202407, 85051110, null, 133, "韩国", 98765.5, "千克", null]);
    wb.addWorksheet("说明").addRow(["数据来源", "海关总署"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    assert.equal(isXlsx(bytes), true);
    assert.equal(gaccLoader.detect((await xlsxHeadLine(bytes)).split("\n")[0] ?? "", "magnets.xlsx"), true);

    const parsed = await parse(bytes, "magnets-export.xlsx");
    assert.deepEqual(parsed.flows, [
      flow({ qtyKg: 612_345, qtyOrig: 612_345, qtyUnit: "千克", value: 24_493_800, currency: "USD" }),
      flow({ line: 3, partner: "KOR", qtyKg: 98_765.5, qtyOrig: 98_765.5, qtyUnit: "千克" }),
    ]);
  });

  it("sums rows that differ only in 贸易方式 and 注册地, noting the sum", async () => {
    const parsed = await parse(fixture("breakdown-export.csv"), "breakdown-export.csv");
    assert.deepEqual(parsed.flows, [
      flow({
        qtyKg: 612_345,
        qtyOrig: 612_345,
        qtyUnit: "千克",
        value: 24_493_800,
        currency: "USD",
        note: "sum of 3 rows by 贸易方式/注册地",
      }),
      flow({
        line: 5,
        partner: "DEU",
        qtyKg: 801_200,
        qtyOrig: 801_200,
        qtyUnit: "千克",
        value: 30_045_000,
        currency: "USD",
      }),
    ]);
  });

  it("rejects a breakdown row that repeats an earlier one", async () => {
    const head = "数据年月,商品编码,贸易伙伴名称,贸易方式名称,注册地名称,第一数量,第一计量单位,美元";
    const row = "202407,85051110,美国,一般贸易,浙江省,100,千克,4000";
    assert.equal(
      await importError(parse(utf8([head, row, row]))),
      "export.csv:3: duplicate row: line 2 has the same month, code, partner, flow and 贸易方式名称, 注册地名称",
    );
  });

  it("uses the second quantity when the first unit is not a mass but the second is", async () => {
    const parsed = await parse(utf8([HEADER, '202407,85051110,502,美国,1200,个,"3,500",千克,14000']));
    assert.deepEqual(parsed.flows, [
      flow({ qtyKg: 3_500, qtyOrig: 3_500, qtyUnit: "千克", value: 14_000, currency: "USD" }),
    ]);
  });

  it("maps every partner name of the documented table to ISO3, and 总值/合计 to WLD", async () => {
    // prettier-ignore
    const expected: Record<string, string> = {
      美国: "USA", 德国: "DEU", 日本: "JPN", 韩国: "KOR", 越南: "VNM", 印度: "IND", 墨西哥: "MEX", 泰国: "THA",
      意大利: "ITA", 法国: "FRA", 英国: "GBR", 荷兰: "NLD", 西班牙: "ESP", 波兰: "POL", 捷克: "CZE", 奥地利: "AUT",
      比利时: "BEL", 瑞典: "SWE", 巴西: "BRA", 加拿大: "CAN", 澳大利亚: "AUS", 马来西亚: "MYS", 新加坡: "SGP",
      印度尼西亚: "IDN", 菲律宾: "PHL", 土耳其: "TUR", 俄罗斯联邦: "RUS", 中国台湾: "TWN", 中国香港: "HKG",
      中国澳门: "MAC", 匈牙利: "HUN", 斯洛伐克: "SVK", 罗马尼亚: "ROU", 丹麦: "DNK", 芬兰: "FIN", 爱尔兰: "IRL",
      葡萄牙: "PRT", 瑞士: "CHE", 以色列: "ISR", 阿联酋: "ARE", 南非: "ZAF", 缅甸: "MMR", 老挝: "LAO",
      巴基斯坦: "PAK", 孟加拉国: "BGD", 斯里兰卡: "LKA", 柬埔寨: "KHM", 新西兰: "NZL", 乌克兰: "UKR", 埃及: "EGY",
      摩洛哥: "MAR", 沙特阿拉伯: "SAU", 阿根廷: "ARG", 智利: "CHL", 哥伦比亚: "COL", 秘鲁: "PER", 挪威: "NOR",
      希腊: "GRC", 斯洛文尼亚: "SVN", 爱沙尼亚: "EST", 立陶宛: "LTU", 拉脱维亚: "LVA", 保加利亚: "BGR",
      克罗地亚: "HRV", 卢森堡: "LUX", 塞尔维亚: "SRB", 哈萨克斯坦: "KAZ", 蒙古: "MNG", 伊朗: "IRN", 朝鲜: "PRK",
      总值: "WLD", 合计: "WLD",
    };
    const names = Object.keys(expected);
    const rows = names.map(
      (n, i) => `2024${String((i % 12) + 1).padStart(2, "0")},85051110,,${n},1,千克,,,1`,
    );
    const parsed = await parse(utf8([HEADER, ...rows]));
    assert.deepEqual(Object.fromEntries(parsed.flows.map((f, i) => [names[i], f.partner])), expected);
  });

  it("resolves GACC partner codes when the name is empty, including old and new Central Asian codes", async () => {
    const codes = ["502", "304", "116", "133", "141", "110", "143", "344", "145", "341"];
    const rows = codes.map((code, i) => `2024${String(i + 1).padStart(2, "0")},85051110,${code},,1,千克,,,1`);
    const parsed = await parse(utf8([HEADER, ...rows]));
    assert.deepEqual(
      parsed.flows.map((f) => f.partner),
      ["USA", "DEU", "JPN", "KOR", "VNM", "HKG", "TWN", "RUS", "KAZ", "KAZ"],
    );
  });

  describe("rejects bad input with file:line: field: reason", () => {
    const cases: [name: string, lines: string[], message: string][] = [
      [
        "an unknown partner, naming it",
        [HEADER, "202407,85051110,999,火星,100,千克,,,4000"],
        'export.csv:2: 贸易伙伴名称: unknown partner "火星" (code 999)',
      ],
      [
        "an unknown partner code when the name is empty",
        [HEADER, "202407,85051110,998,,100,千克,,,4000"],
        'export.csv:2: 贸易伙伴编码: unknown partner code "998"',
      ],
      [
        "a quantity in a unit that is not a mass, with no mass in the second quantity",
        [HEADER, "202407,85051110,502,美国,1200,个,,,4000"],
        'export.csv:2: 第一计量单位: unit "个" not convertible to kg',
      ],
      [
        "a negative quantity, with its line number",
        [HEADER, "202407,85051110,502,美国,100,千克,,,4000", "202407,85051110,304,德国,-5,千克,,,4000"],
        "export.csv:3: 第一数量: -5 is negative",
      ],
      [
        "an implausibly large quantity, which would overflow in kg",
        [HEADER, "202407,85051110,502,美国,1e306,吨,,,4000"],
        "export.csv:2: 第一数量: 1e306 is implausibly large",
      ],
      [
        "a 数据年月 that is not YYYYMM",
        [HEADER, "202413,85051110,502,美国,100,千克,,,4000"],
        'export.csv:2: 数据年月: "202413" is not a month (YYYYMM)',
      ],
      [
        "a missing 数据年月 column",
        [HEADER.replace("数据年月,", ""), "85051110,502,美国,100,千克,,,4000"],
        "export.csv:1: missing column: 数据年月",
      ],
      [
        "a file with neither 美元 nor 人民币",
        [HEADER.replace(",美元", ",港元"), "202407,85051110,502,美国,100,千克,,,4000"],
        "export.csv:1: missing column: 美元 or 人民币",
      ],
      [
        "a code that is not in the commodity catalogue",
        [HEADER, "202407,28053011,502,美国,100,千克,,,4000"],
        'export.csv:2: 商品编码: "28053011" is not in the commodity catalogue',
      ],
      [
        "a row with neither quantity nor value",
        [HEADER, "202407,85051110,502,美国,,千克,,,"],
        "export.csv:2: 第一数量: the row has no figure (第一数量 and 美元 are empty)",
      ],
      [
        "a 进出口 cell that is not a flow",
        [
          "数据年月,进出口,商品编码,贸易伙伴名称,第一数量,第一计量单位,美元",
          "202407,转口,85051110,美国,1,千克,1",
        ],
        'export.csv:2: 进出口: "转口" is not 出口, 进口, 复出口 or 复进口',
      ],
    ];
    for (const [name, lines, message] of cases) {
      it(name, async () => assert.equal(await importError(parse(utf8(lines))), message));
    }

    it("a damaged .xlsx file", async () => {
      const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
      assert.match(
        await importError(parse(bytes, "x.xlsx")),
        /^x\.xlsx: not readable as an \.xlsx workbook: /,
      );
    });
  });

  it("detects GACC headers and not others", () => {
    assert.equal(gaccLoader.detect(HEADER, "a.csv"), true);
    assert.equal(gaccLoader.detect("数据年月,商品编码,贸易伙伴名称,第一数量", "a.csv"), true);
    assert.equal(gaccLoader.detect("Data Type,HTS Number,Description,Country,2024", "a.csv"), false);
    assert.equal(gaccLoader.detect("period,reporter,partner,commodity,quantity_kg", "a.csv"), false);
  });

  describe("properties", () => {
    const onlyImportErrors = async (bytes: Uint8Array, file: string) => {
      try {
        await gaccLoader.parse(bytes, file);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
      }
    };

    it("parses arbitrary bytes or throws ImportError, never anything else", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), (b) => onlyImportErrors(b, "出口.csv")),
      );
    });

    it("parses arbitrary rows under a valid header or throws ImportError", async () => {
      const cell = fc.oneof(
        fc.string(),
        fc.constantFrom("202407", "85051110", "千克", "吨", "个", "美国", "502", "-1", "1,234", "", "1e306"),
      );
      const rows = fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 6 });
      await fc.assert(
        fc.asyncProperty(rows, (rs) => {
          const text = [HEADER, ...rs.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(","))];
          return onlyImportErrors(utf8(text), "出口.csv");
        }),
      );
    });

    it("parses a damaged .xlsx workbook or throws ImportError", async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet("数据").addRows([
        ["数据年月", "商品编码", "贸易伙伴名称", "第一数量", "第一计量单位", "美元"],
        [202407, 85051110, "美国", 612345, "千克", 24493800],
      ]);
      const good = new Uint8Array(await wb.xlsx.writeBuffer());
      const damage = fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      });
      await fc.assert(
        fc.asyncProperty(damage, (edits) => {
          const bytes = good.slice();
          for (const [at, byte] of edits) bytes[at] = byte;
          return onlyImportErrors(bytes, "出口.xlsx");
        }),
        { numRuns: 60 },
      );
    });
  });
});
