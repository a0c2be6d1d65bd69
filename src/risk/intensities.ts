/**
 * Magnet intensities: how many kilograms of magnet, of rare-earth metal or of one element a product
 * carries (per vehicle, per MW of wind capacity, per aircraft), read from
 * data/reference/magnet_demand_intensity.csv or a user's file in the same layout. The end uses,
 * the products they are counted in, and which source row feeds which end use are explicit tables
 * here; a row that states a count of magnets rather than a mass, or a composition share, is
 * listed as not used with its reason, never turned into a guessed mass. Rival figures for one end
 * use stay apart as rows and become a range where they meet.
 * @module
 * @example
 * const f35 = loadIntensities().rows.filter((r) => r.endUse === "f35");
 * f35.map((r) => r.kgPerUnit.lo); // [417.30498…, 408]: 920 lb (DoD) and 408 kg (Sen. Cruz)
 */
import { ELEMENTS, type Element, type MaterialBasis } from "../units/basis.js";
import { parseBound, readReference, userPath } from "../data/reference/read.js";
import type { RowReader, TableRow } from "../data/sources/table.js";
import { between, type Interval } from "./interval.js";

/** How far a source's figure can be trusted, as the reference tables grade it. */
export type Reliability = "high" | "medium" | "low";

const RELIABILITY_ORDER: readonly Reliability[] = ["low", "medium", "high"];

/** The weakest grade among the inputs of a result (a result is only as good as its worst input). */
export function weakest(grades: readonly Reliability[]): Reliability | null {
  if (grades.length === 0) return null;
  return RELIABILITY_ORDER.find((g) => grades.includes(g)) ?? null;
}

/** Reads the `reliability` cell: high, medium or low. */
export function reliabilityCell(r: RowReader, row: TableRow): Reliability {
  const v = r.required(row, "reliability").toLowerCase();
  if (v === "high" || v === "medium" || v === "low") return v;
  return r.fail(row, "reliability", `"${v}" is not high, medium or low`);
}

/** Where a figure comes from: the source's address and date, and the row that states it. */
export interface SourceRef {
  readonly url: string;
  readonly date: string;
  readonly file: string;
  readonly line: number;
}

export function sourceOf(r: RowReader, row: TableRow): SourceRef {
  return {
    url: r.cell(row, "source_url") || `${r.file}:${row.line}`,
    date: r.cell(row, "source_date"),
    file: r.file,
    line: row.line,
  };
}

/** A row of an input file that is read but not used, and why. */
export interface SkippedRow {
  readonly file: string;
  readonly line: number;
  readonly label: string;
  readonly reason: string;
  /** The end use the row names, when it names one. */
  readonly endUse?: string;
}

/** What is counted in a volume: vehicles sold, MW of wind capacity added, aircraft delivered… */
export interface Product {
  readonly key: string;
  readonly name: string;
}

export const PRODUCTS: readonly Product[] = [
  { key: "ev", name: "electric light vehicles sold" },
  { key: "hybrid-vehicle", name: "hybrid vehicles sold" },
  { key: "e-bike", name: "e-bikes sold" },
  { key: "wind-capacity", name: "wind capacity added, all turbine types" },
  { key: "wind-pm-capacity", name: "wind capacity added with permanent-magnet generators" },
  { key: "humanoid-robot", name: "humanoid robots shipped" },
  { key: "industrial-robot", name: "industrial and collaborative robots installed" },
  { key: "f35", name: "F-35 aircraft delivered" },
  { key: "ddg-51", name: "Arleigh Burke DDG-51 destroyers built" },
  { key: "virginia-ssn", name: "Virginia-class submarines built" },
  { key: "hdd", name: "hard disk drives shipped" },
  { key: "smartphone", name: "smartphones shipped" },
  { key: "drone", name: "drones built" },
  { key: "missile", name: "missiles built" },
];

/**
 * An end use of magnets, counted in a product. `overlaps` names the end use this one is part of
 * or double-counts (a component, or the same vehicles on another scope): such end uses are shown
 * but not ranked, so a ranking never counts one tonne twice.
 */
export interface EndUse {
  readonly key: string;
  readonly name: string;
  readonly product: string;
  readonly overlaps?: string;
  readonly note?: string;
}

