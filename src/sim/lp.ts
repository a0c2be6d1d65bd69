/**
 * Linear and mixed-integer programs solved by HiGHS (WebAssembly): a builder that writes CPLEX LP text
 * from named variables, constraints and a linear objective, and `solveLp`, which solves it and returns
 * the values under the caller's names. Shared by the time-to-survive analysis, the linear twin of the
 * network and the mitigation planner, so it knows nothing about networks.
 *
 * Names are free text for the caller (`y[mine-a]`, `flow mine→plant`); the LP text gets sanitised,
 * unique names (letters, digits, `_`), because the LP format reads `-` as a minus, has keywords
 * (`free`, `end`, `st`, …) and takes `e9` for a number. The wasm runtime loads once per process.
 * @module
 * @example
 * const m = new LpModel("workshop", "max");
 * m.addVar("chairs", { kind: "integer" });
 * m.addVar("tables", { kind: "integer" });
 * m.setObjective({ chairs: 30, tables: 50 });
 * m.addConstraint("carpentry", { chairs: 1, tables: 2 }, "<=", 40);
 * m.addConstraint("finishing", { chairs: 2, tables: 1 }, "<=", 50);
 * const r = await solveLp(m); // { status: "Optimal", objective: 1100, values: Map { chairs → 20, tables → 10 }, mip_gap: 0 }
 */
import type { Highs } from "highs";
import { LodestoneError } from "../errors.js";

export type LpSense = "<=" | ">=" | "=";
export type LpVarKind = "continuous" | "integer" | "binary";
export type LpDirection = "min" | "max";

/** Bounds default to [0, ∞); binaries are [0, 1] whatever the bounds say. */
export interface LpVarOptions {
  lo?: number;
  hi?: number;
  kind?: LpVarKind;
}

/** Coefficients by variable name: an object for small models, pairs (or a Map) when generated. */
export type LpTerms = Readonly<Record<string, number>> | Iterable<readonly [string, number]>;

/** HiGHS model statuses, by their HiGHS names; the index is HiGHS's numeric code. */
const STATUSES = [
  "Not Set",
  "Load error",
  "Model error",
  "Presolve error",
  "Solve error",
  "Postsolve error",
  "Empty",
  "Optimal",
  "Infeasible",
  "Primal infeasible or unbounded",
  "Unbounded",
  "Bound on objective reached",
  "Target for objective reached",
  "Time limit reached",
  "Iteration limit reached",
  "Unknown",
  "Solution limit reached",
  "Interrupted",
] as const;
export type LpStatus = (typeof STATUSES)[number];

export interface LpSolveOptions {
  /** Solve in a worker thread (for large models: HiGHS blocks its thread until it stops). */
  worker?: boolean;
  /** Wall-clock limit in seconds (HiGHS `time_limit`). */
  time_limit?: number;
  /** Relative MIP gap at which branch-and-bound stops (HiGHS `mip_rel_gap`, default 1e-4). */
  mip_rel_gap?: number;
  /**
   * Statuses returned instead of thrown, e.g. `["Unbounded"]` when unboundedness is an answer, or
   * `["Time limit reached"]` to take a MIP's incumbent. `Optimal` is always accepted.
   */
  accept?: readonly LpStatus[];
}

export interface LpResult {
  status: LpStatus;
  /** Objective at the returned point; NaN when HiGHS has no feasible point (an accepted failure). */
  objective: number;
  /** Values by the caller's variable names; empty when HiGHS has no feasible point. */
  values: Map<string, number>;
  /** Relative gap between incumbent and bound, for models with integer or binary variables. */
  mip_gap?: number;
}

interface Row {
  lpName: string;
  terms: Map<string, number>;
  sense: LpSense;
  rhs: number;
}

/** Words the LP reader takes as section keywords or numbers, whatever their case. */
const RESERVED = new Set(
  (
    "st s_t subject to such that bound bounds free inf infinity end gen general generals integer integers " +
    "bin binary binaries semi semis semicontinuous sos min max minimize maximize minimise maximise minimum maximum"
  ).split(" "),
);
const MAX_NAME = 200;
const TERMS_PER_LINE = 8;

/** A linear or mixed-integer program under construction; write it with `toLp()`, solve it with `solveLp`. */
export class LpModel {
  readonly #vars = new Map<string, { lpName: string; lo: number; hi: number; kind: LpVarKind }>();
  readonly #rows: Row[] = [];
  readonly #rowNames = new Map<string, string>();
  readonly #rowByName = new Map<string, Row>();
  // "obj" labels the objective, which shares the row namespace.
  readonly #taken = { vars: new Set<string>(), rows: new Set<string>(["obj"]) };
  #objective = new Map<string, number>();
  #offset = 0;

