/**
 * End-use exposure: magnet demand per end use in a region (intensity × yearly volume), the share
 * of it that depends on China, the tonnes at risk, months of cover for a stated inventory, and a
 * ranking. Pure: the caller loads intensities, volumes and China's share and passes them in.
 * Every figure is an interval — rival sources stay a range — and every mass carries its material
 * basis in its type: magnet demand is `MassRange<"magnet">`, rare-earth demand
 * `MassRange<"RE-metal">`, and they meet only through a cited `BasisFactor`.
 * @module
 * @example
 * const e = exposure({ intensities: loadIntensities(), volumes: loadVolumes(), region: "USA",
 *   dependence: chinaMagnetDependence(loadStageShares()) });
 * e.endUses.find((u) => u.key === "wind")?.demand; // { basis: "magnet", kg: { lo: 2600000, hi: 2600000 } }
 */
import {
  convertBasis,
  MAGNET_TO_RE_METAL,
  massOf,
  RE_METAL_TO_REO,
  type BasisFactor,
  type Mass,
  type MaterialBasis,
} from "../units/basis.js";
import { add, between, div, hull, mul, point, type Interval } from "./interval.js";
import {
  END_USES,
  weakest,
  type EndUse,
  type Intensities,
  type IntensityRow,
  type Reliability,
  type SkippedRow,
} from "./intensities.js";
import { volumeFor, type VolumeEstimate, type Volumes } from "./volumes.js";

/** A range of masses on one material basis. */
export interface MassRange<B extends MaterialBasis> {
  readonly lo: Mass<B>;
  readonly hi: Mass<B>;
}

/** A mass range with its basis as a tag, for results whose basis depends on the data. */
export type BasisMass = {
  [B in MaterialBasis]: { readonly basis: B; readonly kg: MassRange<B> };
}[MaterialBasis];

export function massRange<B extends MaterialBasis>(basis: B, i: Interval): MassRange<B> {
  return { lo: massOf(basis, i.lo), hi: massOf(basis, i.hi) };
}

/**
 * Adds two ranges on the same basis; adding magnet to oxide does not compile. (`NoInfer`: without
 * it TypeScript would infer B = "magnet" | "REO" and accept the mix.)
 */
export function addMass<B extends MaterialBasis>(a: MassRange<B>, b: NoInfer<MassRange<B>>): MassRange<B> {
  const s = add(a, b);
  return { lo: s.lo as Mass<B>, hi: s.hi as Mass<B> };
}

/** Converts a range through a factor, taking the factor's own range: low end × low factor, high × high. */
export function convertRange<F extends MaterialBasis, T extends MaterialBasis>(
  r: NoInfer<MassRange<F>>,
  f: BasisFactor<F, T>,
): MassRange<T> {
  return { lo: convertBasis(r.lo, { ...f, value: f.low }), hi: convertBasis(r.hi, { ...f, value: f.high }) };
}

/**
 * Oxide to metal, the inverse of RE_METAL_TO_REO (same stoichiometric source): 1 / 1.1664 kg metal
 * per kg oxide, over the range 1 / 1.208 (Pr₆O₁₁) to 1 / 1.148 (Dy₂O₃).
 */
export const REO_TO_RE_METAL: BasisFactor<"REO", "RE-metal"> = {
  from: "REO",
  to: "RE-metal",
  value: 1 / RE_METAL_TO_REO.value,
  low: 1 / RE_METAL_TO_REO.high,
  high: 1 / RE_METAL_TO_REO.low,
  source: RE_METAL_TO_REO.source,
  note: "inverse of RE_METAL_TO_REO",
};

/** A mass as rare-earth metal, the common basis of the ranking; null for one element (no sourced factor). */
export function toReMetal(m: BasisMass): MassRange<"RE-metal"> | null {
  switch (m.basis) {
    case "magnet":
      return convertRange(m.kg, MAGNET_TO_RE_METAL);
    case "RE-metal":
      return m.kg;
    case "REO":
      return convertRange(m.kg, REO_TO_RE_METAL);
    default:
      return null;
  }
}

/** China's share of the supply an end use depends on, with where it comes from. */
export interface ChinaDependence {
  readonly share: Interval;
  /** stage-share: China's share of a supply stage; import-share: of the region's imports; assumption: the user's. */
  readonly via: "stage-share" | "import-share" | "assumption";
  readonly label: string;
  readonly year: number | null;
  readonly sources: readonly string[];
  readonly note?: string;
}

