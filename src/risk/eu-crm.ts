/**
 * The EU Critical Raw Materials method (supply risk SR, economic importance EI, the listing rule),
 * as a pure function of typed inputs that reports every intermediate. No I/O: the readers are in
 * eu-crm-inputs.ts, the recomputation from the bundled shares in eu-crm-recompute.ts.
 *
 * Method: European Commission (2017), "Methodology for establishing the EU list of critical raw
 * materials — Guidelines" (Publications Office, doi:10.2873/769526), with the background report
 * Blengini et al. (2017), "Assessment of the methodology for establishing the EU list of critical
 * raw materials", JRC, EUR 28654 EN, doi:10.2760/73303. The Commission applied it in the 2020 and
 * 2023 assessments; the 2023 one is "Study on the Critical Raw Materials for the EU 2023 —
 * Final Report" (doi:10.2873/725585), whose per-stage figures this file's tests check.
 *
 * Supply risk, per stage s ∈ {extraction, processing}:
 *
 *     SR_s = [ HHI_WGI,t(GS) · IR/2 + HHI_WGI,t(EU) · (1 − IR/2) ] · (1 − EOL_RIR) · SI_SR
 *     HHI_WGI,t = Σ_c (S_c)² · WGI_c · t_c
 *
 * S_c is country c's share (a fraction of 1) of global supply (GS) or of the EU's sourcing
 * (domestic production plus imports), WGI_c its governance score scaled to 0–10 with 10 the worst,
 * `scaleWgi(mean) = 10 − 2·(mean + 2.5)` of the World Bank's Worldwide Governance Indicators
 * (estimates on about −2.5…+2.5), and t_c its trade-restriction factor (1 none; above 1 for export
 * restrictions such as taxes, quotas or bans; the 2023 assessment's factors, as CritMAT transcribes
 * them in input_data/seeds/eureport_tradeparameters.csv, run 0.8–1.5, those below 1 in the
 * EU-sourcing term only). IR is the EU's import reliance for the stage as a
 * fraction, (imports − exports) / (domestic production + imports − exports); EOL_RIR the end-of-life
 * recycling input rate and SI_SR the substitution index for supply risk, both 0–1. With shares as
 * fractions and WGI on 0–10, HHI_WGI,t is on 0–10 (times t). Where the EU lacked sourcing data it
 * used global supply alone ("GSonly"), or EU sourcing alone ("EUonly"); `basis` says which.
 * The material's SR is the higher of its stages (the bottleneck).
 *
 * Economic importance: EI = Σ_s A_s · Q_s · SI_EI, with A_s the share of the material's end uses
 * in NACE Rev.2 2-digit sector s and Q_s that sector's EU value added, scaled to 0–10 by the largest
 * such sector (here: 10 · Q_s / `valueAddedMax`), and SI_EI the substitution index for EI.
 *
 * Listing rule: critical when SR ≥ 1.0 and EI ≥ 2.8.
 *
 * Inputs known only as bounds are intervals, and so are the results: the lowest SR takes every
 * share at its low end and spreads the unexplained remainder over infinitely many producers; the
 * highest takes every share at its high end and packs the remainder into producers no larger than
 * the smallest known share, with the worst governance (10 by default: who they are is unknown) and
 * the highest t given for them — the same bound as `hhiBounds` in hhi.ts, weighted.
 * @module
 * @example
 * scaleWgi(-0.29); // 5.58 (China's 2023 mean of the six WGI estimates)
 * const r = euCrm({ material: "X", wgi: { CHN: 6 }, eolRir: point(0), siSr: point(1), ei: null,
 *   stages: [{ stage: "processing", basis: "GSonly", ir: point(1), eu: null,
 *     global: sourcingOf([{ country: "CHN", share: point(1) }]) }] });
 * r.sr; // { lo: 6, hi: 6 }
 */
