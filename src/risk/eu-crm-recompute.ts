/**
 * The EU's 2023 supply risk for the rare-earth groups and the magnet elements, recomputed with the
 * method of eu-crm.ts from the bundled country shares and governance indicators, beside the
 * published figure with the difference and its reasons. Nothing is tuned to agree.
 *
 * What goes in, per material:
 * - extraction ← the "mining" stage of stage-data.ts (USGS mine production by country, t REO);
 *   processing ← its "separation" stage (published shares of refined output). These are shares of
 *   all rare earths: no element- or group-specific shares are bundled, so LREE, HREE, Nd, Pr, Sm,
 *   Dy and Tb get the same shares and differ only by their IR, EOL_RIR and SI_SR.
 * - EU sourcing is not bundled: global supply stands in for it (basis "GSonly"), and each result
 *   says so; a what-if file can give EU sourcing shares (`eu_share`).
 * - governance: data/reference/wgi.csv, the mean of the six indicators, scaled (`scaleWgi`).
 * - t = 1 for every supplier: no trade-restriction factors are bundled (the EU's 2023 factors, as
 *   CritMAT transcribes them in eureport_tradeparameters.csv, list none for rare earths).
 * - IR, EOL_RIR and SI_SR: the EU's published 2023 values (data/reference/eu_crm_2023.csv). The
 *   group rows (LREE, HREE) have no SI_SR there: the range of their members' SI_SR is used, since
 *   a group's index lies within its members' if it is any weighted mean of them.
 * - unexplained shares (a stage's remainder) bound SR as eu-crm.ts does: from none to producers no
 *   larger than the smallest known one, with governance anywhere in 0–10.
 * - EI: its sector inputs are not bundled; it is shown as published.
 * @module
 * @example
 * const [nd] = recomputeEuCrm({ materials: ["Nd"] });
 * nd.result.sr; // the recomputed SR interval; nd.published.sr is 4.5
 */
import { LodestoneError } from "../errors.js";
import {
  checkPublished,
  euCrm,
  type CrmInput,
  type CrmResult,
  type CrmStage,
  type StageInput,
} from "./eu-crm.js";
import {
  applyWhatIf,
  readPublishedCrm,
  readWgi,
  readWhatIf,
  scaledWgi,
  type PublishedCrm,
  type WgiTable,
  type WhatIf,
  type WhatIfChange,
} from "./eu-crm-inputs.js";
import { between, point, type Interval } from "./interval.js";
import { loadStageShares, type StageShares, type SupplyStage } from "./stage-data.js";

export interface RecomputedMaterial {
  readonly name: string;
  readonly symbol: string | null;
  /** Members of a group, by the EU's 2023 grouping. */
  readonly members: readonly string[];
}

/** The EU's 2023 rare-earth groups and the elements of NdFeB and SmCo magnets. */
export const RECOMPUTED_MATERIALS: readonly RecomputedMaterial[] = [
  { name: "LREE", symbol: null, members: ["Lanthanum", "Cerium", "Praseodymium", "Neodymium", "Samarium"] },
  {
    name: "HREE",
    symbol: null,
    members: [
      "Dysprosium",
      "Erbium",
      "Europium",
      "Gadolinium",
      "Holmium",
      "Lutetium",
      "Terbium",
      "Thulium",
      "Ytterbium",
      "Yttrium",
    ],
  },
  { name: "Neodymium", symbol: "Nd", members: [] },
  { name: "Praseodymium", symbol: "Pr", members: [] },
  { name: "Samarium", symbol: "Sm", members: [] },
  { name: "Dysprosium", symbol: "Dy", members: [] },
  { name: "Terbium", symbol: "Tb", members: [] },
];

const STAGE_SOURCE: Record<CrmStage, SupplyStage> = { extraction: "mining", processing: "separation" };

/** Where one input came from and the range it took. */
export interface InputSource {
  readonly input: string;
  readonly range: Interval | null;
  readonly unit: string;
  readonly source: string;
}