/** The end uses, in the order ties are ranked and "no data" rows are listed. */
export const END_USES: readonly EndUse[] = [
  { key: "ev-traction", name: "EV traction motors", product: "ev" },
  {
    key: "ev-all-systems",
    name: "EVs, all rare earths",
    product: "ev",
    overlaps: "ev-traction",
    note: "rare earths in the whole vehicle (motors, batteries, auxiliaries): another scope than the traction-motor magnets",
  },
  { key: "hybrid-traction", name: "hybrid traction motors", product: "hybrid-vehicle" },
  { key: "e-bike", name: "e-bike hub motors", product: "e-bike" },
  { key: "wind", name: "wind turbines, all types", product: "wind-capacity" },
  {
    key: "wind-direct-drive",
    name: "wind turbines with PM generators",
    product: "wind-pm-capacity",
    overlaps: "wind",
    note: "PM-generator turbines are part of all wind capacity; additions are not split by drivetrain in the data",
  },
  { key: "humanoid-robot", name: "humanoid robots", product: "humanoid-robot" },
  { key: "industrial-robot", name: "industrial and collaborative robots", product: "industrial-robot" },
  { key: "f35", name: "F-35 Lightning II", product: "f35" },
  { key: "ddg-51", name: "Arleigh Burke DDG-51 destroyers", product: "ddg-51" },
  {
    key: "ddg-51-spy-1d",
    name: "AN/SPY-1D radar (DDG-51)",
    product: "ddg-51",
    overlaps: "ddg-51",
    note: "a component of the ship's figure",
  },
  { key: "virginia-ssn", name: "Virginia-class submarines", product: "virginia-ssn" },
  {
    key: "virginia-ssn-sonar",
    name: "Virginia-class sonar",
    product: "virginia-ssn",
    overlaps: "virginia-ssn",
    note: "a component of the boat's figure",
  },
  { key: "hdd", name: "hard disk drives", product: "hdd" },
  { key: "smartphone", name: "smartphones", product: "smartphone" },
  { key: "drone", name: "drones", product: "drone" },
  { key: "missile", name: "missiles", product: "missile" },
];

export function endUseByKey(key: string): EndUse | undefined {
  return END_USES.find((e) => e.key === key);
}

/**
 * Which end use each row of magnet_demand_intensity.csv describes (by its `end_use` text), or
 * null with the reason for rows that are not a per-product intensity. A user's file may use these
 * labels or the end-use keys themselves.
 */
export const INTENSITY_MAP: readonly { label: string; endUse: string | null; reason?: string }[] = [
  { label: "wind turbine, direct-drive PM generator (large)", endUse: "wind-direct-drive" },
  { label: "wind turbine, direct-drive PM generator (medium)", endUse: "wind-direct-drive" },
  { label: "wind turbine, direct-drive PM generator (small)", endUse: "wind-direct-drive" },
  { label: "wind turbine, low-speed PM generator", endUse: "wind-direct-drive" },
  { label: "wind turbine, all types (average assumption)", endUse: "wind" },
  { label: "wind turbine (unspecified)", endUse: "wind" },
  { label: "humanoid robot (e.g., Tesla Optimus)", endUse: "humanoid-robot" },
  { label: "humanoid robot", endUse: "humanoid-robot" },
  { label: "F-35 Lightning II", endUse: "f35" },
  { label: "Arleigh Burke DDG-51 destroyer", endUse: "ddg-51" },
  { label: "AN/SPY-1D radar (per Arleigh Burke)", endUse: "ddg-51-spy-1d" },
  { label: "Virginia-class submarine", endUse: "virginia-ssn" },
  { label: "Virginia-class submarine sonar", endUse: "virginia-ssn-sonar" },
  { label: "hard disk drive", endUse: "hdd" },
  { label: "battery EV traction motor (small car)", endUse: "ev-traction" },
  { label: "battery EV traction motor", endUse: "ev-traction" },
  { label: "EV traction motor (MP Materials sizing claim)", endUse: "ev-traction" },
  { label: "EV (Neo Narva sizing claim)", endUse: "ev-traction" },
  {
    label: "NdFeB magnet composition",
    endUse: null,
    reason: "a composition factor, not a per-product intensity (the 30% backs MAGNET_TO_RE_METAL)",
  },
  {
    label: "H-grade (high-temperature) sintered NdFeB, conventional",
    endUse: null,
    reason: "a heavy-rare-earth content of a magnet grade, not a per-product intensity",
  },
  { label: "battery EV traction motor (PMSM), scaled by peak power", endUse: "ev-traction" },
  { label: "battery EV drive motor", endUse: "ev-traction" },
  { label: "electric vehicle (all systems)", endUse: "ev-all-systems" },
  { label: "hybrid vehicle traction motor (Toyota Prius, 2009)", endUse: "hybrid-traction" },
  { label: "e-bike hub motor", endUse: "e-bike" },
  { label: "smartphone", endUse: "smartphone" },
  { label: "smartphone (flagship, 2025 generation)", endUse: "smartphone" },
  { label: "collaborative robot (6-axis cobot)", endUse: "industrial-robot" },
];

