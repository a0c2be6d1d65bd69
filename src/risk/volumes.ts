/**
 * Yearly volumes of the products that carry magnets — vehicles sold, wind capacity added, aircraft
 * delivered, robots shipped — from data/reference/end_use_volumes.csv or a user's file in the same
 * layout. Each row maps to a product by an explicit table that also says whether the row is the
 * product's total or only a part of it (onshore wind, Tesla's robots), and rows that are not a
 * yearly flow (shares, capacities, cumulative or installed-base counts, half-years) are listed as
 * not used with their reason. Rival figures for one product, region and year become a range.
 * @module
 * @example
 * const v = loadVolumes();
 * volumeFor(v.rows, "ev", "USA", 2023)?.count; // { lo: 1189051, hi: 1210000 }: KBB and its revision
 */
import { countryByIso3 } from "../ref/countries.js";
import { readReference, userPath } from "../data/reference/read.js";
import type { RowReader, TableRow } from "../data/sources/table.js";
import { between, hull, type Interval } from "./interval.js";
import {
  countUnit,
  endUseByKey,
  LOWER_BOUND,
  PRODUCTS,
  reliabilityCell,
  sourceOf,
  splitQualifiers,
  weakest,
  type Reliability,
  type SkippedRow,
  type SourceRef,
} from "./intensities.js";

/** actual: a count of what happened (or an estimate of it); forecast and target: what someone expects. */
export type VolumeKind = "actual" | "forecast" | "target";

/** total: the whole product in the region; part: a subset (onshore only, one company) — never used as the total. */
export type VolumeRole = "total" | "part";

/**
 * Which product each row of end_use_volumes.csv counts (by its `end_use` text), whether it is the
 * total or a part, or null with the reason it is not a yearly volume. A user's file may use these
 * labels or product keys (ev, wind-capacity, f35…), which count as totals.
 */
export const VOLUME_MAP: readonly {
  label: string;
  product: string | null;
  role?: VolumeRole;
  reason?: string;
}[] = [
  { label: "light-vehicle EV sales (battery-electric)", product: "ev", role: "total" },
  {
    label: "light-vehicle EV share of new sales (Cox/Edmunds definition)",
    product: null,
    reason: "a share of sales, not a count",
  },
  { label: "electric car sales (BEV+PHEV)", product: "ev", role: "total" },
  { label: "electric vehicle sales", product: "ev", role: "total" },
  { label: "electric vehicle sales (scope unclear)", product: "ev", role: "total" },
  { label: "electric vehicle sales (BEV+PHEV+FCEV)", product: "ev", role: "total" },
  { label: "electric car sales (projection)", product: "ev", role: "total" },
  { label: "humanoid robot production target (Tesla Optimus)", product: "humanoid-robot", role: "part" },
  { label: "humanoid robot shipments (forecast)", product: "humanoid-robot", role: "total" },
  { label: "humanoid robot shipments (forecast, base case)", product: "humanoid-robot", role: "total" },
  {
    label: "humanoid robots shipped (forecast, cumulative)",
    product: null,
    reason: "cumulative shipments to 2030, not a yearly flow",
  },
  {
    label: "humanoid robots in service (forecast)",
    product: null,
    reason: "an installed base (a stock), not a yearly flow",
  },
  { label: "F-35 deliveries (all customers)", product: "f35", role: "total" },
  { label: "F-35 production capacity", product: null, reason: "a production capacity, not output" },
  { label: "wind capacity additions (onshore + offshore)", product: "wind-capacity", role: "total" },
  { label: "wind capacity additions, onshore", product: "wind-capacity", role: "part" },
  { label: "wind capacity additions, offshore", product: "wind-capacity", role: "part" },
  {
    label: "wind capacity additions (onshore new + repowering + offshore)",
    product: "wind-capacity",
    role: "total",
  },
  { label: "wind capacity additions, new onshore builds", product: "wind-capacity", role: "part" },
  { label: "wind capacity additions, land-based", product: "wind-capacity", role: "part" },
  { label: "wind capacity additions, onshore (forecast)", product: "wind-capacity", role: "part" },
];

/** Single rows of the bundled table that are not used although their label is, and why. */
export const VOLUME_ROW_EXCLUSIONS: readonly { label: string; year: number; reason: string }[] = [
  {
    label: "humanoid robot shipments (forecast)",
    year: 2035,
    reason: "the source does not make clear whether 1.4 million is a 2035 figure or a cumulative total",
  },
];

/** Units or labels that make a row something other than one year's flow. */
const NOT_YEARLY =
  /cumulative|installed base|in service|first half|second half|\bH[12]\b|quarter|\bQ[1-4]\b/i;

export interface VolumeRow {
  readonly line: number;
  readonly label: string;
  readonly product: string;
  readonly role: VolumeRole;
  readonly region: string;
  readonly year: number;
  /** In `unit` (GW are stored as MW). */
  readonly count: number;
  readonly unit: string;
  readonly statedUnit: string;
  readonly openAbove: boolean;
  readonly kind: VolumeKind;
  readonly reliability: Reliability;
  readonly source: SourceRef;
  readonly note: string;
}

export interface Volumes {
  readonly file: string;
  readonly rows: readonly VolumeRow[];
  readonly skipped: readonly SkippedRow[];
}

export const VOLUME_COLUMNS = [
  "end_use",
  "region",
  "year",
  "volume",
  "unit",
  "reliability",
  "source_url",
] as const;

/**
 * Reads the bundled volume table, or a user's file in the same layout (end_use, region, year,
 * volume, unit, reliability, source_url; source_date and note optional). A bad cell is an
 * ImportError `file:line: field: reason`.
 */