export interface StageComparison {
  readonly stage: CrmStage;
  readonly published: number | null;
  readonly recomputed: Interval | null;
  /** recomputed − published, bound by bound; null when either is missing. */
  readonly difference: Interval | null;
}

export interface WhatIfOutcome {
  readonly changes: readonly WhatIfChange[];
  readonly input: CrmInput;
  readonly result: CrmResult;
  /** What-if SR − baseline SR, bound by bound. */
  readonly srChange: Interval;
}

export interface Recomputation {
  readonly material: string;
  readonly symbol: string | null;
  readonly published: PublishedCrm;
  /** The published row checked against the method (SR = the higher stage; the listing rule). */
  readonly publishedCheck: ReturnType<typeof checkPublished>;
  readonly input: CrmInput;
  readonly result: CrmResult;
  /** recomputed SR − published SR, bound by bound. */
  readonly difference: Interval;
  readonly stages: readonly StageComparison[];
  /** EI as published: its sector inputs are not bundled. */
  readonly ei: { readonly value: number; readonly source: string };
  readonly reasons: readonly string[];
  readonly inputs: readonly InputSource[];
  readonly whatIf: WhatIfOutcome | null;
}

export interface RecomputeData {
  readonly stageShares: readonly StageShares[];
  readonly wgi: WgiTable;
  readonly published: readonly PublishedCrm[];
}

/** Finds a recomputed material by name or symbol (case-insensitive). */
export function findRecomputedMaterial(nameOrSymbol: string): RecomputedMaterial | undefined {
  const k = nameOrSymbol.trim().toLowerCase();
  return RECOMPUTED_MATERIALS.find((m) => m.name.toLowerCase() === k || m.symbol?.toLowerCase() === k);
}

function namesOf(m: RecomputedMaterial): string[] {
  return m.symbol ? [m.name, m.symbol] : [m.name];
}

const fmt = (x: number) => x.toFixed(2);
const rangeText = (i: Interval, f = fmt) => (f(i.lo) === f(i.hi) ? f(i.lo) : `${f(i.lo)}–${f(i.hi)}`);
const pct = (i: Interval) => rangeText(i, (x) => `${(x * 100).toFixed(1)}%`);

function bySub(a: Interval, p: number): Interval {
  return { lo: a.lo - p, hi: a.hi - p };
}

