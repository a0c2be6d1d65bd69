/**
 * China customs (GACC) exports from the online query platform (海关统计数据在线查询,
 * stats.customs.gov.cn), as CSV (UTF-8 with or without BOM, or GB18030) or as .xlsx (first worksheet).
 *
 * The header is the first line. Columns, matched by name in any order:
 * - 数据年月 — `YYYYMM` (or `YYYY-MM`): one month per row.
 * - 商品编码 — an 8-digit China tariff line (or a 6-digit HS code); it must be in the commodity catalogue.
 * - 贸易伙伴名称 and/or 贸易伙伴编码 — the partner by Chinese name, or by GACC's numeric country code
 *   when the name is absent or not in our table. 总值/合计/总计 mean the world total (WLD).
 * - 第一数量 + 第一计量单位, optional 第二数量 + 第二计量单位 — the first quantity is used when its unit is
 *   a mass, else the second when its unit is; a quantity in neither mass unit is an error.
 * - 美元 (value in USD) or 人民币 (value in CNY); with both, 美元 is read and 人民币 ignored.
 * - Optional 进出口 (or 进出口标志): 出口 / 进口 (复出口 / 复进口) per row. The platform's export has no such
 *   column — the flow is chosen in the query — so without it the file name must say 出口 (or export)
 *   or 进口 (or import), and not both ("进出口" is ambiguous).
 * - 贸易方式 / 注册地 (code or name columns): a finer grouping; rows that differ only in them are summed
 *   into one flow per month × code × partner × flow, with a note saying so.
 * - Anything else (商品名称 …) is ignored. The header must be the first line (no title lines).
 *
 * Reporter is CHN. `qtyOrig`/`qtyUnit` are the quantity that was converted to kg, as the file gave it.
 * @module
 * @example
 * const parsed = await gaccLoader.parse(bytes, "2024-07 稀土永磁 出口.csv");
 * parsed.flows[0]?.partner; // "USA" for 美国 / 502
 */
import { commodityForCode, type Commodity } from "../../ref/commodities.js";
import { parseCompactMonth, parseMonth } from "../../units/month.js";
import { monthPeriod } from "../../units/period.js";
import { kg, toKg, type Kg } from "../../units/quantity.js";
import { ImportError } from "../../errors.js";
import type { Flow, FlowRecord, Loader, ParsedFile, SourceRecord } from "./parsed.js";
import { decodeText, readTable, requireColumns, RowReader, type Table, type TableRow } from "./table.js";
import { isXlsx, readXlsxTable } from "./xlsx.js";

/**
 * GACC country codes (海关统计国别(地区)代码) and Chinese names → ISO3. Codes as listed in the customs
 * code table; 145–149 are the current codes of the Central Asian states and 341/342/345/346/348 their
 * older ones. Names carry the variants the platform and older tables use.
 */