/** The part of `StageShares` (risk/stage-data.ts) that exposure reads. */
export interface StageSharesLike {
  readonly stage: string;
  readonly year: number | null;
  readonly basis: string;
  readonly entries: readonly { country: string; share: Interval; source: string; note?: string }[];
  readonly noData: boolean;
  readonly sources: readonly string[];
}

/** China's share of magnet making, from the stage shares; null when that stage has no China figure. */
export function chinaMagnetDependence(stages: readonly StageSharesLike[]): ChinaDependence | null {
  const magnet = stages.find((s) => s.stage === "magnet");
  const chn = magnet?.entries.find((e) => e.country === "CHN");
  if (!magnet || magnet.noData || !chn) return null;
  return {
    share: chn.share,
    via: "stage-share",
    label: `China's ${magnet.basis}`,
    year: magnet.year,
    sources: chn.source.split("; "),
    note:
      "a global share of magnet making, applied to every region as a proxy for the region's own supply" +
      (chn.note ? `; ${chn.note}` : ""),
  };
}

/** An inventory assumption: months of the end use's own demand, or a mass for one end use. */
export type Inventory =
  | { readonly kind: "months"; readonly months: number }
  | { readonly kind: "mass"; readonly endUse: string; readonly basis: MaterialBasis; readonly kg: number };

/** Months an inventory lasts; `hi` null means without bound (no China dependence at the low end). */
export interface Cover {
  /** Inventory ÷ monthly tonnes at risk: how long the stock fills the gap if China's supply stops. */
  readonly ofShortfall: { readonly lo: number; readonly hi: number | null };
  /** Inventory ÷ monthly demand: how long the stock lasts with no supply at all. */
  readonly ofDemand: Interval;
}

/** The intensity of an end use on one basis: the range of its rival rows. */
export interface IntensityEstimate {
  readonly basis: MaterialBasis;
  readonly unit: string;
  readonly kgPerUnit: Interval;
  readonly openAbove: boolean;
  readonly rows: readonly IntensityRow[];
  readonly reliability: Reliability;
}

export interface EndUseExposure {
  readonly key: string;
  readonly name: string;
  readonly product: string;
  readonly overlaps: string | null;
  /** 1 = most tonnes at risk; null when not ranked (no data, overlapping, or no common basis). */
  readonly rank: number | null;
  /** Why nothing is computed ("no volume for USA"); null when computed. */
  readonly noData: string | null;
  readonly year: number | null;
  readonly volume: VolumeEstimate | null;
  readonly intensity: IntensityEstimate | null;
  /** Yearly demand on the intensity's basis (kg per year). */
  readonly demand: BasisMass | null;
  readonly demandReMetal: MassRange<"RE-metal"> | null;
  readonly chinaShare: Interval | null;
  readonly atRisk: BasisMass | null;
  readonly atRiskReMetal: MassRange<"RE-metal"> | null;
  readonly cover: Cover | null;
  readonly coverNote: string;
  /** Some figure is only a floor: the upper bounds are the highest stated figures. */
  readonly openAbove: boolean;
  /** The same volume with intensities on other bases (e.g. kg Nd "as stated"). */
  readonly alternatives: readonly { intensity: IntensityEstimate; demand: BasisMass }[];
  /** Intensity rows of this end use that fit no volume unit (per motor, per turbine…). */
  readonly unusedIntensities: readonly { row: IntensityRow; reason: string }[];
  readonly reliability: Reliability | null;
  readonly sources: readonly string[];
  readonly notes: readonly string[];
}

export interface ExposureInput {
  readonly intensities: Intensities;
  readonly volumes: Volumes;
  /** ISO3 or an aggregate (WLD). */
  readonly region: string;
  /** Every end use in this year; default: each end use's latest year with a volume (see yearRule). */
  readonly year?: number;
  readonly dependence: ChinaDependence | null;
  readonly inventory?: Inventory;
  /** Default END_USES. */
  readonly endUses?: readonly EndUse[];
}

export interface Exposure {
  readonly region: string;
  readonly year: number | null;
  readonly yearRule: string;
  readonly dependence: ChinaDependence | null;
  readonly inventory: Inventory | null;
  readonly rankingRule: string;
  readonly conversion: BasisFactor<"magnet", "RE-metal">;
  /** Ranked end uses first (rank 1 first), then the unranked with figures, then "no data", in table order. */
  readonly endUses: readonly EndUseExposure[];
  /** The sum over ranked end uses when they share one year; null otherwise (see totalNote). */
  readonly total: {
    readonly year: number;
    readonly demandReMetal: MassRange<"RE-metal">;
    readonly atRiskReMetal: MassRange<"RE-metal"> | null;
    readonly openAbove: boolean;
  } | null;
  readonly totalNote: string;
  readonly inputs: { readonly intensities: string; readonly volumes: string };
  readonly skipped: readonly SkippedRow[];
  readonly sources: readonly string[];
}