/**
 * The material basis of each `material` text in the bundled table. Rare earths "as stated" in a
 * finished product (an aircraft, a robot) are taken as rare-earth metal content: they sit in
 * magnets and alloys, not as oxide — an assumption stated here once. A user's file may also write
 * a basis directly (magnet, REO, RE-metal, Nd, Dy…).
 */
export const MATERIAL_BASIS: readonly { material: string; basis: MaterialBasis }[] = [
  { material: "NdFeB magnet", basis: "magnet" },
  { material: "sintered NdFeB magnet", basis: "magnet" },
  { material: "rare earth magnets (NdFeB)", basis: "magnet" },
  { material: "rare earth elements (as stated)", basis: "RE-metal" },
  { material: "rare earth metals", basis: "RE-metal" },
  { material: "rare earth materials", basis: "RE-metal" },
  { material: "rare earths", basis: "RE-metal" },
  { material: "neodymium (element)", basis: "Nd" },
  { material: "neodymium (as stated)", basis: "Nd" },
  { material: "neodymium (element, as stated)", basis: "Nd" },
];

const ELEMENT_NAMES: Record<string, Element> = {
  neodymium: "Nd",
  praseodymium: "Pr",
  dysprosium: "Dy",
  terbium: "Tb",
  samarium: "Sm",
  cerium: "Ce",
  lanthanum: "La",
  yttrium: "Y",
  gadolinium: "Gd",
  holmium: "Ho",
  erbium: "Er",
  europium: "Eu",
  lutetium: "Lu",
  scandium: "Sc",
  thulium: "Tm",
  ytterbium: "Yb",
};

function basisOf(material: string): MaterialBasis | null {
  const t = material.trim();
  const known = MATERIAL_BASIS.find((m) => m.material.toLowerCase() === t.toLowerCase());
  if (known) return known.basis;
  if (/^(magnet|ndfeb|smco)\b/i.test(t) || /\bmagnets?\b/i.test(t)) return "magnet";
  if (/^reo$/i.test(t) || /\boxides?\b/i.test(t)) return "REO";
  if (/^re-metal$/i.test(t) || /^rare[ -]earth/i.test(t)) return "RE-metal";
  const symbol = ELEMENTS.find((e) => e === t);
  if (symbol) return symbol;
  const name = /^([a-z]+)/i.exec(t)?.[1]?.toLowerCase();
  return (name && ELEMENT_NAMES[name]) || null;
}

/** Kilograms per mass unit; the pound is exact by definition (1 lb = 0.45359237 kg). */
const KG_PER_MASS_UNIT: Record<string, number> = {
  kg: 1,
  g: 0.001,
  t: 1000,
  tonne: 1000,
  tonnes: 1000,
  lb: 0.45359237,
  lbs: 0.45359237,
};

