/**
 * Mirror statistics: China's reported exports to a partner against the partner's reported imports
 * from China, for the same catalogue line and period, quantity and value separately. The gap is
 * (imports − exports) ÷ exports; a pair is flagged when even the gap widened by the figures' rounding
 * lies outside the band that valuation (CIF/FOB) and timing explain. Lines are matched through the
 * catalogue's HS6 ↔ national-line crosswalk: like with like where both sides have it, else a national
 * line against the HS6 subheading that holds it — with a loud warning, since HS 850511 is about
 * twice China's rare-earth line 85051110 — and never two unrelated lines.
 * @module
 * @example
 * const m = await mirrorStatistics(store, { partner: "USA", commodity: "re-magnets" });
 * m.pairs[0]?.qtyGap?.pct; // −6.25: the US recorded 6.25% less than China reported shipping
 */
import type { Store } from "../data/store/store.js";
import { sqlFile } from "../data/store/sql-files.js";
import { UsageError } from "../errors.js";
import { commodityById, type Commodity, type CustomsCode } from "../ref/commodities.js";
import { countryByIso3, countryName, EU27_MEMBERS, isAggregate } from "../ref/countries.js";
import { formatMonth, monthFromIndex, type MonthIndex } from "../units/month.js";
import { importDataHowTo, type SourceRef } from "./import-dependence.js";
import { between, type Interval } from "./interval.js";

/** The expected gap bands, in percent; see MIRROR_DEFINITION for why these defaults. */
export interface MirrorBands {
  /** Allowed |gap| for periods of 12 months or more. */
  readonly annualPct: number;
  /** Allowed |gap| for shorter periods: shipments in transit at the period's end move between periods. */
  readonly monthlyPct: number;
  /** Extra upward room on values for importers that value imports CIF (freight and insurance). */
  readonly cifFobPct: number;
}

export const DEFAULT_MIRROR_BANDS: MirrorBands = { annualPct: 10, monthlyPct: 25, cifFobPct: 10 };

/** Importers whose import values exclude international freight and insurance (FOB-type customs value). */
const FOB_IMPORTERS = new Set(["USA", "CAN", "AUS"]);

export const MIRROR_DEFINITION =
  "Gap = (partner's imports from China − China's exports to the partner) ÷ China's exports, for quantity " +
  "and value separately, on the same period and line. Flagged when even the gap widened by both figures' " +
  "rounding lies outside the expected band: ±10% for periods of 12 months or more, ±25% for shorter ones " +
  "(sea freight from China takes 3–6 weeks, so a month's shipments often arrive in the next month), and for " +
  "values up to +10% more where the importer values imports CIF — freight and insurance on top of China's " +
  "FOB value (10% is the IMF Direction of Trade Statistics' default CIF/FOB factor; the US, Canada and " +
  "Australia value imports FOB). Pairs of different lines get no flag: their gap measures the lines.";

export const MIRROR_CAVEATS: readonly string[] = [
  "China records exports by country of destination as declared at shipment, valued FOB; most importers " +
    "record imports by country of origin, valued CIF (the US, Canada and Australia value them FOB).",
  "Consignment against origin: goods cleared in Rotterdam or Antwerp for another EU member count as Dutch " +
    "or Belgian imports (the 'Rotterdam effect'), while China may have declared the final member state as the " +
    "destination, or the Netherlands for goods that travel on; compare EU27 totals to remove intra-EU routing.",
  "Goods routed via Hong Kong, Singapore or another hub can be China's exports to the hub but the final " +
    "importer's imports from China (by origin): a gap by partner can be routing, not misreporting.",
  "Timing: a shipment exported in one month is often imported in the next, so monthly gaps are wider " +
    "than annual ones.",
  "Values also differ by exchange rates and valuation rules (related-party prices); quantities avoid both, " +
    "but only where both sides report a mass.",
];

/** How the two sides' lines relate through the HS6 ↔ national-line crosswalk. */
export type LineRelation = "same line" | "same definition, different national lines" | "not like with like";

