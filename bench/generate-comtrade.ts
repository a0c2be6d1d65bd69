/**
 * Writes synthetic UN Comtrade final-record ("plus") monthly files for the benchmarks: the 47
 * columns the portal writes, real Comtrade reporter and partner codes, the catalogue's HS6 codes,
 * YYYYMM periods and a unique key per row. Deterministic: the same seed and size give the same
 * bytes (a seeded PRNG, no Math.random).
 *
 * Rows come reporter by reporter; each reporter has trade series (partner × flow × HS6) that run
 * over 2019-01…2025-12 with a few missing months, so the monitor has real series to work on.
 *
 *   npx tsx bench/generate-comtrade.ts [--rows 1000000] [--seed 42] [--tsv] [--gzip] [--out FILE]
 * @module
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip, type Gzip } from "node:zlib";
import { COMTRADE_COLUMNS, type ComtradeColumn } from "../src/data/sources/comtrade.js";
import { COMMODITIES } from "../src/ref/commodities.js";
import { allCountries, type Country } from "../src/ref/countries.js";

export interface GenerateOptions {
  readonly rows: number;
  readonly seed: number;
  readonly path: string;
  /** Tab-separated like the bulk download (default: comma-separated like the portal's CSV). */
  readonly tsv?: boolean;
  readonly gzip?: boolean;
}

export const BENCH_OUT = join(dirname(fileURLToPath(import.meta.url)), "out");

/** The default file name for a size and seed under bench/out/. */
export function defaultPath(rows: number, seed: number, tsv = false, gzip = false): string {
  return join(BENCH_OUT, `comtrade-final-${rows}-s${seed}.${tsv ? "txt" : "csv"}${gzip ? ".gz" : ""}`);
}

/** mulberry32: a small, fast, seeded 32-bit generator (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_YEAR = 2019;
const MONTHS = 7 * 12; // 2019-01 … 2025-12
const FLOWS = [
  { code: "X", desc: "Export", weight: 0.45 },
  { code: "M", desc: "Import", weight: 0.45 },
  { code: "RX", desc: "Re-export", weight: 0.05 },
  { code: "RM", desc: "Re-import", weight: 0.05 },
] as const;

/** Descriptions as Comtrade writes them, for the catalogue's HS6 codes; US dollars per kg, roughly. */
const HS6: Readonly<Record<string, { desc: string; usdPerKg: number }>> = {
  "253090": { desc: "Mineral substances; n.e.c. in chapter 25", usdPerKg: 1.2 },
  "284610": { desc: "Cerium compounds", usdPerKg: 6 },
  "284690": {
    desc: "Compounds, inorganic or organic, of rare-earth metals, of yttrium or of scandium or of mixtures of these metals; other than cerium compounds",
    usdPerKg: 18,
  },
  "280530": {
    desc: "Rare-earth metals, scandium and yttrium, whether or not intermixed or interalloyed",
    usdPerKg: 45,
  },
  "850511": {
    desc: "Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal",
    usdPerKg: 52,
  },
};

function catalogueHs6(): { code: string; desc: string; usdPerKg: number }[] {
  const codes = COMMODITIES.flatMap((c) => c.codes.filter((k) => k.scheme === "HS").map((k) => k.code));
  return [...new Set(codes)]
    .sort()
    .map((code) => ({ code, desc: HS6[code]?.desc ?? code, usdPerKg: HS6[code]?.usdPerKg ?? 10 }));
}

