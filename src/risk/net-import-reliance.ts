/**
 * Net import reliance with the USGS definition: imports − exports ± adjustments for government and
 * industry stock changes, as a share of apparent consumption (production + imports − exports ± the
 * same adjustments). A country whose exports exceed its imports is a net exporter, which USGS writes
 * "E". Computed from the user's data for a year when it has imports, exports and production (or
 * apparent consumption) — trade from the store, the rest from a balance file — else taken as the
 * bundled USGS figure states it (United States only, rare-earth compounds and metals). Every year
 * says which, with its inputs, their sources and ranges.
 * @module
 * @example
 * nirFromBalance({ imports: point(10_000), exports: point(1_000), production: between(500, 800) }).nir;
 * // { lo: 0.918…, hi: 0.947… }
 */
import { readReference, parseBound } from "../data/reference/read.js";
import { USGS_COLUMNS, USGS_TABLE } from "../data/reference/usgs.js";
import type { RowReader } from "../data/sources/table.js";
import type { Store } from "../data/store/store.js";
import { UsageError } from "../errors.js";
import { commodityById } from "../ref/commodities.js";
import { countryByIso3, countryName, isAggregate } from "../ref/countries.js";
import { kgPerUnit } from "../units/quantity.js";
import { readTradeCells, type SourceRef, type TradeCell } from "./import-dependence.js";
import { add, between, point, sub, type Interval } from "./interval.js";

/** The definition, as the output states it. */
export const NIR_DEFINITION =
  "Net import reliance (USGS) = (imports − exports − stock build-up) ÷ apparent consumption, where apparent " +
  "consumption = production + imports − exports − stock build-up (a stock draw-down counts as supply). " +
  "A net exporter is shown as E.";

/** A supply balance for one year, in one unit; every input may be a range. */
export interface Balance {
  readonly imports: Interval;
  readonly exports: Interval;
  /** Domestic production; needed unless apparent consumption is given. */
  readonly production?: Interval;
  /** Increase in government and industry stocks over the year (negative = draw-down); 0 when unknown. */
  readonly stockChange?: Interval;
  /** Apparent consumption as a source states it; wins over production + net imports. */
  readonly consumption?: Interval;
}

export type NirStatus = "net importer" | "net exporter" | "either" | "not computable";

export interface NirValue {
  /** Fraction of apparent consumption (0.92 = 92%); negative for a net exporter. */
  readonly nir: Interval;
  readonly netImports: Interval;
  readonly apparentConsumption: Interval;
  readonly status: NirStatus;
  readonly formula: string;
}

/**
 * The USGS ratio from a balance (pure). Ranges propagate: the ratio is monotone in each input, so
 * its bounds are at the corners. Throws RangeError when apparent consumption can be zero or less.
 */
export function nirFromBalance(b: Balance): NirValue {
  const stock = b.stockChange ?? point(0);
  const net = sub(sub(b.imports, b.exports), stock);
  const status: NirStatus = net.lo > 0 ? "net importer" : net.hi < 0 ? "net exporter" : "either";
  if (b.consumption) {
    if (!(b.consumption.lo > 0))
      throw new RangeError(`apparent consumption ${b.consumption.lo} is not positive`);
    const c = [
      net.lo / b.consumption.lo,
      net.lo / b.consumption.hi,
      net.hi / b.consumption.lo,
      net.hi / b.consumption.hi,
    ];
    return {
      nir: between(Math.min(...c), Math.max(...c)),
      netImports: net,
      apparentConsumption: b.consumption,
      status,
      formula: "(imports − exports − stock change) ÷ apparent consumption as given",
    };
  }
  if (!b.production) throw new RangeError("a balance needs production or apparent consumption");
  const p = b.production;
  const ac = add(p, net);
  if (!(ac.lo > 0))
    throw new RangeError(`apparent consumption (production + net imports) can be ${ac.lo}: not positive`);
  // net/(p + net) is monotone in net and in p separately: its extremes are at the corners.
  const c = [
    net.lo / (p.lo + net.lo),
    net.lo / (p.hi + net.lo),
    net.hi / (p.lo + net.hi),
    net.hi / (p.hi + net.hi),
  ];
  return {
    nir: between(Math.min(...c), Math.max(...c)),
    netImports: net,
    apparentConsumption: ac,
    status,
    formula: "(imports − exports − stock change) ÷ (production + imports − exports − stock change)",
  };
}