/** One side of a pair: one reporter's figures for one line and period. */
export interface MirrorSide {
  readonly reporter: string;
  readonly commodity: string;
  /** "CN-CHN 85051110", "HTS-USA 8505110070", "HS 850511". */
  readonly line: string;
  readonly qtyKg: number | null;
  readonly qtyHalf: number;
  readonly value: number | null;
  readonly valueHalf: number;
  readonly currency: string | null;
  readonly sources: readonly number[];
}

export interface Gap {
  /** (imports − exports) ÷ exports × 100. */
  readonly pct: number;
  /** The gap with both figures anywhere within their rounding. */
  readonly range: Interval;
  /** The expected band, in percent. */
  readonly band: Interval;
  /** True when the whole range lies outside the band; null when the lines differ (not comparable). */
  readonly flag: boolean | null;
}

export interface MirrorPair {
  readonly partner: string;
  readonly name: string;
  readonly period: string;
  readonly months: number;
  /** China's exports to the partner. */
  readonly exports: MirrorSide;
  /** The partner's imports from China. */
  readonly imports: MirrorSide;
  readonly relation: LineRelation;
  readonly qtyGap: Gap | null;
  readonly valueGap: Gap | null;
  /** A discrepancy in quantity or value; null for pairs of different lines. */
  readonly flag: boolean | null;
  readonly warnings: readonly string[];
}

export interface MirrorResult {
  readonly commodity: string;
  readonly partner: string | null;
  readonly definition: string;
  readonly bands: MirrorBands;
  readonly pairs: readonly MirrorPair[];
  /** Partners with importer-side data whose periods found no counterpart, and why. */
  readonly unmatched: readonly string[];
  /** Partners China reports exports to whose own import figures are not in the store. */
  readonly withoutImporterData: readonly string[];
  /** Line warnings, each once; also on the pairs they concern. */
  readonly warnings: readonly string[];
  readonly caveats: readonly string[];
  readonly sources: readonly SourceRef[];
  /** How to get importer-side data, when no pair could be formed. */
  readonly howTo: readonly string[];
}

/** One best figure of either side, as the store gives it. */
export interface MirrorCell {
  readonly reporter: string;
  readonly partner: string;
  readonly flow: "export" | "import";
  readonly commodity: string;
  readonly code: string | null;
  readonly periodKind: "month" | "year" | "range";
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly measure: "qty_kg" | "value";
  readonly v: number;
  readonly half: number;
  readonly currency: string | null;
  readonly sourceId: number;
}

export interface MirrorQuery {
  /** ISO3 of one partner (or EU27); every partner with importer data when absent. */
  readonly partner?: string;
  /** Catalogue id; re-magnets by default. */
  readonly commodity?: string;
  readonly bands?: MirrorBands;
}

interface Row {
  reporter: string;
  partner: string;
  flow: "export" | "import";
  commodity: string;
  code: string | null;
  period_kind: "month" | "year" | "range";
  start_month: number;
  end_month: number;
  measure: "qty_kg" | "value";
  v: number;
  half: number | null;
  currency: string | null;
  source_id: number;
  source_line: number;
  citation: string;
  kind: string;
  source_date: string | null;
  url: string | null;
}

/**
 * Mirror statistics from the store. Throws UsageError for an unknown partner or commodity.
 * @example
 * (await mirrorStatistics(store, { partner: "JPN" })).warnings; // ["JPN 2024-01: NOT LIKE WITH LIKE …"]
 */