/** Comtrade's ISO-like code for a partner or reporter (W00 for the world). */
function comtradeIso(c: Country): string {
  return c.iso3 === "WLD" ? "W00" : c.iso3;
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The smallest odd step coprime with n that spreads consecutive indexes over [0, n). */
function coprimeStride(n: number, rand: () => number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.floor(n * (0.38 + rand() * 0.2)) | 1;
  while (gcd(s, n) !== 1) s += 2;
  return s;
}

/** Writes the file and resolves with its row count and byte size (before gzip). */
export async function generateComtrade(opts: GenerateOptions): Promise<{ rows: number; bytes: number }> {
  const rand = mulberry32(opts.seed);
  const normal = (): number => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const countries = allCountries().filter(
    (c) => c.comtrade !== null && (c.members === null || c.iso3 === "WLD"),
  );
  const reporters = countries.filter((c) => c.members === null);
  const partners = countries;
  const hs6 = catalogueHs6();
  const combos = partners.length * FLOWS.length * hs6.length;
  const delim = opts.tsv ? "\t" : ",";
  const cell = opts.tsv ? (s: string) => s : csvCell;

  mkdirSync(dirname(opts.path), { recursive: true });
  const file = createWriteStream(opts.path);
  let sink: WriteStream | Gzip = file;
  if (opts.gzip) {
    const gz = createGzip({ level: 6 });
    gz.pipe(file);
    sink = gz;
  }
  const write = async (text: string): Promise<void> => {
    if (!sink.write(text)) await new Promise<void>((r) => sink.once("drain", () => r()));
  };

  let bytes = 0;
  const emit = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await write(text);
  };
  await emit(COMTRADE_COLUMNS.join(delim) + (opts.tsv ? delim : "") + "\n");

  // Series per reporter so that the file is filled with every reporter sharing the rows.
  const perSeries = MONTHS * 0.96;
  const kept = FLOWS.reduce((a, f) => a + Math.min(1, f.weight * 2.2), 0) / FLOWS.length;
  const seriesPerReporter = Math.min(combos, Math.ceil(opts.rows / perSeries / kept / reporters.length) + 1);
  const order = reporters.map((r) => ({ r, k: rand() })).sort((a, b) => a.k - b.k);
  let written = 0;
  let batch: string[] = [];
  const base: Partial<Record<ComtradeColumn, string>> = {
    typeCode: "C",
    freqCode: "M",
    partner2Code: "0",
    partner2ISO: "W00",
    partner2Desc: "World",
    classificationCode: "H6",
    classificationSearchCode: "HS",
    isOriginalClassification: "True",
    aggrLevel: "6",
    isLeaf: "True",
    customsCode: "C00",
    customsDesc: "TOTAL CPC",
    mosCode: "0",
    motCode: "0",
    motDesc: "TOTAL MOT",
    isQtyEstimated: "False",
    altQtyUnitCode: "-1",
    altQtyUnitAbbr: "N/A",
    altQty: "0",
    isAltQtyEstimated: "False",
    isNetWgtEstimated: "False",
    grossWgt: "",
    isGrossWgtEstimated: "False",
    legacyEstimationFlag: "0",
    isReported: "True",
    isAggregate: "False",
  };
  // One template row; the loop sets the cells that vary, already quoted where they need it.
  const template = COMTRADE_COLUMNS.map((c) => cell(base[c] ?? ""));
  const at = (c: ComtradeColumn): number => COMTRADE_COLUMNS.indexOf(c);
  const col = {
    refPeriodId: at("refPeriodId"),
    refYear: at("refYear"),
    refMonth: at("refMonth"),
    period: at("period"),
    reporterCode: at("reporterCode"),
    reporterISO: at("reporterISO"),
    reporterDesc: at("reporterDesc"),
    flowCode: at("flowCode"),
    flowDesc: at("flowDesc"),
    partnerCode: at("partnerCode"),
    partnerISO: at("partnerISO"),
    partnerDesc: at("partnerDesc"),
    cmdCode: at("cmdCode"),
    cmdDesc: at("cmdDesc"),
    qtyUnitCode: at("qtyUnitCode"),
    qtyUnitAbbr: at("qtyUnitAbbr"),
    qty: at("qty"),
    netWgt: at("netWgt"),
    cifvalue: at("cifvalue"),
    fobvalue: at("fobvalue"),
    primaryValue: at("primaryValue"),
  };
  const tail = opts.tsv ? delim : "";
  // A reporter's stride and offset, drawn on its first pass and kept: later passes (only when a
  // pass falls short of the rows asked for) take the next series of the same bijection.
  const walk = new Map<Country, { stride: number; offset: number }>();
  outer: for (let pass = 0; seriesPerReporter * pass < combos; pass++) {
    for (const { r } of order) {
      let w = walk.get(r);
      if (!w) {
        w = { stride: coprimeStride(combos, rand), offset: Math.floor(rand() * combos) };
        walk.set(r, w);
      }
      const { stride, offset } = w;
      const row = template.slice();
      row[col.reporterCode] = String(r.comtrade);
      row[col.reporterISO] = cell(comtradeIso(r));
      row[col.reporterDesc] = cell(r.name);
      const last = Math.min(combos, seriesPerReporter * (pass + 1));
      for (let s = seriesPerReporter * pass; s < last; s++) {
        // A bijection over partner × flow × HS6 keeps every series of a reporter distinct.
        let k = (offset + s * stride) % combos;
        const p = partners[k % partners.length] as Country;
        k = Math.floor(k / partners.length);
        const flow = FLOWS[k % FLOWS.length] as (typeof FLOWS)[number];
        const cmd = hs6[Math.floor(k / FLOWS.length)] as (typeof hs6)[number];
        if (p === r || rand() > flow.weight * 2.2) continue;
        const level = Math.exp(7.5 + 2 * normal());
        const price = cmd.usdPerKg * Math.exp(0.25 * normal());
        const unitCount = rand() < 0.03; // some reporters give a count unit beside the net weight
        const exp = flow.code === "X" || flow.code === "RX";
        row[col.flowCode] = flow.code;
        row[col.flowDesc] = flow.desc;
        row[col.partnerCode] = String(p.comtrade);
        row[col.partnerISO] = cell(comtradeIso(p));
        row[col.partnerDesc] = cell(p.name);
        row[col.cmdCode] = cmd.code;
        row[col.cmdDesc] = cell(cmd.desc);
        row[col.qtyUnitCode] = unitCount ? "5" : "8";
        row[col.qtyUnitAbbr] = unitCount ? "u" : "kg";
        for (let m = 0; m < MONTHS; m++) {
          if (rand() < 0.04) continue; // a month not reported
          const year = FIRST_YEAR + Math.floor(m / 12);
          const month = (m % 12) + 1;
          const ym = `${year}${month < 10 ? "0" : ""}${month}`;
          const season = 1 + 0.15 * Math.sin((2 * Math.PI * month) / 12);
          const kgs = Math.max(1, Math.round(level * season * Math.exp(0.35 * normal())));
          const usd = kgs * price * Math.exp(0.1 * normal());
          const value = rand() < 0.15 ? String(Math.round(usd * 100) / 100) : String(Math.round(usd));
          row[col.refPeriodId] = `${ym}01`;
          row[col.refYear] = String(year);
          row[col.refMonth] = String(month);
          row[col.period] = ym;
          row[col.qty] = unitCount ? String(Math.round(kgs / 3)) : String(kgs);
          row[col.netWgt] = String(kgs);
          row[col.cifvalue] = exp ? "" : value;
          row[col.fobvalue] = exp ? value : "";
          row[col.primaryValue] = value;
          batch.push(row.join(delim) + tail);
          if (++written === opts.rows) break outer;
          if (batch.length === 2000) {
            await emit(batch.join("\n") + "\n");
            batch = [];
          }
        }
      }
    }
  }
  if (batch.length > 0) await emit(batch.join("\n") + "\n");
  await new Promise<void>((res, rej) => {
    file.once("finish", () => res());
    file.once("error", rej);
    sink.end();
  });
  if (written < opts.rows) throw new Error(`only ${written} distinct rows fit the key space; ask for fewer`);
  return { rows: written, bytes };
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const rows = Number(flag(args, "--rows") ?? 1_000_000);
  const seed = Number(flag(args, "--seed") ?? 42);
  const tsv = args.includes("--tsv");
  const gzip = args.includes("--gzip");
  if (!Number.isInteger(rows) || rows < 1) throw new Error("--rows takes a positive integer");
  const path = resolve(flag(args, "--out") ?? defaultPath(rows, seed, tsv, gzip));
  const t0 = performance.now();
  const out = await generateComtrade({ rows, seed, path, tsv, gzip });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${path}: ${out.rows} rows, ${(out.bytes / 2 ** 20).toFixed(1)} MiB of text, ${secs} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