export type BalanceMetric = "production" | "imports" | "exports" | "stock_change" | "apparent_consumption";

const METRICS: readonly BalanceMetric[] = [
  "production",
  "imports",
  "exports",
  "stock_change",
  "apparent_consumption",
];

export interface NirInput {
  readonly metric: BalanceMetric;
  readonly value: Interval;
  readonly unit: string;
  /** "store" (imported trade data), "balance file", or the bundled table. */
  readonly from: string;
  readonly sources: readonly string[];
}

export interface NirYear {
  readonly year: number;
  readonly basis: "user data" | "bundled USGS" | "none";
  readonly nir: Interval | null;
  readonly status: NirStatus;
  /** "92–95%", "100%", "E" or "–". */
  readonly display: string;
  readonly formula: string;
  readonly inputs: readonly NirInput[];
  /** What the figure is a figure for. */
  readonly scope: string;
  /** An estimate by its source (USGS marks its latest year so). */
  readonly estimate: boolean;
  readonly notes: readonly string[];
}

export interface NetImportReliance {
  readonly reporter: string;
  readonly commodity: string;
  readonly definition: string;
  readonly years: readonly NirYear[];
  /** "user data for 2022–2023; bundled USGS for 2020, 2021, 2024". */
  readonly basisSummary: string;
  readonly sources: readonly SourceRef[];
  /** How to supply the missing inputs, when some year is not from the user's data. */
  readonly howTo: readonly string[];
}

export interface NirQuery {
  readonly reporter: string;
  readonly commodity: string;
  /** A balance CSV (year, country, commodity, metric, value, unit, source…) with production etc. */
  readonly balance?: string;
  /** The USGS table; the bundled one by default. */
  readonly usgsFile?: string;
}

const BALANCE_COLUMNS = ["year", "country", "commodity", "metric", "value", "unit", "source"];

export const BALANCE_HOWTO =
  "Give a balance file (--balance <csv>) with columns year, country, commodity, metric, value, unit, source " +
  "(optional source_url, note): metric is production, imports, exports, stock_change or apparent_consumption; " +
  "value a number or a range (500-800); unit kg or t of the commodity as traded. Imports and exports come " +
  "from the store's trade data when the file has none.";

/**
 * Net import reliance of a reporter for a commodity by year: from the user's data where imports,
 * exports and production (or consumption) are all there, else the bundled USGS figure (USA).
 * Throws UsageError for an unknown reporter or commodity, ImportError for a bad balance file.
 */