export async function mirrorStatistics(store: Store, q: MirrorQuery = {}): Promise<MirrorResult> {
  const commodityId = q.commodity ?? "re-magnets";
  if (!commodityById(commodityId))
    throw new UsageError(`commodity "${commodityId}" is not in the catalogue`, "commodity");
  const partner = q.partner?.trim().toUpperCase();
  if (partner !== undefined) {
    if (!countryByIso3(partner))
      throw new UsageError(`partner "${q.partner}" is not a known ISO3 code`, "partner");
    if (partner === "CHN")
      throw new UsageError("partner CHN: mirror statistics compare China with its partners", "partner");
    if (isAggregate(partner) && partner !== "EU27") {
      throw new UsageError(
        `partner ${partner} is an aggregate with no customs of its own; use a country or EU27`,
      );
    }
  }
  const rows = await store.all<Row>(sqlFile("risk-mirror", store.dialect), { partner: partner ?? "" });
  const sources = new Map<number, SourceRef>();
  for (const r of rows) {
    if (!sources.has(r.source_id)) {
      sources.set(r.source_id, {
        id: r.source_id,
        citation: r.citation,
        kind: r.kind,
        url: r.url,
        date: r.source_date,
      });
    }
  }
  const cells = rows.map((r): MirrorCell => ({
    reporter: r.reporter,
    partner: r.partner,
    flow: r.flow,
    commodity: r.commodity,
    code: r.code,
    periodKind: r.period_kind,
    start: monthFromIndex(r.start_month),
    end: monthFromIndex(r.end_month),
    measure: r.measure,
    v: r.v,
    half: r.half ?? 0,
    currency: r.measure === "value" ? r.currency : null,
    sourceId: r.source_id,
  }));
  const result = compareMirror(cells, { commodity: commodityId, bands: q.bands ?? DEFAULT_MIRROR_BANDS });
  const used = new Set(result.pairs.flatMap((p) => [...p.exports.sources, ...p.imports.sources]));
  return {
    ...result,
    partner: partner ?? null,
    sources: [...sources.values()].filter((s) => used.has(s.id)).sort((a, b) => a.id - b.id),
    howTo: result.pairs.length > 0 ? [] : mirrorHowTo(partner, commodityId),
  };
}

function mirrorHowTo(partner: string | undefined, commodity: string): string[] {
  if (partner) return importDataHowTo(partner, commodity);
  return [
    "Mirror statistics need the partner's own import figures, which the bundled dataset does not hold. " +
      "Import them: USITC DataWeb for the United States, Eurostat Comext (via an observations CSV) or UN " +
      "Comtrade tariff-line data for EU members, UN Comtrade for others; `lodestone risk imports --reporter " +
      "<iso3>` lists the steps for one country.",
  ];
}

/**
 * Pairs China's exports with each partner's imports from China and measures the gaps (pure). `cells`
 * may hold any commodities: only the requested one and the lines that nest with it are used.
 */