const PARTNERS: ReadonlyArray<readonly [code: number | null, iso3: string, names: readonly string[]]> = [
  // Asia
  [101, "AFG", ["阿富汗"]],
  [102, "BHR", ["巴林"]],
  [103, "BGD", ["孟加拉国", "孟加拉"]],
  [104, "BTN", ["不丹"]],
  [105, "BRN", ["文莱"]],
  [106, "MMR", ["缅甸"]],
  [107, "KHM", ["柬埔寨"]],
  [108, "CYP", ["塞浦路斯"]],
  [109, "PRK", ["朝鲜"]],
  [110, "HKG", ["中国香港", "香港"]],
  [111, "IND", ["印度"]],
  [112, "IDN", ["印度尼西亚", "印尼"]],
  [113, "IRN", ["伊朗"]],
  [114, "IRQ", ["伊拉克"]],
  [115, "ISR", ["以色列"]],
  [116, "JPN", ["日本"]],
  [117, "JOR", ["约旦"]],
  [118, "KWT", ["科威特"]],
  [119, "LAO", ["老挝"]],
  [120, "LBN", ["黎巴嫩"]],
  [121, "MAC", ["中国澳门", "澳门"]],
  [122, "MYS", ["马来西亚"]],
  [123, "MDV", ["马尔代夫"]],
  [124, "MNG", ["蒙古"]],
  [125, "NPL", ["尼泊尔"]],
  [126, "OMN", ["阿曼"]],
  [127, "PAK", ["巴基斯坦"]],
  [128, "PSE", ["巴勒斯坦"]],
  [129, "PHL", ["菲律宾"]],
  [130, "QAT", ["卡塔尔"]],
  [131, "SAU", ["沙特阿拉伯"]],
  [132, "SGP", ["新加坡"]],
  [133, "KOR", ["韩国"]],
  [134, "LKA", ["斯里兰卡"]],
  [135, "SYR", ["叙利亚"]],
  [136, "THA", ["泰国"]],
  [137, "TUR", ["土耳其"]],
  [138, "ARE", ["阿联酋", "阿拉伯联合酋长国"]],
  [139, "YEM", ["也门", "也门共和国"]],
  [141, "VNM", ["越南"]],
  // Goods China re-imports: the platform lists China itself as a partner.
  [142, "CHN", ["中国"]],
  [143, "TWN", ["中国台湾", "台湾", "台澎金马关税区"]],
  [144, "TLS", ["东帝汶"]],
  [145, "KAZ", ["哈萨克斯坦"]],
  [146, "KGZ", ["吉尔吉斯斯坦"]],
  [147, "TJK", ["塔吉克斯坦"]],
  [148, "TKM", ["土库曼斯坦"]],
  [149, "UZB", ["乌兹别克斯坦"]],
  // Africa
  [201, "DZA", ["阿尔及利亚"]],
  [202, "AGO", ["安哥拉"]],
  [203, "BEN", ["贝宁"]],
  [204, "BWA", ["博茨瓦那"]],
  [205, "BDI", ["布隆迪"]],
  [206, "CMR", ["喀麦隆"]],
  [208, "CPV", ["佛得角"]],
  [209, "CAF", ["中非共和国", "中非"]],
  [211, "TCD", ["乍得"]],
  [212, "COM", ["科摩罗"]],
  [213, "COG", ["刚果", "刚果(布)"]],
  [214, "DJI", ["吉布提"]],
  [215, "EGY", ["埃及"]],
  [216, "GNQ", ["赤道几内亚"]],
  [217, "ETH", ["埃塞俄比亚"]],
  [218, "GAB", ["加蓬"]],
  [219, "GMB", ["冈比亚"]],
  [220, "GHA", ["加纳"]],
  [221, "GIN", ["几内亚"]],
  [222, "GNB", ["几内亚(比绍)", "几内亚比绍"]],
  [223, "CIV", ["科特迪瓦"]],
  [224, "KEN", ["肯尼亚"]],
  [225, "LBR", ["利比里亚"]],
  [226, "LBY", ["利比亚"]],
  [227, "MDG", ["马达加斯加"]],
  [228, "MWI", ["马拉维"]],
  [229, "MLI", ["马里"]],
  [230, "MRT", ["毛里塔尼亚"]],
  [231, "MUS", ["毛里求斯"]],
  [232, "MAR", ["摩洛哥"]],
  [233, "MOZ", ["莫桑比克"]],
  [234, "NAM", ["纳米比亚"]],
  [235, "NER", ["尼日尔"]],
  [236, "NGA", ["尼日利亚"]],
  [237, "REU", ["留尼汪"]],
  [238, "RWA", ["卢旺达"]],
  [239, "STP", ["圣多美和普林西比"]],
  [240, "SEN", ["塞内加尔"]],
  [241, "SYC", ["塞舌尔"]],
  [242, "SLE", ["塞拉利昂"]],
  [243, "SOM", ["索马里"]],
  [244, "ZAF", ["南非"]],
  [245, "ESH", ["西撒哈拉"]],
  [246, "SDN", ["苏丹"]],
  [247, "TZA", ["坦桑尼亚"]],
  [248, "TGO", ["多哥"]],
  [249, "TUN", ["突尼斯"]],
  [250, "UGA", ["乌干达"]],
  [251, "BFA", ["布基纳法索"]],
  [252, "COD", ["民主刚果", "刚果(金)"]],
  [253, "ZMB", ["赞比亚"]],
  [254, "ZWE", ["津巴布韦"]],
  [255, "LSO", ["莱索托"]],
  [257, "SWZ", ["斯威士兰", "埃斯瓦蒂尼"]],
  [258, "ERI", ["厄立特里亚"]],
  [259, "MYT", ["马约特", "马约特岛"]],
  // Europe
  [301, "BEL", ["比利时"]],
  [302, "DNK", ["丹麦"]],
  [303, "GBR", ["英国"]],
  [304, "DEU", ["德国"]],
  [305, "FRA", ["法国"]],
  [306, "IRL", ["爱尔兰"]],
  [307, "ITA", ["意大利"]],
  [308, "LUX", ["卢森堡"]],
  [309, "NLD", ["荷兰"]],
  [310, "GRC", ["希腊"]],
  [311, "PRT", ["葡萄牙"]],
  [312, "ESP", ["西班牙"]],
  [313, "ALB", ["阿尔巴尼亚"]],
  [314, "AND", ["安道尔"]],
  [315, "AUT", ["奥地利"]],
  [316, "BGR", ["保加利亚"]],
  [318, "FIN", ["芬兰"]],
  [320, "GIB", ["直布罗陀"]],
  [321, "HUN", ["匈牙利"]],
  [322, "ISL", ["冰岛"]],
  [323, "LIE", ["列支敦士登"]],
  [324, "MLT", ["马耳他"]],
  [325, "MCO", ["摩纳哥"]],
  [326, "NOR", ["挪威"]],
  [327, "POL", ["波兰"]],
  [328, "ROU", ["罗马尼亚"]],
  [329, "SMR", ["圣马力诺"]],
  [330, "SWE", ["瑞典"]],
  [331, "CHE", ["瑞士"]],
  [334, "EST", ["爱沙尼亚"]],
  [335, "LVA", ["拉脱维亚"]],
  [336, "LTU", ["立陶宛"]],
  [337, "GEO", ["格鲁吉亚"]],
  [338, "ARM", ["亚美尼亚"]],
  [339, "AZE", ["阿塞拜疆"]],
  [340, "BLR", ["白俄罗斯"]],
  [341, "KAZ", []],
  [342, "KGZ", []],
  [343, "MDA", ["摩尔多瓦"]],
  [344, "RUS", ["俄罗斯联邦", "俄罗斯"]],
  [345, "TJK", []],
  [346, "TKM", []],
  [347, "UKR", ["乌克兰"]],
  [348, "UZB", []],
  [350, "SVN", ["斯洛文尼亚"]],
  [351, "HRV", ["克罗地亚"]],
  [352, "CZE", ["捷克", "捷克共和国"]],
  [353, "SVK", ["斯洛伐克"]],
  [354, "MKD", ["北马其顿", "马其顿"]],
  [355, "BIH", ["波斯尼亚和黑塞哥维那", "波黑"]],
  [356, "VAT", ["梵蒂冈", "梵蒂冈城国"]],
  // Not in the code table we could source: by name only.
  [null, "SRB", ["塞尔维亚"]],
  [null, "MNE", ["黑山"]],
  // Latin America
  [401, "ATG", ["安提瓜和巴布达"]],
  [402, "ARG", ["阿根廷"]],
  [403, "ABW", ["阿鲁巴", "阿鲁巴岛"]],
  [404, "BHS", ["巴哈马"]],
  [405, "BRB", ["巴巴多斯"]],
  [406, "BLZ", ["伯利兹"]],
  [408, "BOL", ["玻利维亚"]],
  [410, "BRA", ["巴西"]],
  [411, "CYM", ["开曼群岛"]],
  [412, "CHL", ["智利"]],
  [413, "COL", ["哥伦比亚"]],
  [414, "DMA", ["多米尼克"]],
  [415, "CRI", ["哥斯达黎加"]],
  [416, "CUB", ["古巴"]],
  [417, "CUW", ["库拉索", "库腊索岛"]],
  [418, "DOM", ["多米尼加", "多米尼加共和国"]],
  [419, "ECU", ["厄瓜多尔"]],
  [420, "GUF", ["法属圭亚那"]],
  [421, "GRD", ["格林纳达"]],
  [422, "GLP", ["瓜德罗普"]],
  [423, "GTM", ["危地马拉"]],
  [424, "GUY", ["圭亚那"]],
  [425, "HTI", ["海地"]],
  [426, "HND", ["洪都拉斯"]],
  [427, "JAM", ["牙买加"]],
  [428, "MTQ", ["马提尼克"]],
  [429, "MEX", ["墨西哥"]],
  [430, "MSR", ["蒙特塞拉特"]],
  [431, "NIC", ["尼加拉瓜"]],
  [432, "PAN", ["巴拿马"]],
  [433, "PRY", ["巴拉圭"]],
  [434, "PER", ["秘鲁"]],
  [435, "PRI", ["波多黎各"]],
  [437, "LCA", ["圣卢西亚"]],
  [439, "VCT", ["圣文森特和格林纳丁斯"]],
  [440, "SLV", ["萨尔瓦多"]],
  [441, "SUR", ["苏里南"]],
  [442, "TTO", ["特立尼达和多巴哥"]],
  [443, "TCA", ["特克斯和凯科斯群岛"]],
  [444, "URY", ["乌拉圭"]],
  [445, "VEN", ["委内瑞拉"]],
  [446, "VGB", ["英属维尔京群岛"]],
  [447, "KNA", ["圣基茨和尼维斯"]],
  [448, "SPM", ["圣皮埃尔和密克隆"]],
  // North America
  [501, "CAN", ["加拿大"]],
  [502, "USA", ["美国"]],
  [503, "GRL", ["格陵兰"]],
  [504, "BMU", ["百慕大"]],
  // Oceania
  [601, "AUS", ["澳大利亚"]],
  [602, "COK", ["库克群岛"]],
  [603, "FJI", ["斐济"]],
  [606, "NRU", ["瑙鲁"]],
  [607, "NCL", ["新喀里多尼亚"]],
  [608, "VUT", ["瓦努阿图"]],
  [609, "NZL", ["新西兰"]],
  [610, "NFK", ["诺福克岛"]],
  [611, "PNG", ["巴布亚新几内亚"]],
  [613, "SLB", ["所罗门群岛"]],
  [614, "TON", ["汤加"]],
  [617, "WSM", ["萨摩亚"]],
  [618, "KIR", ["基里巴斯"]],
  [619, "TUV", ["图瓦卢"]],
  [620, "FSM", ["密克罗尼西亚联邦"]],
  [621, "MHL", ["马绍尔群岛"]],
  [622, "PLW", ["帕劳"]],
  [623, "PYF", ["法属波利尼西亚"]],
  [625, "WLF", ["瓦利斯和富图纳", "瓦利斯和浮图纳"]],
  // Unspecified and totals.
  [701, "OTH", ["国(地)别不详", "国(地)别不详的"]],
  [null, "WLD", ["总值", "合计", "总计"]],
];