import { LodestoneError } from "../errors.js";
import { between, point, type Interval } from "./interval.js";
import { SHARE_ROUNDING } from "./shares.js";

export type CrmStage = "extraction" | "processing";
export const CRM_STAGES: readonly CrmStage[] = ["extraction", "processing"];

/** Which supply figures enter a stage's SR, as the EU states it per stage. */
export type SupplyBasis = "GS+EU" | "GSonly" | "EUonly";
export const SUPPLY_BASES: readonly SupplyBasis[] = ["GS+EU", "GSonly", "EUonly"];

/** The method as this file implements it, for outputs to cite. */
export const EU_CRM_METHOD =
  "European Commission (2017), Methodology for establishing the EU list of critical raw materials — Guidelines (doi:10.2873/769526), as applied in the 2020 and 2023 EU assessments";

/** The listing thresholds of the 2017 method (used in 2017, 2020 and 2023). */
export const SR_THRESHOLD = 1.0;
export const EI_THRESHOLD = 2.8;

/**
 * A country's governance score on the method's 0–10 scale (10 worst) from the mean of its six WGI
 * estimates: 10 − 2·(mean + 2.5). −2.5 → 10, +2.5 → 0; a mean outside ±2.5 falls outside 0–10.
 * @example scaleWgi(-0.5); // 6
 */
export function scaleWgi(mean: number): number {
  if (!Number.isFinite(mean)) throw new RangeError(`WGI mean ${mean} is not a number`);
  return 10 - 2 * (mean + 2.5);
}

/** The inverse of `scaleWgi`: the WGI mean a scaled score stands for. */
export function unscaleWgi(scaled: number): number {
  return (10 - scaled) / 2 - 2.5;
}

export interface CountryShare {
  /** ISO3. */
  readonly country: string;
  /** Fraction of the total, 0–1; an interval when a source gives a bound or rival figures. */
  readonly share: Interval;
}

/** Who supplies a stage (globally, or to the EU), with each supplier's trade-restriction factor. */
export interface Sourcing {
  readonly entries: readonly CountryShare[];
  /** The share no entry explains. */
  readonly remainder: Interval;
  /** t_c per ISO3; 1 where absent. */
  readonly t: Readonly<Record<string, number>>;
  /** Governance of the unexplained producers (default [0, 10]: unknown). */
  readonly remainderWgi?: Interval;
  /** Trade-restriction factor of the unexplained producers (default 1). */
  readonly remainderT?: Interval;
}

export interface StageInput {
  readonly stage: CrmStage;
  readonly basis: SupplyBasis;
  /** Global supply; required unless the basis is EUonly. */
  readonly global: Sourcing | null;
  /** EU sourcing; required unless the basis is GSonly. */
  readonly eu: Sourcing | null;
  /** Import reliance, fraction 0–1. */
  readonly ir: Interval;
}

export interface EiSector {
  /** NACE Rev.2 2-digit sector, e.g. "C29 Motor vehicles". */
  readonly name: string;
  /** A_s: the share of the material's end uses in the sector, 0–1. */
  readonly share: Interval;
  /** Q_s: the sector's value added (any currency unit, the same as `valueAddedMax`). */
  readonly valueAdded: number;
}

/** EI inputs: computed from sectors, or a figure given as published (the sector data not at hand). */
export type EiInput =
  | {
      readonly kind: "computed";
      readonly sectors: readonly EiSector[];
      /** The largest NACE 2-digit sector's value added: Q_s is scaled to 0–10 by it. */
      readonly valueAddedMax: number;
      readonly siEi: Interval;
    }
  | { readonly kind: "given"; readonly value: Interval; readonly source: string };

export interface CrmInput {
  readonly material: string;
  /** Scaled governance score (0–10, 10 worst) per ISO3. */
  readonly wgi: Readonly<Record<string, number>>;
  readonly stages: readonly StageInput[];
  /** End-of-life recycling input rate, fraction 0–1 (one per material in the EU method). */
  readonly eolRir: Interval;
  /** Substitution index for supply risk, 0–1 (one per material). */
  readonly siSr: Interval;
  readonly ei: EiInput | null;
}