/** Product counting units: the canonical unit and how many of it one named unit is (1 GW = 1,000 MW). */
const COUNT_UNITS: Record<string, { unit: string; factor: number }> = {
  vehicle: { unit: "vehicle", factor: 1 },
  car: { unit: "vehicle", factor: 1 },
  mw: { unit: "MW", factor: 1 },
  gw: { unit: "MW", factor: 1000 },
  kw: { unit: "MW", factor: 0.001 },
  aircraft: { unit: "aircraft", factor: 1 },
  turbine: { unit: "turbine", factor: 1 },
  robot: { unit: "robot", factor: 1 },
  ship: { unit: "ship", factor: 1 },
  boat: { unit: "boat", factor: 1 },
  hdd: { unit: "HDD", factor: 1 },
  motor: { unit: "motor", factor: 1 },
  radar: { unit: "radar", factor: 1 },
  phone: { unit: "phone", factor: 1 },
  smartphone: { unit: "phone", factor: 1 },
  drone: { unit: "drone", factor: 1 },
  missile: { unit: "missile", factor: 1 },
  "e-bike": { unit: "e-bike", factor: 1 },
  bike: { unit: "e-bike", factor: 1 },
  unit: { unit: "unit", factor: 1 },
};

/**
 * A counting unit as sources write it ("vehicles", "GW", "kW peak motor power") → the canonical
 * unit and the factor to it. Words after the unit stay in the name, so "MW peak motor power"
 * never matches "MW" of wind capacity.
 */
export function countUnit(text: string): { unit: string; factor: number } | null {
  const words = text
    .trim()
    .replace(/\s+per\s+year$/i, "")
    .split(/\s+/);
  const head = words[0]?.toLowerCase() ?? "";
  const known = COUNT_UNITS[head] ?? (head.endsWith("s") ? COUNT_UNITS[head.slice(0, -1)] : undefined);
  if (!known) return null;
  const rest = words.slice(1).join(" ");
  return { unit: rest ? `${known.unit} ${rest}` : known.unit, factor: known.factor };
}

/** The parenthesised qualifiers of a unit ("lb per boat (lower bound)" → ["lower bound"]) and the rest. */
export function splitQualifiers(unit: string): { base: string; qualifiers: string } {
  const q = [...unit.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] ?? "").join("; ");
  return {
    base: unit
      .replace(/\([^)]*\)/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    qualifiers: q,
  };
}

/** Words that make a stated figure a floor: "more than 10,000 pounds". */
export const LOWER_BOUND = /lower bound|more than|at least|surpass/i;

export interface IntensityRow {
  readonly line: number;
  /** The `end_use` text as the file states it. */
  readonly label: string;
  readonly endUse: string;
  readonly basis: MaterialBasis;
  readonly material: string;
  /** Canonical unit of the product ("vehicle", "MW", "aircraft"). */
  readonly unit: string;
  readonly statedUnit: string;
  /** Kilograms of `basis` per one `unit`. */
  readonly kgPerUnit: Interval;
  /** The source gives only a floor ("more than"): the upper bound is the highest stated figure. */
  readonly openAbove: boolean;
  readonly reliability: Reliability;
  readonly source: SourceRef;
  readonly note: string;
}

export interface Intensities {
  readonly file: string;
  readonly rows: readonly IntensityRow[];
  readonly skipped: readonly SkippedRow[];
}

export const INTENSITY_COLUMNS = [
  "end_use",
  "intensity",
  "intensity_low",
  "intensity_high",
  "unit",
  "material",
  "reliability",
  "source_url",
] as const;

/**
 * Reads the bundled intensity table, or a user's file in the same layout (columns end_use,
 * intensity, intensity_low, intensity_high, unit, material, reliability, source_url; source_date
 * and note optional). A bad cell is an ImportError `file:line: field: reason`.
 */
export function loadIntensities(path?: string): Intensities {
  const {
    file,
    table,
    reader: r,
  } = readReference(userPath(path) ?? "magnet_demand_intensity.csv", INTENSITY_COLUMNS);
  const rows: IntensityRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const row of table.rows) {
    const label = r.required(row, "end_use");
    const mapped = INTENSITY_MAP.find((m) => m.label.toLowerCase() === label.toLowerCase());
    const endUse = mapped ? mapped.endUse : (endUseByKey(label)?.key ?? null);
    if (!mapped && endUse === null) {
      r.fail(
        row,
        "end_use",
        `unknown end use "${label}": use a key (${END_USES.map((e) => e.key).join(", ")}) or a label of the bundled table`,
      );
    }
    if (endUse === null) {
      skipped.push({ file, line: row.line, label, reason: mapped?.reason ?? "not an intensity" });
      continue;
    }
    const statedUnit = r.required(row, "unit");
    const material = r.cell(row, "material");
    if (statedUnit.startsWith("%")) {
      skipped.push({
        file,
        line: row.line,
        label,
        endUse,
        reason: "a composition share, not a mass per product",
      });
      continue;
    }
    if (/\bcount\b/i.test(statedUnit) || /\bcount\b/i.test(material)) {
      skipped.push({
        file,
        line: row.line,
        label,
        endUse,
        reason: `a count (${statedUnit}), not a mass: no mass per product is stated`,
      });
      continue;
    }
    rows.push(intensityRow(r, row, label, endUse, statedUnit, material));
  }
  return { file, rows, skipped };
}