/** The SR inputs of one material from the bundled data; reasons and sources are collected on the way. */
function buildInput(
  m: RecomputedMaterial,
  pub: PublishedCrm,
  data: RecomputeData,
  reasons: string[],
  inputs: InputSource[],
): CrmInput {
  const stages: StageInput[] = [];
  for (const stage of ["extraction", "processing"] as const) {
    const shares = data.stageShares.find((s) => s.stage === STAGE_SOURCE[stage]);
    if (!shares || shares.noData || shares.entries.length === 0) {
      reasons.push(
        `No bundled country shares for ${stage} (${STAGE_SOURCE[stage]}): that stage is not recomputed.`,
      );
      continue;
    }
    const irPub = stage === "extraction" ? pub.irExtraction : pub.irProcessing;
    const ir = irPub === null ? between(0, 1) : point(irPub);
    stages.push({
      stage,
      basis: "GSonly",
      ir,
      global: {
        entries: shares.entries.map((e) => ({ country: e.country, share: e.share })),
        remainder: shares.remainder,
        t: {},
      },
      eu: null,
    });
    const sum = shares.entries.reduce((s, e) => ({ lo: s.lo + e.share.lo, hi: s.hi + e.share.hi }), point(0));
    inputs.push({
      input: `${stage} shares (${shares.entries.length} ${shares.entries.length === 1 ? "country" : "countries"}, ${shares.basis}, ${shares.year})`,
      range: sum,
      unit: "fraction of global supply explained",
      source: shares.sources.join("; "),
    });
    if (shares.remainder.hi > 0)
      reasons.push(
        `${pct(shares.remainder)} of ${stage} supply is unexplained in the bundled shares: it is bounded (none, up to producers no larger than the smallest listed one with governance 0–10), which widens SR.`,
      );
    const euBasis = pub.basis[stage];
    reasons.push(
      euBasis === "GSonly"
        ? `${stage}: the EU also used global supply only (GSonly).`
        : `${stage}: EU sourcing shares are not bundled, so global supply stands in for them; the EU used ${euBasis ?? "a basis the file does not state"}${irPub !== null && euBasis === "GS+EU" ? `, where EU sourcing carries weight 1 − IR/2 = ${fmt(1 - irPub / 2)}` : ""}.`,
    );
    inputs.push({
      input: `IR ${stage}`,
      range: ir,
      unit: "fraction",
      source:
        irPub === null
          ? "not given in the published file: any value (it does not enter under GSonly)"
          : `${pub.file}:${pub.line} (EU 2023, published)`,
    });
  }
  const years = data.stageShares
    .filter((s) => (s.stage === "mining" || s.stage === "separation") && !s.noData)
    .map((s) => `${s.stage === "mining" ? "extraction" : "processing"} ${s.year}`);
  reasons.push(
    `Years: the bundled shares are for ${years.join(", ")} and governance for ${data.wgi.year}; the EU's 2023 assessment averaged earlier years (mostly 2016–2020).`,
  );
  reasons.push(
    `The bundled shares are of all rare earths (mine output in t REO; refined output), not of ${m.name}: element- and group-specific country shares are not bundled.`,
  );
  reasons.push(
    "t = 1 for every supplier: no trade-restriction factors are bundled (the EU's 2023 factors list none for rare earths); export licensing since 2023 is not in t — try a what-if with t.",
  );
  let siSr: Interval;
  if (pub.siSr !== null) {
    siSr = point(pub.siSr);
    inputs.push({ input: "SI_SR", range: siSr, unit: "0–1", source: `${pub.file}:${pub.line}` });
  } else {
    const members = data.published.filter(
      (p) => m.members.some((n) => n.toLowerCase() === p.material.toLowerCase()) && p.siSr !== null,
    );
    const vals = members.map((p) => p.siSr as number);
    siSr = vals.length ? between(Math.min(...vals), Math.max(...vals)) : between(0, 1);
    reasons.push(
      vals.length
        ? `SI_SR is blank for ${m.name} in the published file: the range of its members' SI_SR (${rangeText(siSr)}, ${vals.length} members) is used.`
        : `SI_SR is blank for ${m.name} and no member has one: SI_SR is taken as 0–1.`,
    );
    inputs.push({
      input: "SI_SR",
      range: siSr,
      unit: "0–1",
      source: vals.length
        ? `range of members' SI_SR in ${pub.file} (lines ${members.map((p) => p.line).join(", ")})`
        : "unknown: 0–1",
    });
  }
  const eolRir = point(pub.eolRir);
  inputs.push({ input: "EOL_RIR", range: eolRir, unit: "fraction", source: `${pub.file}:${pub.line}` });
  const used = new Set(stages.flatMap((s) => s.global?.entries.map((e) => e.country) ?? []));
  const wgi = scaledWgi(data.wgi);
  const usedScores = [...used].map((c) => wgi[c]).filter((x): x is number => x !== undefined);
  if (usedScores.length)
    inputs.push({
      input: `WGI scaled (${used.size} supplier countries, mean of six, ${data.wgi.year})`,
      range: between(Math.min(...usedScores), Math.max(...usedScores)),
      unit: "0–10, 10 worst",
      source: `${data.wgi.file} (${data.wgi.sources.join("; ")})`,
    });
  inputs.push({
    input: "t (trade-restriction factors)",
    range: point(1),
    unit: "factor",
    source: "none bundled: 1 for every supplier",
  });
  inputs.push({
    input: "EI",
    range: point(pub.ei),
    unit: "0–10",
    source: `${pub.file}:${pub.line} (as published)`,
  });
  return {
    material: m.name,
    wgi,
    stages,
    eolRir,
    siSr,
    ei: { kind: "given", value: point(pub.ei), source: `${pub.file}:${pub.line}` },
  };
}

/**
 * Recomputes SR from given data (pure: the bundled data in `recomputeEuCrm`, fixtures in tests).
 * `materials` are names or symbols (default: all of RECOMPUTED_MATERIALS).
 */