const partnerByName = new Map<string, string>();
const partnerByCode = new Map<number, string>();
for (const [code, iso3, names] of PARTNERS) {
  if (code !== null) partnerByCode.set(code, iso3);
  for (const n of names) partnerByName.set(normalizeName(n), iso3);
}

const VALUE_COLUMNS = [
  ["美元", "USD"],
  ["人民币", "CNY"],
] as const;

const FLOW_COLUMNS = ["进出口", "进出口标志"] as const;

/** Columns of a finer grouping than month × code × partner: rows differing only in them are summed. */
const BREAKDOWN_COLUMNS = [
  "贸易方式编码",
  "贸易方式名称",
  "贸易方式",
  "注册地编码",
  "注册地名称",
  "注册地",
] as const;

const FLOW_WORDS: Readonly<Record<string, Flow>> = {
  出口: "export",
  进口: "import",
  复出口: "re-export",
  复进口: "re-import",
  export: "export",
  import: "import",
  "re-export": "re-export",
  "re-import": "re-import",
};

export const gaccLoader: Loader = {
  format: "gacc",
  description:
    "China customs (GACC) online query export, CSV or XLSX (数据年月, 商品编码, 贸易伙伴名称, 第一数量, 美元)",
  detect(head) {
    return head.includes("商品编码") && (head.includes("贸易伙伴名称") || head.includes("贸易伙伴编码"));
  },
  async parse(bytes, file): Promise<ParsedFile> {
    const table = isXlsx(bytes) ? await readXlsxTable(bytes, file) : readTable(decodeText(bytes), file);
    return parseTable(table, file);
  },
};

