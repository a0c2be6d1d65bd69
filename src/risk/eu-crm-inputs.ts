/**
 * Inputs of the EU CRM method (eu-crm.ts) as files a user can read and edit: the EU's published
 * 2023 scores, CritMAT's transcription of all 91 rows of that assessment, the World Bank's
 * governance indicators, and what-if files. Every bad cell is an ImportError naming file, line,
 * field and reason.
 *
 * Governance: the method weights each supplier by its World Bank Worldwide Governance Indicator
 * scaled to 0–10 with 10 the worst (`scaleWgi`), taken here as the plain mean of the six dimensions
 * (Voice and Accountability, Political Stability, Government Effectiveness, Regulatory Quality, Rule
 * of Law, Control of Corruption — VA PV GE RQ RL CC). That is how CritMAT implements the EU method
 * (critmat/data_processing/get_wgi.py averages cc, ge, pv, rl, rq, va); the guidelines' own text
 * was not at hand to quote. A country missing any of the six for the year is an error: a mean of
 * five is a different indicator.
 *
 * CritMAT's file has known defects (data/reference/raw/README.md): an extraction SR written "281%"
 * (LREE), columns shifted by one in five rows (Coking coal, Diatomite, Magnesite, Natural cork,
 * Strontium: a number lands in a supply-basis column), and Tungsten twice. So its reader has two
 * modes: `strict` throws the first malformed row as a located error; `tolerant` keeps every good
 * row and returns each malformed one as a located error entry in `rejected`, so callers can still
 * check the 84 good rows while listing the 7 bad ones instead of dropping them silently. Neither
 * mode repairs a row. One non-standard spelling is read with a note, not rejected: Molybdenum's
 * processing basis "EU", read as "EUonly".
 *
 * What-if file (CSV, UTF-8, one change per row):
 *
 *     material,stage,field,country,value,note
 *     Nd,processing,share,CHN,75,Chinese refiners lose share to a new plant
 *     Nd,processing,share,AUS,12,a new Australian separation plant
 *     ,,wgi_mean,AUS,1.5,
 *
 * - `material`: a material name or symbol (Neodymium, Nd, LREE); empty = every material.
 * - `stage`: extraction (or mining) / processing (or separation, refining); empty = every stage.
 * - `field` and the unit of `value`:
 *   - `share`: the country's share of global supply at the stage, percent (0–100). Ranges and
 *     bounds as the reference tables write them ("10-15", ">90") become intervals. Other countries'
 *     shares are left as they are: lower them explicitly; shares over 100% are an error.
 *   - `eu_share`: the country's share of the EU's sourcing at the stage, percent. The bundled data
 *     has no EU sourcing, so the first `eu_share` line of a stage starts from a copy of global supply
 *     (the stand-in) and switches the stage to the GS+EU basis.
 *   - `t`, `t_eu`: trade-restriction factor of the country in global supply / EU sourcing (1 none).
 *   - `wgi`: scaled governance score 0–10 (10 worst); `wgi_mean`: mean WGI estimate (−2.5…+2.5).
 *   - `ir`: import reliance, percent; `eol_rir`: end-of-life recycling input rate, percent;
 *     `si_sr`: substitution index, 0–1. `eol_rir` and `si_sr` are one per material: no stage.
 * - `country`: ISO3, required for share, eu_share, t, t_eu, wgi and wgi_mean.
 * Changes apply in file order; a repeated (material, stage, field, country) is an error.
 * @module
 */
import { ImportError } from "../errors.js";
import {
  parseBound,
  readReference,
  readReferenceText,
  userPath,
  type ReferenceTable,
} from "../data/reference/read.js";
import { RowReader, type TableRow } from "../data/sources/table.js";
import { countryByIso3, isAggregate } from "../ref/countries.js";
import {
  scaleWgi,
  sourcingOf,
  SUPPLY_BASES,
  type CrmInput,
  type CrmStage,
  type PublishedScores,
  type Sourcing,
  type StageInput,
  type SupplyBasis,
} from "./eu-crm.js";
import { between, point, type Interval } from "./interval.js";
import { checkShare, SHARE_ROUNDING } from "./shares.js";