export function compareMirror(
  cells: readonly MirrorCell[],
  opts: { readonly commodity: string; readonly bands?: MirrorBands },
): Omit<MirrorResult, "partner" | "sources" | "howTo"> {
  const bands = opts.bands ?? DEFAULT_MIRROR_BANDS;
  const target = commodityById(opts.commodity);
  if (!target) throw new UsageError(`commodity "${opts.commodity}" is not in the catalogue`);
  for (const c of cells) {
    if (!(c.v >= 0)) throw new RangeError(`${c.measure} ${c.v} (source ${c.sourceId}) is negative`);
  }
  const related = (id: string) => {
    const c = commodityById(id);
    return c !== undefined && (c.id === target.id || nests(c, target));
  };
  const sides = new Map<string, SideBuild>();
  const importers = new Set<string>();
  const exportPartners = new Set<string>();
  for (const c of cells) {
    const isExport = c.reporter === "CHN" && c.flow === "export";
    const isImport = c.partner === "CHN" && c.flow === "import";
    if (!isExport && !isImport) continue;
    const partner = isExport ? c.partner : c.reporter;
    if (isAggregate(partner) && partner !== "EU27") continue;
    if (!related(c.commodity)) continue;
    (isExport ? exportPartners : importers).add(partner);
    const key = [isExport ? "X" : "M", partner, c.periodKind, c.start, c.end, c.commodity].join("|");
    let s = sides.get(key);
    if (!s) {
      s = {
        flow: isExport ? "X" : "M",
        partner,
        reporter: c.reporter,
        commodity: c.commodity,
        periodKind: c.periodKind,
        start: c.start,
        end: c.end,
        codes: new Set(),
        qty: null,
        value: null,
        sources: new Set(),
      };
      sides.set(key, s);
    }
    if (c.code) s.codes.add(c.code);
    s.sources.add(c.sourceId);
    if (c.measure === "qty_kg") s.qty = { v: c.v, half: c.half };
    else s.value = { v: c.v, half: c.half, currency: c.currency };
  }

  // Partner × period → the two sides' lines.
  const slots = new Map<string, { x: SideBuild[]; m: SideBuild[] }>();
  for (const s of sides.values()) {
    const key = [s.partner, s.periodKind, s.start, s.end].join("|");
    const slot = slots.get(key) ?? { x: [], m: [] };
    (s.flow === "X" ? slot.x : slot.m).push(s);
    slots.set(key, slot);
  }

  const pairs: MirrorPair[] = [];
  // Partner → what one side alone has → its periods.
  const lonely = new Map<string, Map<string, string[]>>();
  // A warning is about a partner and its lines: said once, with the periods it concerns.
  const warnings = new Map<string, string[]>();
  const orderedSlots = [...slots.values()].sort(
    (a, b) =>
      firstOf(a).partner.localeCompare(firstOf(b).partner) ||
      firstOf(a).start - firstOf(b).start ||
      firstOf(a).end - firstOf(b).end,
  );
  for (const slot of orderedSlots) {
    const head = firstOf(slot);
    const xT = slot.x.filter((s) => s.commodity === target.id);
    const mT = slot.m.filter((s) => s.commodity === target.id);
    let chosen: [SideBuild, SideBuild][] = [];
    if (xT.length > 0 && mT.length > 0) chosen = [[xT[0] as SideBuild, mT[0] as SideBuild]];
    else {
      // No like-with-like pair: a national line against the HS6 subheading holding it, on either side.
      for (const x of xT) for (const m of slot.m) chosen.push([x, m]);
      for (const m of mT) for (const x of slot.x) if (x.commodity !== target.id) chosen.push([x, m]);
    }
    if (chosen.length === 0) {
      if (importers.has(head.partner)) {
        const side = slot.x.length > 0 ? "China's exports" : `${head.partner}'s imports`;
        const what = `${side} (${[...new Set([...slot.x, ...slot.m].map((s) => s.commodity))].join(", ")})`;
        const byPartner = lonely.get(head.partner) ?? new Map<string, string[]>();
        byPartner.set(what, [...(byPartner.get(what) ?? []), periodLabel(head)]);
        lonely.set(head.partner, byPartner);
      }
      continue;
    }
    // Both sides also report a line other than the target for this period: say where like meets like.
    const likeElsewhere = slot.x.find(
      (x) => x.commodity !== target.id && slot.m.some((m) => m.commodity === x.commodity),
    )?.commodity;
    for (const [x, m] of chosen) {
      const pair = makePair(x, m, bands, likeElsewhere ?? null);
      pairs.push(pair);
      for (const w of pair.warnings) warnings.set(w, [...(warnings.get(w) ?? []), pair.period]);
    }
  }
  const withoutImporterData = [...exportPartners].filter((p) => !importers.has(p)).sort();
  return {
    commodity: target.id,
    definition: MIRROR_DEFINITION,
    bands,
    pairs,
    unmatched: [...lonely].flatMap(([partner, byWhat]) =>
      [...byWhat].map(([what, periods]) => `${partner}: only ${what} for ${periods.join(", ")}`),
    ),
    withoutImporterData,
    warnings: [...warnings].map(
      ([w, periods]) => `${w} (${periods.length === 1 ? "period" : "periods"}: ${periods.join(", ")})`,
    ),
    caveats: MIRROR_CAVEATS,
  };
}

interface SideBuild {
  readonly flow: "X" | "M";
  readonly partner: string;
  readonly reporter: string;
  readonly commodity: string;
  readonly periodKind: "month" | "year" | "range";
  readonly start: MonthIndex;
  readonly end: MonthIndex;
  readonly codes: Set<string>;
  qty: { v: number; half: number } | null;
  value: { v: number; half: number; currency: string | null } | null;
  readonly sources: Set<number>;
}