export async function netImportReliance(store: Store, q: NirQuery): Promise<NetImportReliance> {
  const reporter = q.reporter.trim().toUpperCase();
  if (!countryByIso3(reporter))
    throw new UsageError(`reporter "${q.reporter}" is not a known ISO3 code`, "reporter");
  const commodity = commodityById(q.commodity);
  if (!commodity) throw new UsageError(`commodity "${q.commodity}" is not in the catalogue`, "commodity");
  const imp = await readTradeCells(store, { reporter, flow: "import", commodity: commodity.id });
  const exp = await readTradeCells(store, { reporter, flow: "export", commodity: commodity.id });
  const balance = q.balance
    ? readBalanceFile(q.balance, reporter, commodity.id)
    : new Map<number, BalanceRows>();
  const usgs = reporter === "USA" ? usgsReliance(q.usgsFile) : new Map<number, NirYear>();
  const storeSources = new Map([...imp.sources, ...exp.sources].map((s) => [s.id, s]));
  const citeStore = (ids: readonly number[]) =>
    ids.map((id) => storeSources.get(id)?.citation ?? `source ${id}`).filter((c, i, a) => a.indexOf(c) === i);

  const years = new Set<number>([...balance.keys(), ...usgs.keys()]);
  for (const c of [...imp.cells, ...exp.cells])
    if (c.measure === "qty_kg") years.add(Math.floor(c.start / 12));
  const out: NirYear[] = [];
  const used = new Set<number>();
  for (const year of [...years].sort((a, b) => a - b)) {
    const rows = balance.get(year);
    const trade = (cells: readonly TradeCell[], metric: "imports" | "exports"): NirInput | null => {
      const fromFile = rows?.get(metric);
      if (fromFile) return fromFile;
      const t = annualTotal(cells, year);
      if (!t) return null;
      return { metric, value: t.kg, unit: "kg", from: "store", sources: citeStore(t.sources) };
    };
    const inputs = {
      imports: trade(imp.cells, "imports"),
      exports: trade(exp.cells, "exports"),
      production: rows?.get("production") ?? null,
      stock: rows?.get("stock_change") ?? null,
      consumption: rows?.get("apparent_consumption") ?? null,
    };
    const missing = [
      ...(inputs.imports ? [] : ["imports"]),
      ...(inputs.exports ? [] : ["exports"]),
      ...(inputs.production || inputs.consumption ? [] : ["production or apparent consumption"]),
    ];
    const hasUserData = Object.values(inputs).some((v) => v !== null);
    if (missing.length === 0 && inputs.imports && inputs.exports) {
      for (const t of [imp, exp]) {
        const a = annualTotal(t.cells, year);
        if (a) for (const id of a.sources) used.add(id);
      }
      out.push(userYear(year, commodity.id, { ...inputs, imports: inputs.imports, exports: inputs.exports }));
      continue;
    }
    const why = hasUserData ? [`The user's data for ${year} lacks ${missing.join(", ")}.`] : [];
    const fallback = usgs.get(year);
    if (fallback) {
      out.push({
        ...fallback,
        notes: [
          ...fallback.notes,
          ...why,
          `USGS's figure covers rare-earth compounds and metals together (t REO), not ${commodity.id} as such.`,
        ],
      });
    } else if (hasUserData) {
      out.push({
        year,
        basis: "none",
        nir: null,
        status: "not computable",
        display: "–",
        formula: "",
        inputs: [inputs.imports, inputs.exports, inputs.production, inputs.stock, inputs.consumption].filter(
          (x): x is NirInput => x !== null,
        ),
        scope: `${countryName(reporter)}, ${commodity.id}`,
        estimate: false,
        notes: why,
      });
    }
  }
  const byBasis = (b: NirYear["basis"]) => out.filter((y) => y.basis === b).map((y) => String(y.year));
  const summary = [
    byBasis("user data").length ? `user data for ${byBasis("user data").join(", ")}` : "",
    byBasis("bundled USGS").length ? `bundled USGS for ${byBasis("bundled USGS").join(", ")}` : "",
    byBasis("none").length ? `not computable for ${byBasis("none").join(", ")}` : "",
  ].filter(Boolean);
  return {
    reporter,
    commodity: commodity.id,
    definition: NIR_DEFINITION,
    years: out,
    basisSummary: summary.length ? summary.join("; ") : "no figures",
    sources: [...storeSources.values()].filter((s) => used.has(s.id)),
    howTo: out.every((y) => y.basis === "user data") && out.length > 0 ? [] : [BALANCE_HOWTO],
  };
}