export interface HhiTerm {
  readonly country: string;
  readonly share: Interval;
  readonly wgi: number;
  readonly t: number;
  /** S² · WGI · t */
  readonly term: Interval;
}

export interface HhiWgiT {
  readonly terms: readonly HhiTerm[];
  readonly remainder: {
    readonly share: Interval;
    /** The largest size one unexplained producer may have: min(remainder, smallest known share). */
    readonly cap: number;
    readonly wgi: Interval;
    readonly t: Interval;
    readonly term: Interval;
  };
  readonly value: Interval;
}

export interface StageResult {
  readonly stage: CrmStage;
  readonly basis: SupplyBasis;
  readonly ir: Interval;
  /** IR/2, the weight of global supply (1 under GSonly, 0 under EUonly). */
  readonly weightGlobal: Interval;
  /** 1 − IR/2, the weight of EU sourcing. */
  readonly weightEu: Interval;
  readonly hhiGlobal: HhiWgiT | null;
  readonly hhiEu: HhiWgiT | null;
  /** HHI_GS · IR/2 + HHI_EU · (1 − IR/2) */
  readonly blended: Interval;
  /** 1 − EOL_RIR */
  readonly recyclingFactor: Interval;
  readonly siSr: Interval;
  readonly sr: Interval;
}

export interface EiSectorTerm extends EiSector {
  /** 10 · Q_s / Q_max */
  readonly scaled: number;
  /** A_s · scaled Q_s */
  readonly term: Interval;
}

export type EiResult =
  | {
      readonly kind: "computed";
      readonly sectors: readonly EiSectorTerm[];
      readonly sum: Interval;
      readonly siEi: Interval;
      readonly value: Interval;
    }
  | { readonly kind: "given"; readonly value: Interval; readonly source: string };

export type Verdict = "critical" | "not critical" | "undetermined";