const BASIS_ORDER: readonly string[] = ["magnet", "RE-metal", "REO"];

function basisRank(b: MaterialBasis): number {
  const i = BASIS_ORDER.indexOf(b);
  return i < 0 ? BASIS_ORDER.length : i;
}

export const RANKING_RULE =
  `ranked by tonnes at risk as rare-earth metal (magnet × ${MAGNET_TO_RE_METAL.low}–${MAGNET_TO_RE_METAL.high}), ` +
  "by the midpoint of the range, largest first; ties keep the end-use table order; end uses that " +
  "overlap another, or have figures only for one element, are not ranked";

/** Midpoint of a range: the ranking key. */
function mid(r: Interval): number {
  return (r.lo + r.hi) / 2;
}

/**
 * Demand, China-dependent share, tonnes at risk and months of cover per end use in a region, and
 * their ranking (see RANKING_RULE).
 */
export function exposure(input: ExposureInput): Exposure {
  const endUses = input.endUses ?? END_USES;
  const yearRule =
    input.year !== undefined
      ? `volumes of ${input.year} (actual figures; forecasts or targets only where no actual exists, and labelled)`
      : referenceYearRule(input);
  const rows = endUses.map((e) => endUseExposure(e, input));

  const rankable = rows.filter(
    (r) => r.noData === null && r.overlaps === null && (r.atRiskReMetal ?? r.demandReMetal) !== null,
  );
  const key = (r: EndUseExposure) => mid((r.atRiskReMetal ?? r.demandReMetal) as Interval);
  const ranked = rankable
    .map((r, i) => ({ r, i }))
    .sort((a, b) => key(b.r) - key(a.r) || a.i - b.i)
    .map(({ r }, i) => ({ ...r, rank: i + 1 }));
  const rest = rows.filter((r) => !rankable.includes(r));
  const ordered = [
    ...ranked,
    ...rest.filter((r) => r.noData === null),
    ...rest.filter((r) => r.noData !== null),
  ];

  const years = [...new Set(ranked.map((r) => r.year))];
  let total: Exposure["total"] = null;
  let totalNote = "no ranked end use: nothing to sum";
  if (ranked.length > 0 && years.length === 1) {
    const demand = ranked.map((r) => r.demandReMetal as MassRange<"RE-metal">).reduce(addMass);
    const risk = ranked.every((r) => r.atRiskReMetal)
      ? ranked.map((r) => r.atRiskReMetal as MassRange<"RE-metal">).reduce(addMass)
      : null;
    total = {
      year: years[0] as number,
      demandReMetal: demand,
      atRiskReMetal: risk,
      openAbove: ranked.some((r) => r.openAbove),
    };
    totalNote = `sum of the ${ranked.length} ranked end uses, as rare-earth metal`;
  } else if (ranked.length > 0) {
    totalNote = `not summed: the ranked end uses are of different years (${years.sort().join(", ")})`;
  }

  const sources = new Set<string>();
  for (const r of ordered) for (const s of r.sources) sources.add(s);
  for (const s of input.dependence?.sources ?? []) sources.add(s);
  sources.add(MAGNET_TO_RE_METAL.source);

  return {
    region: input.region,
    year: input.year ?? null,
    yearRule,
    dependence: input.dependence,
    inventory: input.inventory ?? null,
    rankingRule: input.dependence
      ? RANKING_RULE
      : RANKING_RULE.replace("tonnes at risk", "demand (no China share given)"),
    conversion: MAGNET_TO_RE_METAL,
    endUses: ordered,
    total,
    totalNote,
    inputs: { intensities: input.intensities.file, volumes: input.volumes.file },
    skipped: [...input.intensities.skipped, ...input.volumes.skipped],
    sources: [...sources],
  };
}

/** The latest year with an actual volume in the region: each end use takes its latest year up to it. */
function referenceYear(input: ExposureInput): number | null {
  const actual = input.volumes.rows.filter(
    (r) => r.region === input.region && r.role === "total" && r.kind === "actual",
  );
  return actual.length ? Math.max(...actual.map((r) => r.year)) : null;
}

function referenceYearRule(input: ExposureInput): string {
  const ref = referenceYear(input);
  return ref === null
    ? "each end use's latest year with a volume (no actual figures for this region)"
    : `each end use's latest year with a volume up to ${ref}, the latest year with an actual figure for ` +
        `${input.region}; actual figures first, forecasts or targets only where no actual exists, and labelled`;
}