function userYear(
  year: number,
  commodity: string,
  i: {
    imports: NirInput;
    exports: NirInput;
    production: NirInput | null;
    stock: NirInput | null;
    consumption: NirInput | null;
  },
): NirYear {
  const notes: string[] = [];
  if (!i.stock) notes.push("No stock change given: taken as 0.");
  if (i.consumption && i.production)
    notes.push("Apparent consumption as given is used; production is shown only.");
  let v: NirValue | null = null;
  try {
    v = nirFromBalance({
      imports: i.imports.value,
      exports: i.exports.value,
      ...(i.production ? { production: i.production.value } : {}),
      ...(i.stock ? { stockChange: i.stock.value } : {}),
      ...(i.consumption ? { consumption: i.consumption.value } : {}),
    });
  } catch (e) {
    notes.push(`Not computable: ${(e as Error).message}.`);
  }
  return {
    year,
    basis: v ? "user data" : "none",
    nir: v?.nir ?? null,
    status: v?.status ?? "not computable",
    display: v ? displayNir(v.nir, v.status) : "–",
    formula: v?.formula ?? "",
    inputs: [i.imports, i.exports, i.production, i.stock, i.consumption].filter(
      (x): x is NirInput => x !== null,
    ),
    scope: `${commodity}, kg as traded`,
    estimate: false,
    notes,
  };
}

/** "92–95%", "100%", or "E" for a net exporter. */
export function displayNir(nir: Interval, status: NirStatus): string {
  if (status === "net exporter") return "E";
  const f = (x: number) => `${Math.round(x * 100)}`;
  return f(nir.lo) === f(nir.hi) ? `${f(nir.lo)}%` : `${f(nir.lo)}–${f(nir.hi)}%`;
}

/**
 * A reporter's yearly total of a flow in kg: the world total, else the sum of the countries; from the
 * annual figure, else from twelve months. Null when neither covers the whole year. The range is the
 * rounding of the figures.
 */
export function annualTotal(
  cells: readonly TradeCell[],
  year: number,
): { kg: Interval; sources: number[] } | null {
  const qty = cells.filter((c) => c.measure === "qty_kg");
  const start = year * 12;
  const pick = (list: readonly TradeCell[]) => {
    const world = list.filter((c) => c.partner === "WLD");
    const countries = list.filter((c) => !isAggregate(c.partner));
    return world.length > 0 ? world : countries;
  };
  const sumOf = (list: readonly TradeCell[]) => ({
    kg: between(
      list.reduce((s, c) => s + Math.max(0, c.v - c.half), 0),
      list.reduce((s, c) => s + c.v + c.half, 0),
    ),
    sources: [...new Set(list.map((c) => c.sourceId))].sort((a, b) => a - b),
  });
  const annual = pick(qty.filter((c) => c.periodKind === "year" && c.start === start));
  if (annual.length > 0) return sumOf(annual);
  const months: TradeCell[] = [];
  for (let m = start; m < start + 12; m++) {
    const list = pick(qty.filter((c) => c.periodKind === "month" && c.start === m));
    if (list.length === 0) return null;
    months.push(...list);
  }
  return sumOf(months);
}

type BalanceRows = Map<BalanceMetric, NirInput>;

/**
 * Reads a balance CSV for one reporter and commodity: year → metric → input (in kg). Throws
 * ImportError naming the file, line and field of a bad cell or a duplicate.
 */
export function readBalanceFile(path: string, reporter: string, commodity: string): Map<number, BalanceRows> {
  // readReference takes a bare name for a bundled table: keep the user's own path as they wrote it.
  const ref = readReference(path.includes("/") ? path : `./${path}`, BALANCE_COLUMNS);
  const r: RowReader = ref.reader;
  const out = new Map<number, BalanceRows>();
  const firstLine = new Map<string, number>();
  for (const row of ref.table.rows) {
    const yearText = r.required(row, "year");
    if (!/^\d{4}$/.test(yearText)) r.fail(row, "year", `"${yearText}" is not a year (YYYY)`);
    const country = r.required(row, "country").toUpperCase();
    if (!countryByIso3(country)) r.fail(row, "country", `unknown country "${country}"`);
    const id = r.required(row, "commodity");
    if (!commodityById(id)) r.fail(row, "commodity", `"${id}" is not in the commodity catalogue`);
    const metric = r.required(row, "metric") as BalanceMetric;
    if (!METRICS.includes(metric)) r.fail(row, "metric", `"${metric}" is not one of ${METRICS.join(", ")}`);
    const unit = r.required(row, "unit");
    const perUnit = kgPerUnit(unit);
    if (perUnit === null) {
      r.fail(
        row,
        "unit",
        `"${unit}" is not kg or t of the commodity as traded (material bases are not mixed)`,
      );
    }
    const text = r.required(row, "value");
    const bound = parseBound(text);
    if (!bound || !Number.isFinite(bound[1])) {
      r.fail(row, "value", `"${text}" is not a number or a closed range (e.g. 500-800)`);
    }
    if (metric !== "stock_change" && bound[0] < 0) r.fail(row, "value", `${text} is negative`);
    const source = r.required(row, "source");
    if (country !== reporter || id !== commodity) continue;
    const key = `${yearText}|${metric}`;
    const seen = firstLine.get(key);
    if (seen !== undefined)
      r.fail(row, "metric", `duplicate ${metric} for ${yearText} (first at line ${seen})`);
    firstLine.set(key, row.line);
    const year = Number(yearText);
    const rows = out.get(year) ?? new Map<BalanceMetric, NirInput>();
    rows.set(metric, {
      metric,
      value: between(bound[0] * perUnit, bound[1] * perUnit),
      unit: "kg",
      from: `balance file ${ref.file}:${row.line}`,
      sources: [source],
    });
    out.set(year, rows);
  }
  return out;
}