export function recomputeFrom(
  data: RecomputeData,
  opts: { materials?: readonly string[]; whatIf?: WhatIf } = {},
): Recomputation[] {
  const chosen = (opts.materials ?? RECOMPUTED_MATERIALS.map((m) => m.name)).map((n) => {
    const m = findRecomputedMaterial(n);
    if (!m)
      throw new LodestoneError(
        `"${n}" is not recomputed: choose ${RECOMPUTED_MATERIALS.map((x) => x.symbol ?? x.name).join(", ")}`,
      );
    return m;
  });
  if (opts.whatIf) {
    for (const c of opts.whatIf.changes) {
      if (c.material !== null && !findRecomputedMaterial(c.material))
        throw new LodestoneError(
          `${c.file}:${c.line}: material: "${c.material}" is not one of ${RECOMPUTED_MATERIALS.map((x) => x.symbol ?? x.name).join(", ")}`,
        );
    }
  }
  return chosen.map((m) => {
    const pub = data.published.find((p) => p.material.toLowerCase() === m.name.toLowerCase());
    if (!pub) throw new LodestoneError(`${m.name} is not in the published EU 2023 scores`);
    const reasons: string[] = [];
    const inputs: InputSource[] = [];
    const input = buildInput(m, pub, data, reasons, inputs);
    const result = euCrm(input);
    const publishedCheck = checkPublished(pub);
    if (publishedCheck.consistent === false)
      reasons.push(`The published figures disagree among themselves: ${publishedCheck.check}.`);
    if (!result.bottleneck.includes(pub.stageUsed) || result.bottleneck.length > 1)
      reasons.push(
        `The EU's bottleneck stage was ${pub.stageUsed}; here it is ${result.bottleneck.join(" or ")}${result.bottleneck.length > 1 ? " (the ranges overlap)" : ""}.`,
      );
    const stages: StageComparison[] = (["extraction", "processing"] as const).map((stage) => {
      const published = stage === "extraction" ? pub.srExtraction : pub.srProcessing;
      const recomputed = result.stages.find((s) => s.stage === stage)?.sr ?? null;
      return {
        stage,
        published,
        recomputed,
        difference: published !== null && recomputed ? bySub(recomputed, published) : null,
      };
    });
    let whatIf: WhatIfOutcome | null = null;
    if (opts.whatIf) {
      const w = applyWhatIf(input, opts.whatIf, namesOf(m));
      if (w.applied.length) {
        const r = euCrm(w.input);
        whatIf = {
          changes: w.applied,
          input: w.input,
          result: r,
          srChange: { lo: r.sr.lo - result.sr.lo, hi: r.sr.hi - result.sr.hi },
        };
      }
    }
    return {
      material: m.name,
      symbol: m.symbol,
      published: pub,
      publishedCheck,
      input,
      result,
      difference: bySub(result.sr, pub.sr),
      stages,
      ei: { value: pub.ei, source: `${pub.file}:${pub.line}` },
      reasons,
      inputs,
      whatIf,
    };
  });
}

/** Recomputes from the bundled data (and an optional what-if file). */
export function recomputeEuCrm(
  opts: {
    materials?: readonly string[];
    year?: number;
    /** A what-if file, or `whatIf` already read (from text: the API's parameter). */
    whatIfPath?: string;
    whatIf?: WhatIf;
    wgiYear?: number;
  } = {},
): Recomputation[] {
  const data: RecomputeData = {
    stageShares: loadStageShares(opts.year === undefined ? {} : { year: opts.year }),
    wgi: readWgi(undefined, opts.wgiYear === undefined ? {} : { year: opts.wgiYear }),
    published: readPublishedCrm(),
  };
  return recomputeFrom(data, {
    ...(opts.materials ? { materials: opts.materials } : {}),
    ...(opts.whatIf
      ? { whatIf: opts.whatIf }
      : opts.whatIfPath
        ? { whatIf: readWhatIf(opts.whatIfPath) }
        : {}),
  });
}