function intensityRow(
  r: RowReader,
  row: TableRow,
  label: string,
  endUse: string,
  statedUnit: string,
  material: string,
): IntensityRow {
  const { base, qualifiers } = splitQualifiers(statedUnit);
  const m = /^(\S+)(?:\s+[a-z][a-z ]*?)?\s+per\s+(?:~?([\d.,]+)(?:\s*(million|thousand))?\s+)?(.+)$/i.exec(
    base,
  );
  const massFactor = m ? KG_PER_MASS_UNIT[(m[1] ?? "").toLowerCase()] : undefined;
  const per = m ? countUnit(m[4] ?? "") : null;
  if (!m || massFactor === undefined || per === null) {
    r.fail(
      row,
      "unit",
      `"${statedUnit}" is not a mass per product (e.g. "kg per vehicle", "lb per aircraft", "kg per MW")`,
    );
  }
  const perCount =
    (m[2] ? Number(m[2].replace(/,/g, "")) : 1) *
    (m[3]?.toLowerCase() === "million" ? 1e6 : m[3] ? 1e3 : 1) *
    per.factor;
  if (!(perCount > 0)) r.fail(row, "unit", `"${statedUnit}" divides by zero products`);
  const basis = basisOf(material);
  if (basis === null) {
    r.fail(
      row,
      "material",
      `"${material}" is not a material basis (NdFeB magnet, rare earth, REO, RE-metal, Nd, Dy…)`,
    );
  }
  const { value, openAbove } = statedValue(r, row);
  const k = massFactor / perCount;
  return {
    line: row.line,
    label,
    endUse,
    basis,
    material,
    unit: per.unit,
    statedUnit,
    kgPerUnit: between(value.lo * k, value.hi * k),
    openAbove: openAbove || LOWER_BOUND.test(qualifiers),
    reliability: reliabilityCell(r, row),
    source: sourceOf(r, row),
    note: r.cell(row, "note"),
  };
}

/** The figure as stated: `intensity` ("650", "625-850", ">900") or `intensity_low`…`intensity_high`. */
function statedValue(r: RowReader, row: TableRow): { value: Interval; openAbove: boolean } {
  const text = r.cell(row, "intensity");
  const lo = r.number(row, "intensity_low", { min: 0 });
  const hi = r.number(row, "intensity_high", { min: 0 });
  if ((lo === null) !== (hi === null)) {
    r.fail(row, lo === null ? "intensity_low" : "intensity_high", "is empty: give both ends of the range");
  }
  let stated: [number, number] | null = null;
  if (text !== "") {
    stated = parseBound(text);
    if (stated === null) r.fail(row, "intensity", `"${text}" is not a number or a range`);
    if (stated[0] < 0) r.fail(row, "intensity", `${text} is negative`);
  }
  if (lo !== null && hi !== null) {
    if (lo > hi) r.fail(row, "intensity_low", `${lo} is above intensity_high ${hi}`);
    if (stated && (stated[0] < lo || (Number.isFinite(stated[1]) && stated[1] > hi))) {
      r.fail(row, "intensity", `${text} is outside intensity_low…intensity_high (${lo}–${hi})`);
    }
    return { value: between(lo, hi), openAbove: false };
  }
  if (stated === null) {
    return r.fail(row, "intensity", "is empty: give intensity, or intensity_low and intensity_high");
  }
  return Number.isFinite(stated[1])
    ? { value: between(stated[0], stated[1]), openAbove: false }
    : { value: between(stated[0], stated[0]), openAbove: true };
}