export const PUBLISHED_FILE = "eu_crm_2023.csv";
export const CRITMAT_FILE = "raw/critmat_eureport_results.csv";
export const WGI_FILE = "wgi.csv";

/** The six WGI dimensions whose mean the method uses. */
export const WGI_INDICATORS = ["VA", "PV", "GE", "RQ", "RL", "CC"] as const;
/** WGI estimates run "approximately −2.5 to +2.5"; beyond ±3 is a broken cell. */
const WGI_LIMIT = 3;

function numberIn(
  r: RowReader,
  row: TableRow,
  field: string,
  min: number,
  max: number,
  what: string,
): number | null {
  const n = r.number(row, field);
  if (n === null) return null;
  if (n < min || n > max) r.fail(row, field, `${r.cell(row, field)} is outside ${min}–${max} (${what})`);
  return n;
}

function requiredIn(
  r: RowReader,
  row: TableRow,
  field: string,
  min: number,
  max: number,
  what: string,
): number {
  return numberIn(r, row, field, min, max, what) ?? r.fail(row, field, "is empty");
}

function stageName(r: RowReader, row: TableRow, field: string): CrmStage {
  const v = r.required(row, field).toLowerCase();
  if (v === "extraction") return "extraction";
  if (v === "processing") return "processing";
  return r.fail(row, field, `"${r.cell(row, field)}" is not Extraction or Processing`);
}

// ---------------------------------------------------------------------------------------------
// The EU's published 2023 scores (curated: data/reference/eu_crm_2023.csv)

export interface PublishedCrm extends PublishedScores {
  readonly file: string;
  readonly line: number;
  readonly siEi: number | null;
  readonly siSr: number | null;
  /** Import reliance per stage, fraction 0–1 (null when not given). */
  readonly irExtraction: number | null;
  readonly irProcessing: number | null;
  /** End-of-life recycling input rate, fraction 0–1. */
  readonly eolRir: number;
  /** The supply basis the EU used per stage, from the note ("supply basis: extraction GS+EU, …"). */
  readonly basis: { readonly extraction: SupplyBasis | null; readonly processing: SupplyBasis | null };
  readonly source: string;
  readonly sourceDate: string;
  readonly note: string;
}

const PUBLISHED_COLUMNS = [
  "material",
  "sr",
  "ei",
  "stage_used",
  "sr_extraction",
  "sr_processing",
  "si_ei",
  "si_sr",
  "ir_extraction_pct",
  "ir_processing_pct",
  "eol_rir_pct",
  "source_url",
  "source_date",
  "note",
];

function basisFromNote(note: string, stage: "extraction" | "processing"): SupplyBasis | null {
  const m = new RegExp(`supply basis:[^.]*\\b${stage} ([A-Za-z+/]+)`).exec(note);
  const v = m?.[1];
  return v && (SUPPLY_BASES as readonly string[]).includes(v) ? (v as SupplyBasis) : null;
}

