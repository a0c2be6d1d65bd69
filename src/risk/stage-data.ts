/**
 * Who supplies each stage of the magnet chain, from the bundled reference data: USGS mine
 * production by country (mining), published shares of refined output (separation/refining), and
 * published shares of magnet production (magnet making). Metal and alloy has no data and says so.
 * Every share keeps its source; a share a source gives only as a bound (">90%") or that sources
 * give differently (88%, 89%, 91%) is carried as an interval, never as a point.
 * @module
 * @example
 * loadStageShares({ year: 2024 }).find((s) => s.stage === "mining")?.entries[0]; // CHN 270,000 / 390,000 t REO
 */
import { ImportError } from "../errors.js";
import { readReference, parseBound } from "../data/reference/read.js";
import { USGS_COLUMNS, USGS_TABLE } from "../data/reference/usgs.js";
import { between, hull, point, type Interval } from "./interval.js";
import { remainderOf, type ShareEntry } from "./shares.js";
import type { RowReader, TableRow } from "../data/sources/table.js";

export type SupplyStage = "mining" | "separation" | "metal" | "magnet";

export const SUPPLY_STAGES: readonly SupplyStage[] = ["mining", "separation", "metal", "magnet"];

export interface StageShares {
  readonly stage: SupplyStage;
  /** The year the shares describe; null when the stage has no data. */
  readonly year: number | null;
  /** What the shares are shares of, e.g. "mine production, t REO". */
  readonly basis: string;
  /** Countries with a stated share, largest first (by upper bound). */
  readonly entries: readonly ShareEntry[];
  /** The share no entry explains (other producers), as an interval. */
  readonly remainder: Interval;
  readonly noData: boolean;
  readonly sources: readonly string[];
  readonly notes: readonly string[];
}

const INDICATORS = "published_indicators.csv";
const CAPACITY = "magnet_supply_capacity.csv";

const COUNTRY_BY_NAME: Record<string, string> = {
  china: "CHN",
  malaysia: "MYS",
  australia: "AUS",
  myanmar: "MMR",
};

/** The shares of every stage for one year (default: the latest year each stage has data for). */
export function loadStageShares(opts: { year?: number } = {}): StageShares[] {
  return [mining(opts.year), separation(opts.year), metal(), magnet(opts.year)];
}

function pickYear(available: readonly number[], wanted: number | undefined): number | null {
  if (available.length === 0) return null;
  if (wanted === undefined) return Math.max(...available);
  return available.includes(wanted) ? wanted : null;
}

function noData(stage: SupplyStage, basis: string, note: string): StageShares {
  return {
    stage,
    year: null,
    basis,
    entries: [],
    remainder: point(1),
    noData: true,
    sources: [],
    notes: [note],
  };
}

function sortEntries(entries: ShareEntry[]): ShareEntry[] {
  return entries.sort(
    (a, b) => b.share.hi - a.share.hi || b.share.lo - a.share.lo || a.country.localeCompare(b.country),
  );
}

/** USGS MCS 2025 mine production by country over the world total; the OTH row is left in the remainder. */
function mining(wanted?: number): StageShares {
  const { file, table, reader: r } = readReference(USGS_TABLE, USGS_COLUMNS);
  const rows = table.rows.filter(
    (row) => r.cell(row, "edition") === "MCS2025" && r.cell(row, "metric") === "mine_production",
  );
  const years = [...new Set(rows.map((row) => Number(r.cell(row, "year"))))].filter((y) => {
    return rows.some((row) => Number(r.cell(row, "year")) === y && r.cell(row, "country") === "WLD");
  });
  const year = pickYear(years, wanted);
  const basis = "mine production, t REO (USGS MCS 2025)";
  if (year === null) return noData("mining", basis, `no USGS MCS 2025 mine production for ${wanted}`);
  const ofYear = rows.filter((row) => Number(r.cell(row, "year")) === year);
  const num = (row: TableRow): number =>
    r.number(row, "value", { min: 0 }) ?? r.fail(row, "value", "is empty");
  const world = ofYear.find((row) => r.cell(row, "country") === "WLD") as TableRow;
  const total = num(world);
  const source = `USGS Mineral Commodity Summaries 2025, Rare Earths (${r.cell(world, "source_url")})`;
  const entries: ShareEntry[] = [];
  const notes = [
    `World total ${total.toLocaleString("en-US")} t REO as USGS states it; country figures are rounded, so shares may not sum to 100%.`,
  ];
  for (const row of ofYear) {
    const c = r.cell(row, "country");
    if (c === "WLD") continue;
    const v = num(row);
    if (c === "OTH") {
      notes.push(
        `"Other countries" (${v.toLocaleString("en-US")} t) is an aggregate: it stays in the remainder, taken as many producers no larger than the smallest listed one.`,
      );
      continue;
    }
    if (v === 0) continue;
    entries.push({ country: c, share: point(v / total), source });
  }
  if (entries.length === 0) throw new ImportError(file, null, "country", `no country rows for ${year}`);
  return {
    stage: "mining",
    year,
    basis,
    entries: sortEntries(entries),
    remainder: remainderOf(entries),
    noData: false,
    sources: [source],
    notes,
  };
}