/** The bundled USGS net import reliance of the United States, by year, as USGS states it. */
function usgsReliance(file: string = USGS_TABLE): Map<number, NirYear> {
  const ref = readReference(file, USGS_COLUMNS);
  const r: RowReader = ref.reader;
  const out = new Map<number, NirYear>();
  const context = new Map<string, NirInput>();
  const concentrates = new Map<number, string>();
  for (const row of ref.table.rows) {
    if (r.cell(row, "country") !== "USA") continue;
    const metric = r.cell(row, "metric");
    const yearText = r.cell(row, "year");
    if (!/^\d{4}$/.test(yearText)) continue;
    const year = Number(yearText);
    const text = r.required(row, "value");
    const cite = `USGS Mineral Commodity Summaries (${r.cell(row, "edition")}), Rare Earths, ${ref.file}:${row.line}`;
    if (metric === "net_import_reliance_mineral_concentrates") concentrates.set(year, text);
    if (metric === "apparent_consumption_compounds_metals" || metric === "production_compounds_and_metals") {
      const b = parseBound(text);
      if (!b) r.fail(row, "value", `"${text}" is not a number`);
      context.set(`${year}|${metric}`, {
        metric: metric.startsWith("apparent") ? "apparent_consumption" : "production",
        value: between(b[0], b[1]),
        unit: r.cell(row, "unit"),
        from: "bundled USGS",
        sources: [cite],
      });
    }
    if (metric !== "net_import_reliance_compounds_and_metals") continue;
    const note = r.cell(row, "note");
    let nir: Interval | null = null;
    let status: NirStatus = "net importer";
    if (text.toUpperCase() === "E") status = "net exporter";
    else {
      const b = parseBound(text, 100);
      if (!b) r.fail(row, "value", `"${text}" is not a percentage, a bound (>95) or E`);
      nir = between(b[0] / 100, b[1] / 100);
    }
    out.set(year, {
      year,
      basis: "bundled USGS",
      nir,
      status,
      display: nir ? displayNir(nir, status) : "E",
      formula:
        "as USGS states it (whole percent; '>95' is a bound USGS gives to avoid disclosing company data)",
      inputs: [],
      scope: "US rare-earth compounds and metals, t REO",
      estimate: /estimate/i.test(note),
      notes: [`Source: ${cite}.`],
    });
  }
  for (const [year, y] of out) {
    const inputs = ["production_compounds_and_metals", "apparent_consumption_compounds_metals"]
      .map((m) => context.get(`${year}|${m}`))
      .filter((x): x is NirInput => x !== undefined);
    const conc = concentrates.get(year);
    out.set(year, {
      ...y,
      inputs,
      notes: [
        ...y.notes,
        ...(conc ? [`Mineral concentrates: ${conc === "E" ? "net exporter (E)" : `${conc}%`}.`] : []),
      ],
    });
  }
  return out;
}