interface Context {
  readonly r: RowReader;
  readonly valueColumn: string;
  readonly currency: string;
  /** The flow column's name, or the flow the file name gives. */
  readonly flow: { readonly column: string } | { readonly fixed: Flow };
}

function parseTable(table: Table, file: string): ParsedFile {
  requireColumns(file, table.header, ["数据年月", "商品编码", "第一数量", "第一计量单位"]);
  const r = new RowReader(file, table.header);
  if (!r.has("贸易伙伴名称") && !r.has("贸易伙伴编码")) {
    throw new ImportError(file, 1, null, "missing column: 贸易伙伴名称 or 贸易伙伴编码");
  }
  const value = VALUE_COLUMNS.find(([column]) => r.has(column));
  if (!value) throw new ImportError(file, 1, null, "missing column: 美元 or 人民币");
  const flowColumn = FLOW_COLUMNS.find((c) => r.has(c));
  const ctx: Context = {
    r,
    valueColumn: value[0],
    currency: value[1],
    flow: flowColumn ? { column: flowColumn } : { fixed: flowFromFileName(file) },
  };
  const source: SourceRecord = {
    kind: "customs",
    citation: `General Administration of Customs of China, online query export (${baseName(file)})`,
    url: "http://stats.customs.gov.cn/",
    licence: null,
    sourceDate: null,
  };
  const rows = table.rows.map((row) => ({ row, flow: flowOf(ctx, row) }));
  const breakdown = BREAKDOWN_COLUMNS.filter((c) => r.has(c));
  const flows = breakdown.length === 0 ? rows.map((x) => x.flow) : sumBreakdown(r, rows, breakdown);
  return { format: "gacc", sources: [source], flows, events: [] };
}