/** Published shares of refined output: rival figures for one country become their hull. */
function separation(wanted?: number): StageShares {
  const ref = readReference(INDICATORS, ["indicator", "subject", "year", "value", "unit", "source_url"]);
  const { table } = ref;
  const r: RowReader = ref.reader;
  const rows = table.rows.filter(
    (row) => r.cell(row, "indicator") === "country_share_refining" && r.cell(row, "unit") === "%",
  );
  const year = pickYear([...new Set(rows.map((row) => Number(r.cell(row, "year"))))], wanted);
  const basis = "share of refined rare-earth output (published shares)";
  if (year === null) return noData("separation", basis, `no published refining shares for ${wanted}`);
  const entries = sharesByCountry(
    r,
    rows.filter((x) => Number(r.cell(x, "year")) === year),
    (row) => {
      const name = r.cell(row, "subject").split(" - ")[1]?.trim().toLowerCase() ?? "";
      return COUNTRY_BY_NAME[name] ?? r.fail(row, "subject", `no country code for "${name}"`);
    },
  );
  return {
    stage: "separation",
    year,
    basis,
    entries,
    remainder: remainderOf(entries),
    noData: false,
    sources: [...new Set(entries.flatMap((e) => e.source.split("; ")))],
    notes: [
      "Only the countries a source names are listed; the rest is an unexplained remainder, bounded, never split.",
    ],
  };
}

function metal(): StageShares {
  return noData(
    "metal",
    "rare-earth metal and alloy output",
    "No country shares for metal and alloy making are in the bundled data: no data.",
  );
}

/** Published shares of magnet production or supply: China's rival figures and bounds become one interval. */
function magnet(wanted?: number): StageShares {
  const ref = readReference(CAPACITY, [
    "entity",
    "country",
    "stage",
    "year",
    "metric",
    "value",
    "unit",
    "source_url",
  ]);
  const { table } = ref;
  const r: RowReader = ref.reader;
  const rows = table.rows.filter(
    (row) =>
      r.cell(row, "stage") === "magnet" &&
      r.cell(row, "unit") === "%" &&
      /^share_of_(global_magnet|industry|powerful_permanent_magnets)/.test(r.cell(row, "metric")),
  );
  const year = pickYear([...new Set(rows.map((row) => Number(r.cell(row, "year"))))], wanted);
  const basis = "share of rare-earth magnet production (published shares)";
  if (year === null) return noData("magnet", basis, `no published magnet shares for ${wanted}`);
  const entries = sharesByCountry(
    r,
    rows.filter((x) => Number(r.cell(x, "year")) === year),
    (row) => r.cell(row, "country"),
  );
  return {
    stage: "magnet",
    year,
    basis,
    entries,
    remainder: remainderOf(entries),
    noData: false,
    sources: [...new Set(entries.flatMap((e) => e.source.split("; ")))],
    notes: [
      "No national totals outside China are in the bundled data (Japan, Vietnam, the EU): the rest is a bounded remainder.",
    ],
  };
}

/**
 * Published percentage shares grouped by country: a bound (">90%") is an interval, and rival
 * figures for one country become their hull, with every source kept.
 */
function sharesByCountry(
  r: RowReader,
  rows: readonly TableRow[],
  countryOf: (row: TableRow) => string,
): ShareEntry[] {
  const byCountry = new Map<string, { shares: Interval[]; sources: string[] }>();
  for (const row of rows) {
    const country = countryOf(row);
    const b =
      parseBound(r.cell(row, "value"), 100) ??
      r.fail(row, "value", `"${r.cell(row, "value")}" is not a share`);
    const have = byCountry.get(country) ?? { shares: [], sources: [] };
    have.shares.push(between(b[0] / 100, b[1] / 100));
    have.sources.push(r.cell(row, "source_url"));
    byCountry.set(country, have);
  }
  return sortEntries(
    [...byCountry.entries()].map(([country, v]) => ({
      country,
      share: hull(v.shares),
      source: v.sources.join("; "),
      ...(v.shares.length > 1
        ? {
            note: `${v.shares.length} sources differ (bounds such as ">90%" kept as bounds): their range is kept`,
          }
        : {}),
    })),
  );
}