function noDataRow(e: EndUse, reason: string, extra: Partial<EndUseExposure> = {}): EndUseExposure {
  return {
    key: e.key,
    name: e.name,
    product: e.product,
    overlaps: e.overlaps ?? null,
    rank: null,
    noData: reason,
    year: null,
    volume: null,
    intensity: null,
    demand: null,
    demandReMetal: null,
    chinaShare: null,
    atRisk: null,
    atRiskReMetal: null,
    cover: null,
    coverNote: "not computed: no demand",
    openAbove: false,
    alternatives: [],
    unusedIntensities: [],
    reliability: null,
    sources: [],
    notes: e.note ? [e.note] : [],
    ...extra,
  };
}

function endUseExposure(e: EndUse, input: ExposureInput): EndUseExposure {
  const { region } = input;
  const ints = input.intensities.rows.filter((r) => r.endUse === e.key);
  if (ints.length === 0) {
    const skipped = input.intensities.skipped.filter((s) => s.endUse === e.key);
    return noDataRow(e, skipped.length ? "no mass per product in the data" : "no intensity in the data", {
      notes: [
        ...(e.note ? [e.note] : []),
        ...skipped.map((s) => `${s.file}:${s.line} not used: ${s.reason}`),
      ],
    });
  }
  const units = [...new Set(ints.map((r) => r.unit))];
  const totals = input.volumes.rows.filter((r) => r.product === e.product && r.role === "total");
  if (totals.length === 0) {
    const parts = input.volumes.rows.filter((r) => r.product === e.product);
    return noDataRow(e, "no volume in the data", {
      notes: [
        ...(e.note ? [e.note] : []),
        ...(parts.length ? [`only partial volumes (${parts.map((p) => p.label).join("; ")})`] : []),
      ],
    });
  }
  const here = totals.filter((r) => r.region === region);
  if (here.length === 0) {
    const elsewhere = [...new Set(totals.map((r) => r.region))].sort();
    return noDataRow(e, `no volume for ${region} (volumes for ${elsewhere.join(", ")})`);
  }
  const fitting = here.filter((r) => units.includes(r.unit));
  if (fitting.length === 0) {
    return noDataRow(
      e,
      `volumes are counted in ${[...new Set(here.map((r) => r.unit))].join(", ")}; intensities are per ${units.join(", ")}`,
    );
  }
  const years = [...new Set(fitting.map((r) => r.year))].sort((a, b) => a - b);
  let year: number;
  if (input.year !== undefined) {
    if (!years.includes(input.year)) {
      return noDataRow(e, `no volume for ${region} in ${input.year} (years: ${years.join(", ")})`);
    }
    year = input.year;
  } else {
    const ref = referenceYear(input);
    const upTo = ref === null ? years : years.filter((y) => y <= ref);
    year = (upTo.length ? upTo : years).at(-1) as number;
  }
  const volume = volumeFor(input.volumes.rows, e.product, region, year, units) as VolumeEstimate;

  const fit = ints.filter((r) => r.unit === volume.unit);
  const bases = [...new Set(fit.map((r) => r.basis))].sort((a, b) => basisRank(a) - basisRank(b));
  const estimates = bases.map((b) => intensityEstimate(fit.filter((r) => r.basis === b)));
  const intensity = estimates[0] as IntensityEstimate;
  const demandOf = (i: IntensityEstimate): BasisMass =>
    ({ basis: i.basis, kg: massRange(i.basis, mul(volume.count, i.kgPerUnit)) }) as BasisMass;
  const demand = demandOf(intensity);
  const demandReMetal = toReMetal(demand);
  const openAbove = volume.openAbove || intensity.openAbove;

  const share = input.dependence?.share ?? null;
  const atRisk = share
    ? ({ basis: demand.basis, kg: massRange(demand.basis, mul(demand.kg, share)) } as BasisMass)
    : null;
  const atRiskReMetal = atRisk ? toReMetal(atRisk) : null;
  const { cover, coverNote } = coverOf(e, input, demand, share, openAbove);

  const notes: string[] = [];
  if (e.note) notes.push(e.note);
  if (volume.kind !== "actual") notes.push(`the ${year} volume is a ${volume.kind}, not an outcome`);
  if (volume.rows.length > 1) {
    notes.push(
      `${volume.rows.length} sources give the volume differently: ${volume.rows
        .map((r) => `${r.count.toLocaleString("en-US")} ${r.unit} (line ${r.line})`)
        .join(", ")} — the range is kept`,
    );
  }
  if (intensity.rows.length > 1) {
    notes.push(
      `${intensity.rows.length} sources give the intensity differently: ${intensity.rows
        .map((r) => `${fmtKg(r.kgPerUnit)} (line ${r.line}, ${r.reliability})`)
        .join(", ")} — the range is kept`,
    );
  }
  if (openAbove)
    notes.push('a source gives only a floor ("more than"): the upper bound is its stated figure');
  if (demandReMetal === null)
    notes.push(`no sourced factor from ${demand.basis} to rare-earth metal: not ranked`);
  const unusedIntensities = ints
    .filter((r) => r.unit !== volume.unit)
    .map((row) => ({ row, reason: `per ${row.unit}; the volume is counted in ${volume.unit}` }));
  const used = [...volume.rows, ...estimates.flatMap((x) => x.rows)];

  return {
    key: e.key,
    name: e.name,
    product: e.product,
    overlaps: e.overlaps ?? null,
    rank: null,
    noData: null,
    year,
    volume,
    intensity,
    demand,
    demandReMetal,
    chinaShare: share,
    atRisk,
    atRiskReMetal,
    cover,
    coverNote,
    openAbove,
    alternatives: estimates.slice(1).map((i) => ({ intensity: i, demand: demandOf(i) })),
    unusedIntensities,
    reliability: weakest(used.map((r) => r.reliability)),
    sources: [...new Set(used.map((r) => r.source.url))],
    notes,
  };
}