/** Reads the EU's published 2023 scores (all rows must be well-formed: the file is curated). */
export function readPublishedCrm(nameOrPath: string = PUBLISHED_FILE): PublishedCrm[] {
  const { file, table, reader: r } = readReference(nameOrPath, PUBLISHED_COLUMNS);
  const seen = new Map<string, number>();
  return table.rows.map((row) => {
    const material = r.required(row, "material");
    const first = seen.get(material.toLowerCase());
    if (first !== undefined) r.fail(row, "material", `"${material}" appears twice (first at line ${first})`);
    seen.set(material.toLowerCase(), row.line);
    const pct = (f: string) => {
      const v = numberIn(r, row, f, 0, 100, "percent");
      return v === null ? null : v / 100;
    };
    const note = r.cell(row, "note");
    return {
      file,
      line: row.line,
      material,
      sr: requiredIn(r, row, "sr", 0, 20, "supply risk"),
      ei: requiredIn(r, row, "ei", 0, 10, "economic importance"),
      stageUsed: stageName(r, row, "stage_used"),
      srExtraction: numberIn(r, row, "sr_extraction", 0, 20, "supply risk"),
      srProcessing: numberIn(r, row, "sr_processing", 0, 20, "supply risk"),
      siEi: numberIn(r, row, "si_ei", 0, 1, "substitution index"),
      siSr: numberIn(r, row, "si_sr", 0, 1, "substitution index"),
      irExtraction: pct("ir_extraction_pct"),
      irProcessing: pct("ir_processing_pct"),
      eolRir: pct("eol_rir_pct") ?? r.fail(row, "eol_rir_pct", "is empty"),
      basis: { extraction: basisFromNote(note, "extraction"), processing: basisFromNote(note, "processing") },
      source: r.required(row, "source_url"),
      sourceDate: r.cell(row, "source_date"),
      note,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// CritMAT's transcription of the 2023 assessment (data/reference/raw/critmat_eureport_results.csv)

export interface CritmatRow extends PublishedScores {
  readonly line: number;
  readonly stagesAssessed: readonly CrmStage[];
  readonly basis: { readonly extraction: SupplyBasis | null; readonly processing: SupplyBasis | null };
  readonly siEi: number | null;
  readonly siSr: number | null;
  readonly irExtraction: number | null;
  readonly irProcessing: number | null;
  readonly eolRir: number;
  /** Readings that are not errors but are not the file's words either. */
  readonly notes: readonly string[];
}

/** A malformed row: where it is and why, as `file:line: field: reason`. */
export interface RejectedRow {
  /** The material_name cell as written ("" when empty). */
  readonly material: string;
  readonly file: string;
  readonly line: number;
  readonly field: string | null;
  readonly reason: string;
  readonly message: string;
}

export interface CritmatResults {
  readonly file: string;
  readonly rows: readonly CritmatRow[];
  /** Malformed rows (tolerant mode only; strict mode throws the first). */
  readonly rejected: readonly RejectedRow[];
}

const CRITMAT_COLUMNS = [
  "material_name",
  "supply_risk",
  "economic_importance",
  "eu_used_stage",
  "eu_stages",
  "eu_used_supply_primary",
  "supply_risk_primary",
  "eu_used_supply_refined",
  "supply_risk_refined",
  "si_ei",
  "si_sr",
  "import_reliance_primary",
  "import_reliance_refined",
  "end_of_life",
];

const STAGE_COLUMNS = {
  extraction: { basis: "eu_used_supply_primary", sr: "supply_risk_primary", ir: "import_reliance_primary" },
  processing: { basis: "eu_used_supply_refined", sr: "supply_risk_refined", ir: "import_reliance_refined" },
} as const;

function critmatRow(r: RowReader, row: TableRow): CritmatRow {
  const material = r.required(row, "material_name");
  const notes: string[] = [];
  const stagesText = r.required(row, "eu_stages");
  const stagesAssessed: CrmStage[] =
    stagesText === "E+P"
      ? ["extraction", "processing"]
      : stagesText === "E"
        ? ["extraction"]
        : stagesText === "P"
          ? ["processing"]
          : r.fail(row, "eu_stages", `"${stagesText}" is not E, P or E+P`);
  const stageUsed = stageName(r, row, "eu_used_stage");
  if (!stagesAssessed.includes(stageUsed))
    r.fail(row, "eu_used_stage", `${stageUsed} is not among the stages assessed (${stagesText})`);
  const basis: Record<CrmStage, SupplyBasis | null> = { extraction: null, processing: null };
  const sr: Record<CrmStage, number | null> = { extraction: null, processing: null };
  const ir: Record<CrmStage, number | null> = { extraction: null, processing: null };
  for (const stage of ["extraction", "processing"] as const) {
    const c = STAGE_COLUMNS[stage];
    if (!stagesAssessed.includes(stage)) {
      for (const f of [c.basis, c.sr, c.ir]) {
        if (r.cell(row, f) !== "")
          r.fail(
            row,
            f,
            `"${r.cell(row, f)}" given for ${stage}, a stage not assessed (${stagesText}): the columns look shifted`,
          );
      }
      continue;
    }
    const b = r.required(row, c.basis);
    if ((SUPPLY_BASES as readonly string[]).includes(b)) basis[stage] = b as SupplyBasis;
    else if (b === "EU") {
      basis[stage] = "EUonly";
      notes.push(`${c.basis} reads "EU", taken as EUonly`);
    } else
      r.fail(
        row,
        c.basis,
        `"${b}" is not a supply basis (${SUPPLY_BASES.join(", ")})${/^[\d.]+$/.test(b) ? ": the columns look shifted" : ""}`,
      );
    sr[stage] = numberIn(r, row, c.sr, 0, 20, "supply risk");
    const irPct = numberIn(r, row, c.ir, 0, 100, "percent");
    ir[stage] = irPct === null ? null : irPct / 100;
  }
  return {
    line: row.line,
    material,
    sr: requiredIn(r, row, "supply_risk", 0, 20, "supply risk"),
    ei: requiredIn(r, row, "economic_importance", 0, 10, "economic importance"),
    stageUsed,
    srExtraction: sr.extraction,
    srProcessing: sr.processing,
    stagesAssessed,
    basis,
    siEi: numberIn(r, row, "si_ei", 0, 1, "substitution index"),
    siSr: numberIn(r, row, "si_sr", 0, 1, "substitution index"),
    irExtraction: ir.extraction,
    irProcessing: ir.processing,
    eolRir: requiredIn(r, row, "end_of_life", 0, 100, "percent") / 100,
    notes,
  };
}

/**
 * Reads CritMAT's 91 rows of the EU 2023 assessment. `strict` throws the first malformed row;
 * `tolerant` returns the good rows and lists each malformed one (see the module header).
 */
export function readCritmatResults(
  nameOrPath: string = CRITMAT_FILE,
  opts: { mode: "strict" | "tolerant" } = { mode: "strict" },
): CritmatResults {
  const { file, table, reader: r } = readReference(nameOrPath, CRITMAT_COLUMNS);
  const rows: CritmatRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    try {
      const name = r.required(row, "material_name");
      const first = seen.get(name.toLowerCase());
      if (first !== undefined)
        r.fail(row, "material_name", `"${name}" appears twice (first at line ${first})`);
      seen.set(name.toLowerCase(), row.line);
      rows.push(critmatRow(r, row));
    } catch (e) {
      if (opts.mode === "strict" || !(e instanceof ImportError)) throw e;
      rejected.push({
        material: r.cell(row, "material_name"),
        file: e.file,
        line: e.line ?? row.line,
        field: e.field,
        reason: e.reason,
        message: e.message,
      });
    }
  }
  return { file, rows, rejected };
}

// ---------------------------------------------------------------------------------------------
// World Bank governance indicators (data/reference/wgi.csv)

export interface WgiCountry {
  readonly country: string;
  readonly year: number;
  readonly indicators: Readonly<Record<(typeof WGI_INDICATORS)[number], number>>;
  /** Mean of the six estimates. */
  readonly mean: number;
  /** `scaleWgi(mean)`: 0–10, 10 worst. */
  readonly scaled: number;
  readonly line: number;
}

export interface WgiTable {
  readonly file: string;
  readonly year: number;
  readonly countries: Readonly<Record<string, WgiCountry>>;
  readonly sources: readonly string[];
}

/** Reads the WGI table for one year (default: the latest in the file) and scales each country. */
export function readWgi(nameOrPath: string = WGI_FILE, opts: { year?: number } = {}): WgiTable {
  const {
    file,
    table,
    reader: r,
  } = readReference(nameOrPath, ["country", "year", "indicator", "estimate", "source_url"]);
  const cells = new Map<string, { line: number; values: Map<string, number> }>();
  const sources = new Set<string>();
  const years = new Set<number>();
  const parsed = table.rows.map((row) => {
    const country = r.required(row, "country").toUpperCase();
    if (!countryByIso3(country) || isAggregate(country))
      r.fail(row, "country", `unknown country "${r.cell(row, "country")}"`);
    const year = requiredIn(r, row, "year", 1996, 2100, "year");
    if (!Number.isInteger(year)) r.fail(row, "year", `${year} is not a year`);
    const indicator = r.required(row, "indicator").toUpperCase();
    if (!(WGI_INDICATORS as readonly string[]).includes(indicator))
      r.fail(row, "indicator", `"${indicator}" is not one of ${WGI_INDICATORS.join(", ")}`);
    const estimate = requiredIn(
      r,
      row,
      "estimate",
      -WGI_LIMIT,
      WGI_LIMIT,
      "WGI estimates run about −2.5…+2.5",
    );
    years.add(year);
    return { row, country, year, indicator, estimate };
  });
  if (years.size === 0) throw new ImportError(file, null, null, "no rows");
  const year = opts.year ?? Math.max(...years);
  if (!years.has(year)) throw new ImportError(file, null, "year", `no WGI rows for ${year}`);
  for (const p of parsed) {
    if (p.year !== year) continue;
    const c = cells.get(p.country) ?? { line: p.row.line, values: new Map<string, number>() };
    if (c.values.has(p.indicator))
      r.fail(p.row, "indicator", `${p.indicator} for ${p.country} ${year} is given twice`);
    c.values.set(p.indicator, p.estimate);
    cells.set(p.country, c);
    sources.add(r.cell(p.row, "source_url"));
  }
  const countries: Record<string, WgiCountry> = {};
  for (const [country, c] of cells) {
    const missing = WGI_INDICATORS.filter((i) => !c.values.has(i));
    if (missing.length)
      r.fail(
        c.line,
        "indicator",
        `${country} has ${6 - missing.length} of the six WGI indicators for ${year} (missing ${missing.join(", ")}): the method uses the mean of all six`,
      );
    const indicators = Object.fromEntries(
      WGI_INDICATORS.map((i) => [i, c.values.get(i) as number]),
    ) as Record<(typeof WGI_INDICATORS)[number], number>;
    const mean = WGI_INDICATORS.reduce((s, i) => s + indicators[i], 0) / WGI_INDICATORS.length;
    countries[country] = { country, year, indicators, mean, scaled: scaleWgi(mean), line: c.line };
  }
  return { file, year, countries, sources: [...sources] };
}

/** The scaled scores of a WGI table, as the method takes them. */
export function scaledWgi(table: WgiTable): Record<string, number> {
  return Object.fromEntries(Object.values(table.countries).map((c) => [c.country, c.scaled]));
}

// ---------------------------------------------------------------------------------------------
// What-if files

export type WhatIfField =
  "share" | "eu_share" | "t" | "t_eu" | "wgi" | "wgi_mean" | "ir" | "eol_rir" | "si_sr";
export const WHAT_IF_FIELDS: readonly WhatIfField[] = [
  "share",
  "eu_share",
  "t",
  "t_eu",
  "wgi",
  "wgi_mean",
  "ir",
  "eol_rir",
  "si_sr",
];

export interface WhatIfChange {
  readonly file: string;
  readonly line: number;
  /** As written (a name or symbol); null = every material. */
  readonly material: string | null;
  /** null = every stage. */
  readonly stage: CrmStage | null;
  readonly field: WhatIfField;
  readonly country: string | null;
  /** In the method's units: fractions for shares, IR and EOL_RIR; the scaled score for wgi and wgi_mean. */
  readonly value: Interval;
  /** The value as written. */
  readonly text: string;
  readonly note: string;
}

export interface WhatIf {
  readonly file: string;
  readonly changes: readonly WhatIfChange[];
}

const STAGE_WORDS: Record<string, CrmStage> = {
  extraction: "extraction",
  mining: "extraction",
  processing: "processing",
  separation: "processing",
  refining: "processing",
};

const NEEDS_COUNTRY = new Set<WhatIfField>(["share", "eu_share", "t", "t_eu", "wgi", "wgi_mean"]);

/** Reads and validates a what-if file (format in the module header). */
export function readWhatIf(path: string): WhatIf {
  return whatIfOf(readReference(userPath(path), ["field", "value"]));
}

/** A what-if given as text (the API's `what-if` parameter) in the same CSV layout; `name` labels errors. */
export function whatIfFromText(text: string, name = "what-if"): WhatIf {
  return whatIfOf(readReferenceText(text, name, ["field", "value"]));
}

function whatIfOf(ref: ReferenceTable): WhatIf {
  const { file, table } = ref;
  const r: RowReader = ref.reader;
  const seen = new Map<string, number>();
  const changes = table.rows.map((row): WhatIfChange => {
    const fieldText = r.required(row, "field").toLowerCase();
    if (!(WHAT_IF_FIELDS as readonly string[]).includes(fieldText))
      r.fail(row, "field", `"${r.cell(row, "field")}" is not one of ${WHAT_IF_FIELDS.join(", ")}`);
    const field = fieldText as WhatIfField;
    const stageText = r.cell(row, "stage").toLowerCase();
    const stage = stageText === "" ? null : (STAGE_WORDS[stageText] ?? null);
    if (stageText !== "" && stage === null)
      r.fail(row, "stage", `"${r.cell(row, "stage")}" is not extraction (mining) or processing (separation)`);
    if ((field === "share" || field === "eu_share") && stage === null)
      r.fail(row, "stage", "is empty: a share belongs to one stage (extraction or processing)");
    if ((field === "eol_rir" || field === "si_sr") && stage !== null)
      r.fail(row, "stage", `${field} is one value per material in the EU method: leave the stage empty`);
    const countryText = r.cell(row, "country").toUpperCase();
    const country = countryText === "" ? null : countryText;
    if (NEEDS_COUNTRY.has(field)) {
      if (country === null) r.fail(row, "country", `is empty: ${field} needs a country (ISO3)`);
      if (!countryByIso3(country) || isAggregate(country))
        r.fail(row, "country", `unknown country "${r.cell(row, "country")}"`);
    } else if (country !== null) r.fail(row, "country", `${field} takes no country`);
    const text = r.required(row, "value");
    const b = parseBound(
      text,
      field === "share" || field === "eu_share" || field === "ir" || field === "eol_rir"
        ? 100
        : Number.POSITIVE_INFINITY,
    );
    if (!b) r.fail(row, "value", `"${text}" is not a number or a range`);
    const single = (): number => {
      if (b[0] !== b[1]) r.fail(row, "value", `${field} takes one number, not a range`);
      return b[0];
    };
    const where = { file, line: row.line, field: "value" };
    let value: Interval;
    switch (field) {
      case "share":
      case "eu_share":
        value = between(b[0] / 100, b[1] / 100);
        checkShare(country as string, value, where);
        break;
      case "ir":
      case "eol_rir":
        if (b[0] < 0 || b[1] > 100) r.fail(row, "value", `${text} is outside 0–100 (percent)`);
        value = between(b[0] / 100, b[1] / 100);
        break;
      case "si_sr":
        if (b[0] < 0 || b[1] > 1) r.fail(row, "value", `${text} is outside 0–1`);
        value = between(b[0], b[1]);
        break;
      case "t":
      case "t_eu": {
        const t = single();
        if (t < 0) r.fail(row, "value", `trade factor ${text} is negative`);
        value = point(t);
        break;
      }
      case "wgi": {
        const w = single();
        if (w < 0 || w > 10) r.fail(row, "value", `${text} is outside 0–10 (scaled WGI, 10 worst)`);
        value = point(w);
        break;
      }
      case "wgi_mean": {
        const m = single();
        if (m < -WGI_LIMIT || m > WGI_LIMIT) r.fail(row, "value", `${text} is outside the WGI's −2.5…+2.5`);
        value = point(scaleWgi(m));
        break;
      }
    }
    const material = r.cell(row, "material") || null;
    const key = [material?.toLowerCase() ?? "", stage ?? "", field, country ?? ""].join("|");
    const first = seen.get(key);
    if (first !== undefined) r.fail(row, "field", `the same change is given twice (first at line ${first})`);
    seen.set(key, row.line);
    return { file, line: row.line, material, stage, field, country, value, text, note: r.cell(row, "note") };
  });
  return { file, changes };
}

/** Applies the changes that concern this material (`names`: its name and symbol) to its inputs. */
export function applyWhatIf(
  input: CrmInput,
  whatIf: WhatIf,
  names: readonly string[] = [input.material],
): { input: CrmInput; applied: WhatIfChange[] } {
  const lower = names.map((n) => n.toLowerCase());
  const mine = whatIf.changes.filter((c) => c.material === null || lower.includes(c.material.toLowerCase()));
  if (mine.length === 0) return { input, applied: [] };
  const wgi: Record<string, number> = { ...input.wgi };
  let eolRir = input.eolRir;
  let siSr = input.siSr;
  type Editable = {
    entries: Map<string, Interval>;
    t: Record<string, number>;
    base: Sourcing;
    last: WhatIfChange | null;
  };
  const edit = (s: Sourcing | null): Editable | null =>
    s && {
      entries: new Map(s.entries.map((e) => [e.country, e.share])),
      t: { ...s.t },
      base: s,
      last: null,
    };
  const stages = input.stages.map((s) => ({
    s,
    basis: s.basis,
    ir: s.ir,
    global: edit(s.global),
    eu: edit(s.eu),
    editedGlobal: false,
    editedEu: false,
  }));
  const fail = (c: WhatIfChange, reason: string): never => {
    throw new ImportError(c.file, c.line, "value", reason);
  };
  for (const c of mine) {
    if (c.field === "wgi" || c.field === "wgi_mean") wgi[c.country as string] = c.value.lo;
    else if (c.field === "eol_rir") eolRir = c.value;
    else if (c.field === "si_sr") siSr = c.value;
    for (const st of stages) {
      if (c.stage !== null && c.stage !== st.s.stage) continue;
      switch (c.field) {
        case "ir":
          st.ir = c.value;
          break;
        case "share":
        case "t": {
          const g = st.global ?? fail(c, `${input.material} ${st.s.stage} has no global supply to change`);
          if (c.field === "share") {
            g.entries.set(c.country as string, c.value);
            g.last = c;
            st.editedGlobal = true;
          } else g.t[c.country as string] = c.value.lo;
          break;
        }
        case "eu_share":
        case "t_eu": {
          if (!st.eu) {
            if (c.field === "t_eu")
              fail(
                c,
                `${input.material} ${st.s.stage} has no EU sourcing (basis ${st.basis}): give eu_share lines first`,
              );
            // The first EU-sourcing change starts from global supply as edited so far: the stand-in.
            const g = st.global ?? fail(c, `${input.material} ${st.s.stage} has no supply to start from`);
            st.eu = { entries: new Map(g.entries), t: { ...g.t }, base: g.base, last: null };
            st.basis = "GS+EU";
          }
          const e = st.eu as Editable;
          if (c.field === "eu_share") {
            e.entries.set(c.country as string, c.value);
            e.last = c;
            st.editedEu = true;
          } else e.t[c.country as string] = c.value.lo;
          break;
        }
      }
    }
  }
  const rebuild = (e: Editable | null, edited: boolean, scope: string, stage: CrmStage): Sourcing | null => {
    if (!e) return null;
    const entries = [...e.entries].map(([country, share]) => ({ country, share }));
    if (!edited) return { ...e.base, t: e.t };
    const total = entries.reduce((s, x) => s + x.share.lo, 0);
    if (total > 1 + SHARE_ROUNDING)
      fail(
        e.last as WhatIfChange,
        `${input.material} ${stage} ${scope} shares now sum to ${(total * 100).toFixed(1)}%, over 100%: lower another country's share`,
      );
    const s = sourcingOf(entries, { t: e.t });
    return {
      ...s,
      ...(e.base.remainderWgi ? { remainderWgi: e.base.remainderWgi } : {}),
      ...(e.base.remainderT ? { remainderT: e.base.remainderT } : {}),
    };
  };
  const newStages: StageInput[] = stages.map((st) => ({
    stage: st.s.stage,
    basis: st.basis,
    ir: st.ir,
    global: rebuild(st.global, st.editedGlobal, "global supply", st.s.stage),
    eu: rebuild(st.eu, st.editedEu, "EU sourcing", st.s.stage),
  }));
  for (const c of mine) {
    if ((c.field === "share" || c.field === "eu_share") && wgi[c.country as string] === undefined)
      throw new ImportError(
        c.file,
        c.line,
        "country",
        `${c.country} has no governance score in the WGI table: add a wgi or wgi_mean line for it`,
      );
  }
  return { input: { ...input, wgi, eolRir, siSr, stages: newStages }, applied: mine };
}