export interface Classification {
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface CrmResult {
  readonly material: string;
  readonly stages: readonly StageResult[];
  /** The highest stage SR (an interval's max: [max lo, max hi]). */
  readonly sr: Interval;
  /** The stage(s) that can be the highest: one when the ranking is certain. */
  readonly bottleneck: readonly CrmStage[];
  readonly ei: EiResult | null;
  readonly verdict: Verdict;
  readonly verdictReason: string;
  readonly thresholds: { readonly sr: number; readonly ei: number };
}

function fail(material: string, where: string, reason: string): never {
  const at = [material, where].filter(Boolean).join(" ");
  throw new LodestoneError(`EU CRM${at ? ` ${at}` : ""}: ${reason}`);
}

function checkFraction(material: string, where: string, name: string, i: Interval): void {
  if (!(i.lo >= 0 && i.hi <= 1 && i.lo <= i.hi))
    fail(material, where, `${name} [${i.lo}, ${i.hi}] is not a fraction between 0 and 1`);
}

/** A sourcing whose remainder is whatever the entries leave: [1 − Σ hi, 1 − Σ lo], floored at 0. */
export function sourcingOf(
  entries: readonly CountryShare[],
  opts: { t?: Readonly<Record<string, number>>; remainderWgi?: Interval; remainderT?: Interval } = {},
): Sourcing {
  const lo = entries.reduce((s, e) => s + e.share.lo, 0);
  const hi = entries.reduce((s, e) => s + e.share.hi, 0);
  return {
    entries,
    remainder: between(Math.max(0, 1 - hi), Math.max(0, 1 - lo)),
    t: opts.t ?? {},
    ...(opts.remainderWgi ? { remainderWgi: opts.remainderWgi } : {}),
    ...(opts.remainderT ? { remainderT: opts.remainderT } : {}),
  };
}

/**
 * HHI_WGI,t = Σ_c S_c² · WGI_c · t_c over the known suppliers, plus the bound of the unexplained
 * remainder: 0 at least (spread over infinitely many producers), at most r·min(r, s_min)·WGI_max·t_max.
 */
export function hhiWgiT(
  sourcing: Sourcing,
  wgi: Readonly<Record<string, number>>,
  where = { material: "", scope: "" },
): HhiWgiT {
  const seen = new Set<string>();
  let lo = 0;
  let hi = 0;
  let sumLo = 0;
  const terms: HhiTerm[] = [];
  for (const e of sourcing.entries) {
    const w = wgi[e.country];
    if (w === undefined || !Number.isFinite(w))
      fail(where.material, where.scope, `${e.country} has no governance score (WGI)`);
    if (seen.has(e.country)) fail(where.material, where.scope, `${e.country} is listed twice`);
    seen.add(e.country);
    checkFraction(where.material, where.scope, `${e.country}'s share`, e.share);
    const t = sourcing.t[e.country] ?? 1;
    if (!(t >= 0)) fail(where.material, where.scope, `${e.country}'s trade factor t ${t} is negative`);
    if (w < 0) fail(where.material, where.scope, `${e.country}'s scaled WGI ${w} is negative`);
    const term = between(e.share.lo ** 2 * w * t, e.share.hi ** 2 * w * t);
    terms.push({ country: e.country, share: e.share, wgi: w, t, term });
    lo += term.lo;
    hi += term.hi;
    sumLo += e.share.lo;
  }
  if (sumLo > 1 + SHARE_ROUNDING)
    fail(where.material, where.scope, `shares sum to ${(sumLo * 100).toFixed(1)}%, over 100%`);
  const r = sourcing.remainder;
  checkFraction(where.material, where.scope, "the unexplained remainder", r);
  const rw = sourcing.remainderWgi ?? between(0, 10);
  const rt = sourcing.remainderT ?? point(1);
  const sMin = terms.length ? Math.min(...terms.map((x) => x.share.hi)) : 1;
  // Σ p² over pieces p ≤ cap that sum to r is at most r·cap; every factor is non-negative.
  const cap = Math.min(r.hi, sMin);
  const rTerm = between(0, r.hi * cap * Math.max(0, rw.hi) * Math.max(0, rt.hi));
  return {
    terms,
    remainder: { share: r, cap, wgi: rw, t: rt, term: rTerm },
    value: between(lo, hi + rTerm.hi),
  };
}

function stageSr(input: CrmInput, s: StageInput): StageResult {
  const where = (scope: string) => ({ material: input.material, scope: `${s.stage} ${scope}` });
  checkFraction(input.material, s.stage, "IR", s.ir);
  const need = (x: Sourcing | null, what: string): Sourcing =>
    x ?? fail(input.material, s.stage, `basis ${s.basis} needs ${what}`);
  const hhiGlobal =
    s.basis === "EUonly" ? null : hhiWgiT(need(s.global, "global supply"), input.wgi, where("global supply"));
  const hhiEu =
    s.basis === "GSonly" ? null : hhiWgiT(need(s.eu, "EU sourcing"), input.wgi, where("EU sourcing"));
  let weightGlobal: Interval;
  let blended: Interval;
  if (hhiGlobal && hhiEu) {
    weightGlobal = between(s.ir.lo / 2, s.ir.hi / 2);
    // The blend is increasing in both indices and linear in IR: its extremes lie at IR's ends.
    const at = (g: number, e: number, ir: number) => (g * ir) / 2 + e * (1 - ir / 2);
    blended = between(
      Math.min(
        at(hhiGlobal.value.lo, hhiEu.value.lo, s.ir.lo),
        at(hhiGlobal.value.lo, hhiEu.value.lo, s.ir.hi),
      ),
      Math.max(
        at(hhiGlobal.value.hi, hhiEu.value.hi, s.ir.lo),
        at(hhiGlobal.value.hi, hhiEu.value.hi, s.ir.hi),
      ),
    );
  } else if (hhiGlobal) {
    weightGlobal = point(1);
    blended = hhiGlobal.value;
  } else {
    weightGlobal = point(0);
    blended = (hhiEu as HhiWgiT).value;
  }
  const weightEu = between(1 - weightGlobal.hi, 1 - weightGlobal.lo);
  const recyclingFactor = between(1 - input.eolRir.hi, 1 - input.eolRir.lo);
  const sr = between(
    blended.lo * recyclingFactor.lo * input.siSr.lo,
    blended.hi * recyclingFactor.hi * input.siSr.hi,
  );
  return {
    stage: s.stage,
    basis: s.basis,
    ir: s.ir,
    weightGlobal,
    weightEu,
    hhiGlobal,
    hhiEu,
    blended,
    recyclingFactor,
    siSr: input.siSr,
    sr,
  };
}

/** EI = Σ_s A_s · (10 · Q_s / Q_max) · SI_EI, or the figure given. */
export function economicImportance(ei: EiInput, material = ""): EiResult {
  if (ei.kind === "given") {
    if (!(ei.value.lo >= 0)) fail(material, "EI", `given EI ${ei.value.lo} is negative`);
    return ei;
  }
  if (!(ei.valueAddedMax > 0)) fail(material, "EI", `valueAddedMax ${ei.valueAddedMax} is not positive`);
  checkFraction(material, "EI", "SI_EI", ei.siEi);
  const sectors: EiSectorTerm[] = ei.sectors.map((s) => {
    checkFraction(material, "EI", `A_s of ${s.name}`, s.share);
    if (!(s.valueAdded >= 0 && s.valueAdded <= ei.valueAddedMax))
      fail(material, "EI", `value added of ${s.name} (${s.valueAdded}) is outside 0…valueAddedMax`);
    const scaled = (10 * s.valueAdded) / ei.valueAddedMax;
    return { ...s, scaled, term: between(s.share.lo * scaled, s.share.hi * scaled) };
  });
  const aLo = ei.sectors.reduce((a, s) => a + s.share.lo, 0);
  if (aLo > 1 + SHARE_ROUNDING) fail(material, "EI", `end-use shares sum to ${(aLo * 100).toFixed(1)}%`);
  const sum = between(
    sectors.reduce((a, s) => a + s.term.lo, 0),
    sectors.reduce((a, s) => a + s.term.hi, 0),
  );
  return {
    kind: "computed",
    sectors,
    sum,
    siEi: ei.siEi,
    value: between(sum.lo * ei.siEi.lo, sum.hi * ei.siEi.hi),
  };
}

/** The listing rule on intervals: critical only when certain, not critical when certainly not. */
export function classify(sr: Interval, ei: Interval | null): Classification {
  const f = (x: number) => x.toFixed(2);
  if (sr.hi < SR_THRESHOLD)
    return { verdict: "not critical", reason: `SR ${f(sr.hi)} at most, below ${SR_THRESHOLD.toFixed(1)}` };
  if (ei && ei.hi < EI_THRESHOLD)
    return { verdict: "not critical", reason: `EI ${f(ei.hi)} at most, below ${EI_THRESHOLD}` };
  if (ei && sr.lo >= SR_THRESHOLD && ei.lo >= EI_THRESHOLD)
    return {
      verdict: "critical",
      reason: `SR ${f(sr.lo)} ≥ ${SR_THRESHOLD.toFixed(1)} and EI ${f(ei.lo)} ≥ ${EI_THRESHOLD} at least`,
    };
  if (!ei) return { verdict: "undetermined", reason: "EI is not known" };
  return {
    verdict: "undetermined",
    reason: `a range straddles a threshold (SR ${f(sr.lo)}–${f(sr.hi)}, EI ${f(ei.lo)}–${f(ei.hi)})`,
  };
}

/**
 * Runs the method: SR per stage with every intermediate, the material's SR (the bottleneck stage),
 * EI and the verdict. Throws a LodestoneError for inconsistent inputs (a supplier without a WGI,
 * shares over 100%, a fraction outside 0–1).
 */
export function euCrm(input: CrmInput): CrmResult {
  if (input.stages.length === 0) fail(input.material, "", "no stage to assess");
  const seen = new Set<CrmStage>();
  for (const s of input.stages) {
    if (seen.has(s.stage)) fail(input.material, s.stage, "the stage is given twice");
    seen.add(s.stage);
  }
  checkFraction(input.material, "", "EOL_RIR", input.eolRir);
  checkFraction(input.material, "", "SI_SR", input.siSr);
  const stages = input.stages.map((s) => stageSr(input, s));
  const sr = {
    lo: Math.max(...stages.map((s) => s.sr.lo)),
    hi: Math.max(...stages.map((s) => s.sr.hi)),
  };
  const bottleneck = stages.filter((s) => s.sr.hi >= sr.lo).map((s) => s.stage);
  const ei = input.ei ? economicImportance(input.ei, input.material) : null;
  const c = classify(sr, ei?.value ?? null);
  return {
    material: input.material,
    stages,
    sr,
    bottleneck,
    ei,
    verdict: c.verdict,
    verdictReason: c.reason,
    thresholds: { sr: SR_THRESHOLD, ei: EI_THRESHOLD },
  };
}

/** A published assessment row: the material's SR and EI and its stage SRs where given. */
export interface PublishedScores {
  readonly material: string;
  readonly sr: number;
  readonly ei: number;
  readonly stageUsed: CrmStage;
  readonly srExtraction: number | null;
  readonly srProcessing: number | null;
}

export interface PublishedCheck {
  readonly material: string;
  /** The highest stage SR the row gives (null when it gives none). */
  readonly stageMax: number | null;
  /**
   * Whether SR is the maximum over stages within `tolerance`: with both stage SRs, |SR − max| and
   * the used stage being the higher; with only the used stage, |SR − it|; with only the other
   * stage, SR ≥ it. Null when the row gives no stage SR.
   */
  readonly consistent: boolean | null;
  readonly check: string;
  readonly verdict: Verdict;
  readonly verdictReason: string;
}

/**
 * Checks a published row against the method: SR is the higher stage, and the listing rule on the
 * published SR and EI gives the verdict. `tolerance` absorbs the one-decimal rounding of the
 * published figures (0.05 plus float slack).
 */
export function checkPublished(p: PublishedScores, tolerance = 0.05 + 1e-9): PublishedCheck {
  const e = p.srExtraction;
  const q = p.srProcessing;
  const used = p.stageUsed === "extraction" ? e : q;
  const other = p.stageUsed === "extraction" ? q : e;
  const c = classify(point(p.sr), point(p.ei));
  const base = { material: p.material, verdict: c.verdict, verdictReason: c.reason };
  if (used !== null && other !== null) {
    const max = Math.max(used, other);
    const ok = Math.abs(p.sr - max) <= tolerance && used >= other - tolerance;
    return {
      ...base,
      stageMax: max,
      consistent: ok,
      check: `SR ${p.sr} vs max(${e}, ${q}) = ${max}; used stage ${p.stageUsed}`,
    };
  }
  if (used !== null)
    return {
      ...base,
      stageMax: used,
      consistent: Math.abs(p.sr - used) <= tolerance,
      check: `SR ${p.sr} vs the ${p.stageUsed} SR ${used} (the only stage given)`,
    };
  if (other !== null)
    return {
      ...base,
      stageMax: other,
      consistent: p.sr >= other - tolerance,
      check: `the ${p.stageUsed} SR is not given: only SR ${p.sr} ≥ the other stage's ${other} is checked`,
    };
  return { ...base, stageMax: null, consistent: null, check: "no stage SR given" };
}