function intensityEstimate(rows: readonly IntensityRow[]): IntensityEstimate {
  const kg = hull(rows.map((r) => r.kgPerUnit));
  const atMax = rows.filter((r) => r.kgPerUnit.hi === kg.hi);
  return {
    basis: (rows[0] as IntensityRow).basis,
    unit: (rows[0] as IntensityRow).unit,
    kgPerUnit: kg,
    openAbove: atMax.every((r) => r.openAbove),
    rows,
    reliability: weakest(rows.map((r) => r.reliability)) as Reliability,
  };
}

function fmtKg(i: Interval): string {
  const f = (x: number) => `${Number(x.toPrecision(4)).toLocaleString("en-US")}`;
  return i.lo === i.hi ? `${f(i.lo)} kg` : `${f(i.lo)}–${f(i.hi)} kg`;
}

/** Months of cover for the inventory assumption; never a default inventory. */
function coverOf(
  e: EndUse,
  input: ExposureInput,
  demand: BasisMass,
  share: Interval | null,
  openAbove: boolean,
): { cover: Cover | null; coverNote: string } {
  const inv = input.inventory;
  if (!inv) return { cover: null, coverNote: "not computed: give an inventory (months of demand or tonnes)" };
  if (!share) return { cover: null, coverNote: "not computed: no China share" };
  if (share.hi <= 0) return { cover: null, coverNote: "not computed: no China-dependent demand to cover" };
  const floor = openAbove ? "; demand is partly a floor, so cover may be shorter" : "";
  if (inv.kind === "months") {
    return {
      cover: { ofShortfall: shortfallCover(point(inv.months), share), ofDemand: point(inv.months) },
      coverNote: `${inv.months} months of this end use's demand in stock, ÷ the China share${floor}`,
    };
  }
  if (inv.endUse !== e.key)
    return { cover: null, coverNote: `not computed: the inventory is for ${inv.endUse}` };
  if (inv.basis !== demand.basis) {
    return {
      cover: null,
      coverNote: `not computed: the inventory is in kg ${inv.basis}, the demand in kg ${demand.basis}`,
    };
  }
  // Months = inventory ÷ (yearly demand ÷ 12); the share divides once, so its range is not doubled.
  const monthsOfDemand = div(point(inv.kg * 12), demand.kg);
  return {
    cover: { ofShortfall: shortfallCover(monthsOfDemand, share), ofDemand: monthsOfDemand },
    coverNote: `${inv.kg.toLocaleString("en-US")} kg ${inv.basis} in stock${floor}`,
  };
}

/** months of demand ÷ China share, where a share that may be zero leaves the cover without bound. */
function shortfallCover(monthsOfDemand: Interval, share: Interval): { lo: number; hi: number | null } {
  if (share.lo <= 0) return { lo: monthsOfDemand.lo / share.hi, hi: null };
  const c = div(monthsOfDemand, share);
  return { lo: c.lo, hi: c.hi };
}

/** A China share the user states (e.g. from their own import data), recorded as an assumption. */
export function assumedDependence(share: Interval, reason: string): ChinaDependence {
  return {
    share: between(share.lo, share.hi),
    via: "assumption",
    label: "China's share as the user states it",
    year: null,
    sources: [],
    note: reason,
  };
}