function firstOf(slot: { x: SideBuild[]; m: SideBuild[] }): SideBuild {
  return (slot.x[0] ?? slot.m[0]) as SideBuild;
}

function periodLabel(s: { periodKind: string; start: MonthIndex; end: MonthIndex }): string {
  if (s.periodKind === "month") return formatMonth(s.start);
  if (s.periodKind === "year") return String(Math.floor(s.start / 12));
  return `${formatMonth(s.start)}/${formatMonth(s.end)}`;
}

function makePair(x: SideBuild, m: SideBuild, bands: MirrorBands, likeElsewhere: string | null): MirrorPair {
  const xc = commodityById(x.commodity) as Commodity;
  const mc = commodityById(m.commodity) as Commodity;
  const xLine = lineOf(x.reporter, xc, x.codes);
  const mLine = lineOf(m.reporter, mc, m.codes);
  const relation = lineRelation(xc, xLine, mc, mLine);
  const months = x.end - x.start + 1;
  const label = x.partner;
  const warnings: string[] = [];
  const comparable = relation !== "not like with like";
  if (!comparable) {
    const wider = isHs(mLine) ? mc : xc;
    const widerSide = wider === mc ? `${x.partner}'s` : "China's";
    warnings.push(
      `${x.partner}: NOT LIKE WITH LIKE — China's ${formatLine(xLine)} (${xc.name}) against ${x.partner}'s ` +
        `${formatLine(mLine)} (${mc.name}). ${widerSide} line is the whole HS subheading. ${wider.caveat ?? ""} ` +
        "The gap measures mostly the difference between the lines, not a reporting discrepancy. " +
        (likeElsewhere
          ? `Both sides report ${likeElsewhere} too: compare like with like with --commodity ${likeElsewhere}.`
          : "Compare like with like when both sides report the same line."),
    );
  } else if (relation === "same definition, different national lines") {
    warnings.push(
      `${x.partner}: the national lines differ — China's ${formatLine(xLine)} against ${x.partner}'s ` +
        `${formatLine(mLine)}; both are catalogue ${xc.id} under HS ${xLine.code.slice(0, 6)}, but national ` +
        "definitions can differ at the margin.",
    );
  }
  const limit = months >= 12 ? bands.annualPct : bands.monthlyPct;
  const cif = FOB_IMPORTERS.has(m.reporter) ? 0 : bands.cifFobPct;
  const qtyGap = gapOf(x.qty, m.qty, between(-limit, limit), comparable);
  let valueGap: Gap | null = null;
  if (x.value && m.value) {
    if (x.value.currency !== m.value.currency) {
      warnings.push(
        `${label}: values are in ${x.value.currency ?? "?"} and ${m.value.currency ?? "?"}; no value gap without a sourced rate.`,
      );
    } else valueGap = gapOf(x.value, m.value, between(-limit, limit + cif), comparable);
  }
  if ((x.qty && x.qty.v === 0) || (x.value && x.value.v === 0)) {
    warnings.push(`${label}: China reports zero; a gap relative to zero is not defined.`);
  }
  const flags = [qtyGap?.flag, valueGap?.flag].filter((f): f is boolean => f !== null && f !== undefined);
  return {
    partner: x.partner,
    name: countryName(x.partner),
    period: periodLabel(x),
    months,
    exports: sideOf(x, xLine),
    imports: sideOf(m, mLine),
    relation,
    qtyGap,
    valueGap,
    flag: comparable ? flags.some(Boolean) : null,
    warnings,
  };
}

function sideOf(s: SideBuild, line: CustomsCode): MirrorSide {
  return {
    reporter: s.reporter,
    commodity: s.commodity,
    line: formatLine(line),
    qtyKg: s.qty?.v ?? null,
    qtyHalf: s.qty?.half ?? 0,
    value: s.value?.v ?? null,
    valueHalf: s.value?.half ?? 0,
    currency: s.value?.currency ?? null,
    sources: [...s.sources].sort((a, b) => a - b),
  };
}