/**
 * A query grouped by trade mode or province as well gives several rows per month × code × partner ×
 * flow: they are summed into one flow (empty cells add nothing), noted on the flow. The same
 * breakdown cell twice is a duplicate row.
 */
function sumBreakdown(
  r: RowReader,
  rows: readonly { row: TableRow; flow: FlowRecord }[],
  breakdown: readonly string[],
): FlowRecord[] {
  const groups = new Map<string, FlowRecord[]>();
  const seen = new Map<string, number>();
  for (const { row, flow } of rows) {
    const key = [flow.period.start, flow.code, flow.partner, flow.flow].join("|");
    const full = [key, ...breakdown.map((c) => r.cell(row, c))].join("|");
    const first = seen.get(full);
    if (first !== undefined) {
      r.fail(
        row,
        null,
        `duplicate row: line ${first} has the same month, code, partner, flow and ${breakdown.join(", ")}`,
      );
    }
    seen.set(full, row.line);
    const group = groups.get(key);
    if (group) group.push(flow);
    else groups.set(key, [flow]);
  }
  return [...groups.values()].map(sumFlows);
}

function sumFlows(group: readonly FlowRecord[]): FlowRecord {
  const [first] = group;
  if (!first) throw new RangeError("empty group");
  if (group.length === 1) return first;
  const sum = (xs: readonly (number | null)[]) =>
    xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0);
  const qtyKg = sum(group.map((f) => f.qtyKg));
  const units = new Set(group.flatMap((f) => (f.qtyUnit === null ? [] : [f.qtyUnit])));
  const oneUnit = units.size <= 1;
  const value = sum(group.map((f) => f.value));
  return {
    ...first,
    qtyKg: qtyKg === null ? null : kg(qtyKg),
    qtyOrig: oneUnit ? sum(group.map((f) => f.qtyOrig)) : qtyKg,
    qtyUnit: qtyKg === null ? null : oneUnit ? first.qtyUnit : "kg",
    value,
    currency: value === null ? null : (group.find((f) => f.currency !== null)?.currency ?? null),
    note: `sum of ${group.length} rows by 贸易方式/注册地`,
  };
}