  constructor(
    /** Named in every error, so a failure says which of many solves it was. */
    readonly name: string,
    readonly direction: LpDirection,
  ) {}

  /** Declares a variable; returns its name for chaining into terms. */
  addVar(name: string, opts: LpVarOptions = {}): string {
    if (this.#vars.has(name)) throw this.#error(`variable "${name}" is declared twice`);
    const kind = opts.kind ?? "continuous";
    const lo = kind === "binary" ? 0 : (opts.lo ?? 0);
    const hi = kind === "binary" ? 1 : (opts.hi ?? Infinity);
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo === Infinity || hi === -Infinity)
      throw this.#error(`variable "${name}" has bounds [${lo}, ${hi}]`);
    this.#vars.set(name, { lpName: unique(lpName(name), this.#taken.vars), lo, hi, kind });
    return name;
  }

  /** Adds Σ coef·var (sense) rhs; repeated variables in `terms` add up. */
  addConstraint(name: string, terms: LpTerms, sense: LpSense, rhs: number): void {
    if (this.#rowNames.has(name)) throw this.#error(`constraint "${name}" is declared twice`);
    if (!Number.isFinite(rhs)) throw this.#error(`constraint "${name}" has right-hand side ${rhs}`);
    const lp = unique(lpName(name), this.#taken.rows);
    this.#rowNames.set(name, lp);
    const row: Row = { lpName: lp, terms: this.#collect(terms, `constraint "${name}"`), sense, rhs };
    this.#rows.push(row);
    this.#rowByName.set(name, row);
  }

  /** Replaces the objective: Σ coef·var + constant, minimised or maximised by `direction`. */
  setObjective(terms: LpTerms, constant = 0): void {
    if (!Number.isFinite(constant)) throw this.#error(`the objective's constant is ${constant}`);
    this.#objective = this.#collect(terms, "the objective");
    this.#offset = constant;
  }

  /**
   * Adds `coef · variable` to an existing constraint (summing with a term already there): how a model
   * built by one module (the linear twin) is coupled to decisions another adds (the planner's levers).
   */
  addTerm(constraint: string, variable: string, coef: number): void {
    const row = this.#rowByName.get(constraint);
    if (!row) throw this.#error(`constraint "${constraint}" is not declared`);
    if (!this.#vars.has(variable))
      throw this.#error(`constraint "${constraint}" uses undeclared variable "${variable}"`);
    if (!Number.isFinite(coef)) throw this.#error(`constraint "${constraint}" gets coefficient ${coef}`);
    row.terms.set(variable, (row.terms.get(variable) ?? 0) + coef);
  }

  /**
   * The model as arrays, for solvers that take matrices (the benchmark's scipy peer): minimise c·x
   * (negated for a max model) subject to rowLo ≤ A x ≤ rowHi and lo ≤ x ≤ hi, A as COO triplets,
   * integrality 1 for integer and binary columns.
   */
  toArrays(): {
    names: string[];
    c: number[];
    offset: number;
    sense: LpDirection;
    rows: number[];
    cols: number[];
    vals: number[];
    rowLo: number[];
    rowHi: number[];
    lo: number[];
    hi: number[];
    integrality: number[];
  } {
    const names = [...this.#vars.keys()];
    const col = new Map(names.map((n, i) => [n, i]));
    const sign = this.direction === "max" ? -1 : 1;
    const c = names.map((n) => sign * (this.#objective.get(n) ?? 0));
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const rowLo: number[] = [];
    const rowHi: number[] = [];
    this.#rows.forEach((r, i) => {
      for (const [v, k] of r.terms) {
        if (k === 0) continue;
        rows.push(i);
        cols.push(col.get(v)!);
        vals.push(k);
      }
      rowLo.push(r.sense === "<=" ? -Infinity : r.rhs);
      rowHi.push(r.sense === ">=" ? Infinity : r.rhs);
    });
    const vars = [...this.#vars.values()];
    return {
      names,
      c,
      offset: sign * this.#offset,
      sense: this.direction,
      rows,
      cols,
      vals,
      rowLo,
      rowHi,
      lo: vars.map((v) => v.lo),
      hi: vars.map((v) => v.hi),
      integrality: vars.map((v) => (v.kind === "continuous" ? 0 : 1)),
    };
  }

  /** How many constraints the model has. */
  get constraintCount(): number {
    return this.#rows.length;
  }

  /** True when a constraint of that name exists. */
  hasConstraint(name: string): boolean {
    return this.#rowByName.has(name);
  }

  /** Changes a variable's bounds. */
  setBounds(name: string, lo: number, hi: number): void {
    const v = this.#vars.get(name);
    if (!v) throw this.#error(`variable "${name}" is not declared`);
    v.lo = lo;
    v.hi = hi;
  }

  /** Variable names in declaration order. */
  get variables(): string[] {
    return [...this.#vars.keys()];
  }

  /** True when some variable is integer or binary, i.e. HiGHS will run branch-and-bound. */
  get isMip(): boolean {
    return [...this.#vars.values()].some((v) => v.kind !== "continuous");
  }

  /** The model as CPLEX LP text; every variable is listed under Bounds so none goes missing. */
  toLp(): string {
    if (this.#vars.size === 0) throw this.#error("has no variables");
    const first = this.#vars.values().next().value!.lpName;
    const out = [
      `\\ ${this.name.replace(/[\r\n]+/g, " ")}`,
      this.direction === "max" ? "Maximize" : "Minimize",
    ];
    out.push(
      ` obj: ${this.#linear(this.#objective, first)}${this.#offset ? ` ${signed(this.#offset)}` : ""}`,
    );
    out.push("Subject To");
    for (const r of this.#rows)
      out.push(` ${r.lpName}: ${this.#linear(r.terms, first)} ${r.sense} ${num(r.rhs)}`);
    out.push("Bounds");
    const generals: string[] = [];
    const binaries: string[] = [];
    for (const v of this.#vars.values()) {
      if (v.kind === "binary") {
        binaries.push(v.lpName);
        // A binary fixed by setBounds keeps its bounds; HiGHS reads them with the Binaries section.
        if (v.lo !== 0 || v.hi !== 1) out.push(` ${bounds(v.lpName, v.lo, v.hi)}`);
      } else out.push(` ${bounds(v.lpName, v.lo, v.hi)}`);
      if (v.kind === "integer") generals.push(v.lpName);
    }
    if (generals.length) out.push("Generals", ...wrap(generals));
    if (binaries.length) out.push("Binaries", ...wrap(binaries));
    out.push("End", "");
    return out.join("\n");
  }

  /** @internal The caller's name for each LP name, to read HiGHS's columns back. */
  namesByLp(): Map<string, string> {
    return new Map([...this.#vars].map(([name, v]) => [v.lpName, name]));
  }

  #collect(terms: LpTerms, where: string): Map<string, number> {
    const pairs: Iterable<readonly [string, number]> =
      Symbol.iterator in terms
        ? (terms as Iterable<readonly [string, number]>)
        : Object.entries(terms as Readonly<Record<string, number>>);
    const out = new Map<string, number>();
    for (const [v, c] of pairs) {
      if (!this.#vars.has(v)) throw this.#error(`${where} uses undeclared variable "${v}"`);
      if (!Number.isFinite(c)) throw this.#error(`${where} gives "${v}" the coefficient ${c}`);
      out.set(v, (out.get(v) ?? 0) + c);
    }
    return out;
  }

  /** `3 x - 2 y`, wrapped over lines; an empty sum is written `0 first` so the row still parses. */
  #linear(terms: Map<string, number>, first: string): string {
    const parts = [...terms]
      .filter(([, c]) => c !== 0)
      .map(([v, c]) => `${signed(c)} ${this.#vars.get(v)!.lpName}`);
    if (parts.length === 0) return `0 ${first}`;
    const lines: string[] = [];
    for (let i = 0; i < parts.length; i += TERMS_PER_LINE)
      lines.push(parts.slice(i, i + TERMS_PER_LINE).join(" "));
    return lines.join("\n   ");
  }

  #error(message: string): LodestoneError {
    return new LodestoneError(`LP model "${this.name}": ${message}`);
  }
}

let loading: Promise<Highs> | null = null;

/** The HiGHS runtime, instantiated once; a failed load is retried on the next call. */
function highs(): Promise<Highs> {
  loading ??= import("highs")
    .then((m: { default: unknown }) => {
      // The package's types are CommonJS-shaped (the loader under `default.default`), while Node's ESM
      // import loads its .mjs build, whose default export is the loader itself; accept either.
      type Load = () => Promise<Highs>;
      const d = m.default as Load | { default: Load };
      return (typeof d === "function" ? d : d.default)();
    })
    .catch((e: unknown) => {
      loading = null;
      throw new LodestoneError(
        `could not load the HiGHS solver: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  return loading;
}

/**
 * Solves a model; throws a LodestoneError naming the model and the status unless the status is
 * Optimal or listed in `options.accept`.
 *
 * An infeasible verdict is checked once more without presolve, because HiGHS 1.15's presolve calls
 * some unbounded LPs "Infeasible" (seen on the TTS model: max t with t free to grow).
 */
/** What one HiGHS run returns, by HiGHS's column names: shared by the in-thread and worker paths. */
export interface RawSolution {
  status: LpStatus;
  objective: number;
  columns: string[];
  values: number[];
  mipGap?: number;
}

/** Runs HiGHS on LP text (this thread); re-solves once without presolve when told "infeasible". */
export async function solveText(
  text: string,
  isMip: boolean,
  options: Pick<LpSolveOptions, "time_limit" | "mip_rel_gap"> = {},
): Promise<RawSolution> {
  const solver = await highs();
  const settings: Record<string, number | boolean | string> = { output_flag: false };
  if (options.time_limit !== undefined) settings.time_limit = options.time_limit;
  if (options.mip_rel_gap !== undefined) settings.mip_rel_gap = options.mip_rel_gap;
  const run = (extra: Record<string, string>): RawSolution =>
    solver.withModel({ format: "lp", data: text }, (m) => {
      m.options.set({ ...settings, ...extra });
      m.run();
      const status: LpStatus = STATUSES[m.getModelStatus()] ?? "Unknown";
      const feasible = m.info.get("primal_solution_status") === solver.constants.solutionStatus.feasible;
      const columns: string[] = [];
      const values: number[] = [];
      if (feasible) {
        const x = m.getSolution().colValue;
        for (let i = 0; i < x.length; i++) {
          columns.push(m.getColName(i));
          values.push(x[i]! === 0 ? 0 : x[i]!);
        }
      }
      const out: RawSolution = { status, objective: feasible ? m.getObjectiveValue() : NaN, columns, values };
      if (isMip && feasible) out.mipGap = Number(m.info.get("mip_gap"));
      return out;
    });
  const first = run({});
  // HiGHS 1.15 reports some unbounded models as infeasible under presolve (regression test in lp.test.ts).
  return first.status === "Infeasible" || first.status === "Primal infeasible or unbounded"
    ? run({ presolve: "off" })
    : first;
}

export async function solveLp(model: LpModel, options: LpSolveOptions = {}): Promise<LpResult> {
  const text = model.toLp();
  const byLp = model.namesByLp();
  let raw: RawSolution;
  try {
    raw = options.worker
      ? await solveInWorker(text, model.isMip, options)
      : await solveText(text, model.isMip, options);
  } catch (e) {
    if (e instanceof LodestoneError) throw e;
    throw new LodestoneError(
      `LP model "${model.name}": HiGHS failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
    );
  }
  const values = new Map<string, number>();
  raw.columns.forEach((c, i) => values.set(byLp.get(c)!, raw.values[i]!));
  const result: LpResult = { status: raw.status, objective: raw.objective, values };
  if (raw.mipGap !== undefined) result.mip_gap = raw.mipGap;
  if (result.status !== "Optimal" && !options.accept?.includes(result.status))
    throw new LodestoneError(`LP model "${model.name}" ended ${result.status}, not Optimal`);
  return result;
}

/**
 * Solves in a worker thread: HiGHS blocks the thread it runs on for as long as it takes, so a large
 * model (the planner's MILP) must not run on the server's event loop.
 */
async function solveInWorker(
  text: string,
  isMip: boolean,
  options: Pick<LpSolveOptions, "time_limit" | "mip_rel_gap">,
): Promise<RawSolution> {
  const { Piscina } = await import("piscina");
  const here = import.meta.url;
  const ts = here.endsWith(".ts");
  const pool = new Piscina({
    filename: new URL(ts ? "./lp-worker.ts" : "./lp-worker.js", here).href,
    minThreads: 1,
    maxThreads: 1,
    execArgv: ts ? ["--import", "tsx"] : [],
  });
  try {
    return (await pool.run({
      text,
      isMip,
      options: { time_limit: options.time_limit, mip_rel_gap: options.mip_rel_gap },
    })) as RawSolution;
  } finally {
    await pool.destroy();
  }
}

/** Letters, digits and `_` only; `_` in front of what the reader would take for a keyword or number. */
function lpName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, MAX_NAME);
  if (s === "" || !/^[A-Za-z]/.test(s) || RESERVED.has(s.toLowerCase()) || /^e\d/i.test(s)) s = `_${s}`;
  return s;
}

function unique(base: string, taken: Set<string>): string {
  let s = base;
  for (let k = 2; taken.has(s); k++) s = `${base}_${k}`;
  taken.add(s);
  return s;
}

/** Shortest round-trip decimal, so the LP text carries the exact doubles. */
function num(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

function signed(c: number): string {
  return c < 0 ? `- ${num(-c)}` : `+ ${num(c)}`;
}

function bounds(v: string, lo: number, hi: number): string {
  if (lo === -Infinity && hi === Infinity) return `${v} free`;
  if (hi === Infinity) return `${v} >= ${num(lo)}`;
  if (lo === hi) return `${v} = ${num(lo)}`;
  return `${lo === -Infinity ? "-inf" : num(lo)} <= ${v} <= ${num(hi)}`;
}

function wrap(names: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += TERMS_PER_LINE)
    lines.push(` ${names.slice(i, i + TERMS_PER_LINE).join(" ")}`);
  return lines;
}