/**
 * The gap of `imports` against `exports` in percent, with the range the rounding allows and the flag
 * (null when the lines differ). Null when either figure is missing or exports are zero.
 * @example
 * mirrorGap({ v: 640_000, half: 0 }, { v: 600_000, half: 0 }, between(-25, 25)); // pct −6.25, flag false
 */
export function mirrorGap(
  exports: { readonly v: number; readonly half: number } | null,
  imports: { readonly v: number; readonly half: number } | null,
  band: Interval,
  comparable = true,
): Gap | null {
  return gapOf(exports, imports, band, comparable);
}

function gapOf(
  x: { readonly v: number; readonly half: number } | null,
  m: { readonly v: number; readonly half: number } | null,
  band: Interval,
  comparable: boolean,
): Gap | null {
  if (!x || !m || !(x.v > 0)) return null;
  const pct = ((m.v - x.v) / x.v) * 100;
  const xLo = Math.max(x.v - x.half, Number.MIN_VALUE);
  const range = between(
    ((Math.max(0, m.v - m.half) - (x.v + x.half)) / (x.v + x.half)) * 100,
    ((m.v + m.half - xLo) / xLo) * 100,
  );
  const flag = comparable ? range.lo > band.hi || range.hi < band.lo : null;
  return { pct, range, band, flag };
}

// ---- the HS6 ↔ national-line crosswalk -----------------------------------------------------------

/** The catalogue's scheme for a reporter's national lines. */
function schemeOf(reporter: string): CustomsCode["scheme"] {
  if (reporter === "CHN") return "CN-CHN";
  if (reporter === "USA") return "HTS-USA";
  if (reporter === "EU27" || EU27_MEMBERS.includes(reporter)) return "CN-EU";
  return "HS";
}

/** The line a side's figures are on: the code its file gave, else the catalogue's code for its reporter. */
function lineOf(reporter: string, c: Commodity, codes: ReadonlySet<string>): CustomsCode {
  const given = [...codes][0]?.replace(/[.\s]/g, "");
  if (given) {
    const scheme = given.length === 6 ? "HS" : given.length === 10 ? "HTS-USA" : schemeOf(reporter);
    return { scheme, code: given };
  }
  const scheme = schemeOf(reporter);
  return (
    c.codes.find((k) => k.scheme === scheme) ??
    c.codes.find((k) => k.scheme === "HS") ??
    c.codes[0] ?? { scheme: "HS", code: "" }
  );
}

function formatLine(l: CustomsCode): string {
  return l.code === "" ? "(no customs line: a source's grouping)" : `${l.scheme} ${l.code}`;
}

function isHs(l: CustomsCode): boolean {
  return l.scheme === "HS";
}

/** HS6 subheadings a commodity's codes fall under (a national line's first six digits). */
function hs6Of(c: Commodity): Set<string> {
  return new Set(c.codes.map((k) => k.code.slice(0, 6)));
}

/** True when one id is an HS6 subheading and the other a national line under it (e.g. pm-metal-hs6 ⊃ re-magnets). */
function nests(a: Commodity, b: Commodity): boolean {
  if (a.id === b.id) return false;
  const aHs = a.codes.some((k) => k.scheme === "HS");
  const bHs = b.codes.some((k) => k.scheme === "HS");
  if (aHs === bHs) return false;
  const hs = aHs ? a : b;
  const national = aHs ? b : a;
  const sub = hs6Of(hs);
  return national.codes.some((k) => k.scheme !== "HS" && sub.has(k.code.slice(0, 6)));
}

/**
 * How two sides' lines relate: the same line, the same catalogue definition on different national
 * lines (China's 85051110 and the US 8505110070), or a national line against its HS6 subheading.
 */
export function lineRelation(
  a: Commodity,
  aLine: CustomsCode,
  b: Commodity,
  bLine: CustomsCode,
): LineRelation {
  if (a.id !== b.id) return "not like with like";
  if (aLine.code === "" || bLine.code === "" || aLine.code === bLine.code) return "same line";
  return "same definition, different national lines";
}