function flowOf(ctx: Context, row: TableRow): FlowRecord {
  const r: RowReader = ctx.r; // explicitly typed, so r.fail() narrows like a throw
  const monthText = r.required(row, "数据年月");
  const month = parseCompactMonth(monthText) ?? parseMonth(monthText);
  if (month === null) r.fail(row, "数据年月", `"${monthText}" is not a month (YYYYMM)`);
  const code = r.required(row, "商品编码").replace(/[.\s]/g, "");
  const commodity = commodityOf(r, row, code);
  const qty = quantityOf(r, row);
  const value = r.figure(row, ctx.valueColumn);
  if (qty === null && value === null) {
    r.fail(row, "第一数量", `the row has no figure (第一数量 and ${ctx.valueColumn} are empty)`);
  }
  return {
    line: row.line,
    reporter: "CHN",
    partner: partnerOf(r, row),
    flow: "column" in ctx.flow ? flowCell(r, row, ctx.flow.column) : ctx.flow.fixed,
    commodity: commodity.id,
    code,
    period: monthPeriod(month),
    stat: "total",
    qtyKg: qty?.kg ?? null,
    qtyOrig: qty?.orig ?? null,
    qtyUnit: qty?.unit ?? null,
    value,
    currency: value === null ? null : ctx.currency,
    yoyPct: null,
    momPct: null,
    source: 0,
    preferred: null,
    record: null,
    note: null,
  };
}

function commodityOf(r: RowReader, row: TableRow, code: string): Commodity {
  if (!/^(\d{6}|\d{8})$/.test(code)) {
    r.fail(row, "商品编码", `"${code}" is not an 8-digit China tariff line or a 6-digit HS code`);
  }
  const c = commodityForCode(code.length === 8 ? "CN-CHN" : "HS", code);
  if (!c) r.fail(row, "商品编码", `"${code}" is not in the commodity catalogue`);
  return c;
}

/** The first quantity when its unit is a mass, else the second when its unit is; null when neither is given. */
function quantityOf(r: RowReader, row: TableRow): { orig: number; unit: string; kg: Kg } | null {
  const first = r.figure(row, "第一数量");
  const firstUnit = r.cell(row, "第一计量单位");
  const second = r.figure(row, "第二数量");
  const secondUnit = r.cell(row, "第二计量单位");
  for (const [q, unit] of [
    [first, firstUnit],
    [second, secondUnit],
  ] as const) {
    const inKg = q === null ? null : toKg(q, unit);
    if (q !== null && inKg !== null) return { orig: q, unit, kg: inKg };
  }
  if (first === null) return null;
  if (firstUnit === "") r.fail(row, "第一计量单位", "is empty");
  return r.fail(row, "第一计量单位", `unit "${firstUnit}" not convertible to kg`);
}

function partnerOf(r: RowReader, row: TableRow): string {
  const name = r.cell(row, "贸易伙伴名称");
  const codeText = r.cell(row, "贸易伙伴编码");
  const byName = name === "" ? undefined : partnerByName.get(normalizeName(name));
  if (byName) return byName;
  const byCode = /^\d+$/.test(codeText) ? partnerByCode.get(Number(codeText)) : undefined;
  if (byCode) return byCode;
  if (name === "" && codeText === "") r.fail(row, "贸易伙伴名称", "is empty");
  if (name === "") r.fail(row, "贸易伙伴编码", `unknown partner code "${codeText}"`);
  return r.fail(
    row,
    "贸易伙伴名称",
    `unknown partner "${name}"${codeText === "" ? "" : ` (code ${codeText})`}`,
  );
}

function flowCell(r: RowReader, row: TableRow, column: string): Flow {
  const text = r.required(row, column);
  const flow = FLOW_WORDS[text.toLowerCase()];
  if (!flow) r.fail(row, column, `"${text}" is not 出口, 进口, 复出口 or 复进口`);
  return flow;
}

function flowFromFileName(file: string): Flow {
  // "进出口" (imports and exports) names both flows and neither in particular.
  const name = baseName(file).replace(/进出口/g, "");
  const isExport = /出口|export/i.test(name);
  const isImport = /进口|import/i.test(name);
  if (isExport !== isImport) return isExport ? "export" : "import";
  throw new ImportError(
    file,
    1,
    "进出口",
    "no 进出口 column, and the file name does not say which flow: put 出口 (export) or 进口 (import) in it",
  );
}

// Full-width brackets and stray spaces vary between exports of the same platform.
function normalizeName(name: string): string {
  return name.replace(/（/g, "(").replace(/）/g, ")").replace(/\s+/g, "");
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