export function loadVolumes(path?: string): Volumes {
  const { file, table, reader: r } = readReference(userPath(path) ?? "end_use_volumes.csv", VOLUME_COLUMNS);
  const rows: VolumeRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const row of table.rows) {
    const label = r.required(row, "end_use");
    const mapped = VOLUME_MAP.find((m) => m.label.toLowerCase() === label.toLowerCase());
    const product = mapped ? mapped.product : productOfKey(label);
    if (!mapped && product === null) {
      r.fail(
        row,
        "end_use",
        `unknown product "${label}": use a key (${PRODUCTS.map((p) => p.key).join(", ")}) or a label of the bundled table`,
      );
    }
    if (product === null) {
      skipped.push({ file, line: row.line, label, reason: mapped?.reason ?? "not a volume" });
      continue;
    }
    const year = yearCell(r, row);
    const excluded = VOLUME_ROW_EXCLUSIONS.find(
      (x) => x.label.toLowerCase() === label.toLowerCase() && x.year === year,
    );
    if (excluded) {
      skipped.push({ file, line: row.line, label, reason: excluded.reason });
      continue;
    }
    const statedUnit = r.required(row, "unit");
    const notYearly = NOT_YEARLY.exec(`${statedUnit} ${label}`);
    if (notYearly) {
      skipped.push({ file, line: row.line, label, reason: `not a full year's flow ("${notYearly[0]}")` });
      continue;
    }
    rows.push(volumeRow(r, row, { label, product, role: mapped?.role ?? "total", year, statedUnit }));
  }
  return { file, rows, skipped };
}

function productOfKey(key: string): string | null {
  return PRODUCTS.find((p) => p.key === key)?.key ?? endUseByKey(key)?.product ?? null;
}

function yearCell(r: RowReader, row: TableRow): number {
  const text = r.required(row, "year");
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 1900 || y > 2100) r.fail(row, "year", `"${text}" is not a year (YYYY)`);
  return y;
}

function volumeRow(
  r: RowReader,
  row: TableRow,
  at: { label: string; product: string; role: VolumeRole; year: number; statedUnit: string },
): VolumeRow {
  const region = r.required(row, "region").toUpperCase();
  if (!countryByIso3(region)) {
    r.fail(row, "region", `unknown country or aggregate code "${region}"`);
  }
  const { base, qualifiers } = splitQualifiers(at.statedUnit);
  const unit = countUnit(base);
  if (unit === null) {
    r.fail(
      row,
      "unit",
      `"${at.statedUnit}" is not a count of products (vehicles, GW, MW, aircraft, robots, turbines…)`,
    );
  }
  const volume = r.figure(row, "volume") ?? r.fail(row, "volume", "is empty");
  const words = `${at.label} ${at.statedUnit}`;
  const kind: VolumeKind = /target/i.test(words)
    ? "target"
    : /forecast|projection|projected|outlook/i.test(words)
      ? "forecast"
      : "actual";
  return {
    line: row.line,
    label: at.label,
    product: at.product,
    role: at.role,
    region,
    year: at.year,
    count: volume * unit.factor,
    unit: unit.unit,
    statedUnit: at.statedUnit,
    openAbove: LOWER_BOUND.test(qualifiers),
    kind,
    reliability: reliabilityCell(r, row),
    source: sourceOf(r, row),
    note: r.cell(row, "note"),
  };
}

/** One product's volume in one region and year: the range of the rival rows used, and the rest. */
export interface VolumeEstimate {
  readonly product: string;
  readonly region: string;
  readonly year: number;
  readonly unit: string;
  readonly count: Interval;
  /** The highest figure is only a floor ("more than"). */
  readonly openAbove: boolean;
  readonly kind: VolumeKind;
  readonly rows: readonly VolumeRow[];
  readonly reliability: Reliability;
  /** Rows of the same product, region and year that were not used: parts, or a weaker kind. */
  readonly notUsed: readonly { row: VolumeRow; reason: string }[];
}

const KIND_ORDER: readonly VolumeKind[] = ["actual", "forecast", "target"];

/**
 * The volume of a product in a region and year from its total rows: actual figures when there are
 * any, else forecasts, else targets; rival figures of that kind in the first matching unit become
 * their range (the hull). `units` limits the units considered (those an intensity exists for).
 */
export function volumeFor(
  rows: readonly VolumeRow[],
  product: string,
  region: string,
  year: number,
  units?: readonly string[],
): VolumeEstimate | null {
  const all = rows.filter((r) => r.product === product && r.region === region && r.year === year);
  const totals = all.filter((r) => r.role === "total" && (!units || units.includes(r.unit)));
  const kind = KIND_ORDER.find((k) => totals.some((r) => r.kind === k));
  if (kind === undefined) return null;
  const unit = (totals.find((r) => r.kind === kind) as VolumeRow).unit;
  const used = totals.filter((r) => r.kind === kind && r.unit === unit);
  const count = hull(used.map((r) => between(r.count, r.count)));
  // Open above only when the highest figure is a floor and no closed figure reaches it.
  const atMax = used.filter((r) => r.count === count.hi);
  const notUsed = all
    .filter((r) => !used.includes(r))
    .map((row) => ({
      row,
      reason:
        row.role === "part"
          ? "a part of the total, not the total"
          : row.kind !== kind
            ? `a ${row.kind}, and ${kind} figures exist`
            : `in ${row.unit}, not ${unit}`,
    }));
  return {
    product,
    region,
    year,
    unit,
    count,
    openAbove: atMax.every((r) => r.openAbove),
    kind,
    rows: used,
    reliability: weakest(used.map((r) => r.reliability)) as Reliability,
    notUsed,
  };
}
