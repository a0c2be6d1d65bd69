/**
 * Benchmark: the planner's MILP (`optimisePlan`, src/plan/optimise.ts) solved by our HiGHS — the `highs`
 * WebAssembly package through `solveLp` — against the very same model solved by scipy's
 * `scipy.optimize.milp` (`bench/peers/milp_scipy.py`, the native HiGHS scipy bundles), measured on this
 * machine in the same run: medians of --repeat rounds, the order alternating, each measurement in its
 * own process so that its peak memory is its own.
 *
 * The model is the one `optimisePlan` builds for its first (choice) solve, taken by intercepting
 * `LpModel.prototype.toLp` — not a copy of the optimiser — at a stated size: levers (their options and
 * binaries) × months × scenario draws. Both sides get the same relative MIP gap (--gap, default HiGHS's
 * 1e-4) and time limit. Ours is timed as `solveLp(model, {mip_rel_gap})` on the captured model (LP text,
 * HiGHS's LP reader, solve, reading the solution back; the model build and the second LP are not
 * counted); the peer as the `milp` call alone (reading the arrays and building the CSR matrix apart).
 * Also timed: the same call with `worker: true`, as optimisePlan runs a large model (--skip-worker omits it).
 * Checked: every process solves the same model (a fingerprint of `toArrays()`), the objectives agree
 * (relative 1e-6, or within the gap), the statuses match, and each side's point satisfies the rows,
 * bounds and integrality.
 *
 * With --scan, it also looks for the largest model that still solves within --time-limit (60 s): the
 * draws doubled from --scan-from until our solve stops at the limit (the gap it reached is reported) or
 * fails, one run per side and size.
 *
 *   node --import tsx bench/plan.ts [--months 24] [--samples 4] [--objective budget|mean|p95]
 *        [--budget-share 0.25] [--penalty 10000] [--target-share 0.5] [--gap 1e-4] [--time-limit 60]
 *        [--repeat 3] [--seed 1] [--skip-worker] [--scan] [--scan-from 4] [--fixture]
 * Inputs: data/plan/levers.yaml on its network under the shipped scenario full-embargo-us when the lever
 * file exists, by default at the CLI's size (`plan optimize`: 4 draws over the scenario's 24 months);
 * else (or with --fixture) test/fixtures/plan/chain-levers.yaml on test/fixtures/sim/chain.yaml under a Dy export control
 * with uncertain approval and delay, 100 draws over 12 months. The scenario's horizon is replaced by
 * --months. Objectives, as the CLI's: `--budget` (default; minimise 10,000 USD/kg × mean lost magnet +
 * cost within --budget-share × every lever's capex at its largest size), `--target` (mean) or `--p95`
 * (one binary more per draw: a chance constraint), the target --target-share × the measure when nothing
 * is spent. Python is Debian's /usr/bin/python3 with python3-scipy.
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { leverFileSchema, type Lever } from "../src/plan/lever.js";
import { leverProblems, loadLevers } from "../src/plan/load.js";
import {
  optimisePlan,
  WORKER_ABOVE_VARIABLES,
  type PlanObjective,
  type PlanProblem,
} from "../src/plan/optimise.js";
import { LpModel, solveLp, type LpStatus } from "../src/sim/lp.js";
import { parseNetwork, parseScenario, parseSpec } from "../src/sim/load.js";
import type { Network } from "../src/sim/network.js";
import { loadScenario } from "../src/sim/reference.js";
import type { Scenario } from "../src/sim/scenario.js";
import { dyControlScenario, flag, fmt, median, peakRssMb } from "./lib.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const PYTHON = "/usr/bin/python3";
const PEER = join(HERE, "peers", "milp_scipy.py");
const SHIPPED_LEVERS = join(ROOT, "data", "plan", "levers.yaml");
const SHIPPED_SCENARIO = "full-embargo-us";
const CHAIN_NETWORK = join(ROOT, "test", "fixtures", "sim", "chain.yaml");
const CHAIN_LEVERS = join(ROOT, "test", "fixtures", "plan", "chain-levers.yaml");
/** Agreement asked of the two objectives when both are optimal and the gap is tighter than this. */
const REL_TOL = 1e-6;

interface Options {
  readonly months: number;
  readonly samples: number;
  readonly objective: "budget" | "mean" | "p95";
  /** min-loss: the budget is this share of every lever's capex at its largest size. */
  readonly budgetShare: number;
  /** min-loss: USD per kg of magnet lost (the CLI's default). */
  readonly penalty: number;
  /** min-cost: the target is this share of the measure when nothing is spent. */
  readonly targetShare: number;
  readonly gap: number;
  readonly timeLimit: number;
  readonly repeat: number;
  readonly seed: number;
  readonly scan: boolean;
  /** data/plan/levers.yaml (when it exists, unless --fixture), else the chain fixture. */
  readonly shipped: boolean;
  /** Also time `solveLp` with `worker: true`, the way optimisePlan solves a large model. */
  readonly worker: boolean;
  readonly scanFrom: number;
  /** Children: the parent's snapshot of the parsed inputs, so that every process builds the same model. */
  readonly snapshot: string;
}

function options(args: readonly string[]): Options {
  const num = (name: string, dflt: number, ok: (v: number) => boolean, what: string) => {
    const v = Number(flag(args, name) ?? dflt);
    if (!ok(v)) throw new Error(`${name} takes ${what}`);
    return v;
  };
  const int = (name: string, dflt: number, min: number) =>
    num(name, dflt, (v) => Number.isInteger(v) && v >= min, `a whole number ≥ ${min}`);
  const shipped = !args.includes("--fixture") && existsSync(SHIPPED_LEVERS);
  const objective = flag(args, "--objective") ?? "budget";
  if (objective !== "budget" && objective !== "mean" && objective !== "p95")
    throw new Error("--objective takes budget, mean or p95");
  // Shipped levers: the CLI's default size (plan optimize: --samples 4 over the scenario's 24 months).
  const samples = int("--samples", shipped ? 4 : 100, 1);
  return {
    months: int("--months", shipped ? 24 : 12, 1),
    samples,
    objective,
    budgetShare: num("--budget-share", 0.25, (v) => v >= 0, "a number ≥ 0"),
    penalty: num("--penalty", 10_000, (v) => v >= 0, "USD per kg ≥ 0"),
    targetShare: num("--target-share", 0.5, (v) => v >= 0, "a number ≥ 0"),
    gap: num("--gap", 1e-4, (v) => v >= 0 && v < 1, "a relative gap in [0, 1)"),
    timeLimit: num("--time-limit", 60, (v) => v > 0, "seconds > 0"),
    repeat: int("--repeat", 3, 1),
    seed: int("--seed", 1, 0),
    scan: args.includes("--scan"),
    worker: !args.includes("--skip-worker"),
    scanFrom: int("--scan-from", shipped ? 4 : 25, 1),
    shipped,
    snapshot: flag(args, "--inputs") ?? "",
  };
}

interface Inputs {
  readonly network: Network;
  readonly levers: Lever[];
  readonly scenario: Scenario;
  readonly label: string;
}

function inputs(o: Options): Inputs {
  if (o.snapshot) return JSON.parse(readFileSync(o.snapshot, "utf8")) as Inputs;
  if (o.shipped) {
    const { levers, network } = loadLevers();
    const { scenario } = loadScenario(SHIPPED_SCENARIO);
    return {
      network,
      levers,
      scenario: { ...scenario, months: o.months },
      label: `data/plan/levers.yaml on ${network.name} + ${SHIPPED_SCENARIO}`,
    };
  }
  const network = parseNetwork(readFileSync(CHAIN_NETWORK, "utf8"), "chain.yaml");
  const { levers } = parseSpec(
    readFileSync(CHAIN_LEVERS, "utf8"),
    "chain-levers.yaml",
    leverFileSchema,
    (f) => leverProblems(f.levers, network),
  );
  const scenario = parseScenario(
    stringify(dyControlScenario({ from: "2025-01", approval: 0.4 })),
    "bench-dy-control.yaml",
    network,
  );
  return {
    network,
    levers,
    scenario: { ...scenario, months: o.months },
    label:
      "test/fixtures/plan/chain-levers.yaml on test/fixtures/sim/chain.yaml + built-in Dy export control",
  };
}

const problemOf = (inp: Inputs, o: Options, samples: number, objective: PlanObjective): PlanProblem => ({
  network: inp.network,
  levers: inp.levers,
  scenarios: [inp.scenario],
  samples,
  seed: o.seed,
  months: o.months,
  objective,
});

/** Thrown by the replaced `toLp`, carrying the model out of the optimiser. */
class Captured extends Error {
  constructor(readonly model: LpModel) {
    super("captured");
  }
}

/**
 * The model `optimisePlan` hands to its first `solveLp`: `toLp` is replaced for one call, keeps the model
 * and throws, which ends the optimiser before it solves anything.
 */
async function captureModel(pb: PlanProblem): Promise<LpModel> {
  const toLp = Object.getOwnPropertyDescriptor(LpModel.prototype, "toLp")!;
  Object.defineProperty(LpModel.prototype, "toLp", {
    ...toLp,
    value: function (this: LpModel): string {
      throw new Captured(this);
    },
  });
  try {
    await optimisePlan(pb);
  } catch (e) {
    if (e instanceof Captured) return e.model;
    throw e;
  } finally {
    Object.defineProperty(LpModel.prototype, "toLp", toLp);
  }
  throw new Error("optimisePlan returned without solving a model");
}

type Arrays = ReturnType<LpModel["toArrays"]>;

const fingerprint = (a: Arrays): string =>
  createHash("sha256")
    .update(JSON.stringify({ ...a, names: undefined }))
    .digest("hex")
    .slice(0, 16);

interface Size {
  readonly variables: number;
  readonly constraints: number;
  readonly binaries: number;
  readonly nonzeros: number;
}

const sizeOf = (a: Arrays): Size => ({
  variables: a.c.length,
  constraints: a.rowLo.length,
  binaries: a.integrality.filter((x) => x === 1).length,
  nonzeros: a.vals.length,
});

/** Largest row, bound and integrality violations of a point, absolute. */
function violations(a: Arrays, x: Float64Array): { rows: number; bounds: number; integrality: number } {
  const ax = new Float64Array(a.rowLo.length);
  for (let k = 0; k < a.vals.length; k++) ax[a.rows[k]!]! += a.vals[k]! * x[a.cols[k]!]!;
  let rows = 0;
  let bounds = 0;
  let integrality = 0;
  ax.forEach((v, i) => (rows = Math.max(rows, a.rowLo[i]! - v, v - a.rowHi[i]!)));
  x.forEach((v, j) => {
    bounds = Math.max(bounds, a.lo[j]! - v, v - a.hi[j]!);
    if (a.integrality[j]) integrality = Math.max(integrality, Math.abs(v - Math.round(v)));
  });
  return { rows, bounds, integrality };
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, printed as one JSON line.

interface Ours {
  readonly ms: number;
  readonly status: LpStatus;
  readonly objective: number;
  readonly gap: number;
  readonly rssMb: number;
  /** RSS once the modules and the HiGHS runtime are loaded, before the model is built. */
  readonly baseRssMb: number;
  /** RSS with the model built, just before the solve. */
  readonly preRssMb: number;
  readonly buildMs: number;
  /** `toLp()` alone, timed after the solve: the LP text's share of `ms`. */
  readonly lpTextMs: number;
  readonly lpTextMb: number;
  readonly fingerprint: string;
  readonly violation: { rows: number; bounds: number; integrality: number };
}

async function childOurs(
  o: Options,
  samples: number,
  objective: PlanObjective,
  worker: boolean,
): Promise<Ours> {
  // Load HiGHS's WebAssembly runtime first, on a one-variable model, so that the timing is the solve's.
  const warm = new LpModel("warm-up", "min");
  warm.setObjective([[warm.addVar("x", { lo: 1 }), 1]]);
  await solveLp(warm);
  const baseRssMb = process.memoryUsage.rss() / 2 ** 20;
  let t0 = performance.now();
  const model = await captureModel(problemOf(inputs(o), o, samples, objective));
  const buildMs = performance.now() - t0;
  const preRssMb = process.memoryUsage.rss() / 2 ** 20;
  t0 = performance.now();
  const r = await solveLp(model, {
    mip_rel_gap: o.gap,
    time_limit: o.timeLimit,
    accept: ["Time limit reached", "Infeasible"],
    worker,
  });
  const ms = performance.now() - t0;
  const rssMb = peakRssMb();
  t0 = performance.now();
  const text = model.toLp();
  const lpTextMs = performance.now() - t0;
  const a = model.toArrays();
  const x = Float64Array.from(a.names, (n) => r.values.get(n) ?? NaN);
  return {
    ms,
    status: r.status,
    objective: r.objective,
    gap: r.mip_gap ?? NaN,
    rssMb,
    baseRssMb,
    preRssMb,
    buildMs,
    lpTextMs,
    lpTextMb: text.length / 2 ** 20,
    fingerprint: fingerprint(a),
    violation: violations(a, x),
  };
}

interface Peer {
  readonly solve_s: number;
  readonly load_s: number;
  /** scipy's milp status: 0 optimal, 1 iteration or time limit, 2 infeasible, 3 unbounded, 4 other. */
  readonly status: number;
  readonly message: string;
  readonly objective: number | null;
  readonly mip_gap: number | null;
  readonly mip_nodes: number | null;
  readonly peak_rss_mb: number;
  readonly base_rss_mb: number;
  /** RSS with the arrays read and the CSR matrix built, just before the solve. */
  readonly pre_rss_mb: number;
  readonly scipy: string;
  readonly numpy: string;
  readonly python: string;
  readonly row_violation?: number;
  readonly bound_violation?: number;
  readonly integrality_violation?: number;
}

function runPeer(file: string, o: Options): Peer {
  const r = spawnSync(PYTHON, [PEER, file, "--gap", String(o.gap), "--time-limit", String(o.timeLimit)], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`the scipy peer failed:\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as Peer;
}

function runOurs(args: readonly string[]): Ours {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args],
    { encoding: "utf8", maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`our solve (${args.join(" ")}) failed:\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as Ours;
}

// ---------------------------------------------------------------------------------------------
// The parent: target, model file, rounds, checks, medians, the table.

/** A gap or a difference in exponent form; "—" where a side had none (JSON turns NaN into null). */
const exp = (x: number | null | undefined): string =>
  typeof x === "number" && Number.isFinite(x) ? x.toExponential(1) : "—";

const PEER_STATUS = ["Optimal", "Time limit reached", "Infeasible", "Unbounded", "Other"];
const peerStatus = (p: Peer) => PEER_STATUS[p.status] ?? `status ${p.status}`;

/** The peer's objective in the model's direction (toArrays negates a max model and its offset). */
const peerObjective = (p: Peer, a: Arrays) =>
  p.objective === null ? NaN : (a.sense === "max" ? -1 : 1) * (p.objective + a.offset);

/**
 * Relative difference of the two objectives when both sides proved them (null otherwise); throws when
 * they disagree beyond the gap, or when both finished and only one calls the model infeasible.
 */
function compareObjectives(ours: Ours, peer: Peer, a: Arrays, gap: number): number | null {
  const finished = ours.status !== "Time limit reached" && peer.status !== 1;
  if (finished && (ours.status === "Infeasible") !== (peer.status === 2))
    throw new Error(`statuses disagree: ours ${ours.status}, scipy ${peerStatus(peer)}`);
  if (ours.status !== "Optimal" || peer.status !== 0) return null;
  const x = ours.objective;
  const y = peerObjective(peer, a);
  const d = Math.abs(x - y);
  const rel = d === 0 ? 0 : d / Math.max(Math.abs(x), Math.abs(y));
  if (!(rel <= Math.max(REL_TOL, gap)))
    throw new Error(`objectives disagree: ours ${x}, scipy ${y} (relative ${rel.toExponential(2)})`);
  return rel;
}

interface Built {
  readonly arrays: Arrays;
  readonly size: Size;
  readonly file: string;
  readonly fingerprint: string;
}

async function buildModel(inp: Inputs, o: Options, samples: number, objective: PlanObjective, dir: string) {
  const arrays = (await captureModel(problemOf(inp, o, samples, objective))).toArrays();
  const file = join(dir, `model-${samples}.json`);
  // JSON has no infinities: null stands for an infinite bound, as the peer reads it.
  writeFileSync(
    file,
    JSON.stringify({ ...arrays, names: undefined }, (_, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? null : v,
    ),
  );
  return { arrays, size: sizeOf(arrays), file, fingerprint: fingerprint(arrays) } satisfies Built;
}

const sizeText = (s: Size) =>
  `${fmt(s.variables)} variables, ${fmt(s.constraints)} constraints, ${fmt(s.binaries)} binaries, ${fmt(s.nonzeros)} non-zeros`;

/**
 * The objective, in numbers that bind: a budget that buys about a quarter of the levers, or a target
 * half of what the draws lose when nothing is spent (found once, by the optimiser with a zero budget,
 * on the draws of this size; a larger draw count extends the same draws).
 */
async function resolveObjective(
  inp: Inputs,
  o: Options,
): Promise<{ objective: PlanObjective; text: string }> {
  if (o.objective === "budget") {
    const capex = inp.levers.reduce((a, l) => a + l.capex.value * Math.max(...l.sizes), 0);
    const budget = o.budgetShare * capex;
    return {
      objective: { kind: "min-loss", budget, penaltyPerKg: o.penalty },
      text:
        `minimise ${fmt(o.penalty)} USD/kg × mean lost magnet + cost within a budget of ${fmt(budget)} USD ` +
        `(${o.budgetShare} × every lever's capex at its largest size)`,
    };
  }
  const none = await optimisePlan(
    problemOf(inp, o, o.samples, { kind: "min-loss", budget: 0, penaltyPerKg: 1 }),
  );
  const base = o.objective === "mean" ? none.inSample.mean : none.inSample.p95;
  if (base === 0)
    console.log("warning: the draws lose nothing when nothing is spent: the target does not bind");
  const targetTonnes = o.targetShare * base;
  return {
    objective: { kind: "min-cost", measure: o.objective, targetTonnes },
    text:
      `minimise cost with ${o.objective === "p95" ? "P95 (a chance constraint, a binary per draw)" : "mean"} ` +
      `lost magnet ≤ ${fmt(targetTonnes, 3)} t (${o.targetShare} × ${fmt(base, 3)} t when nothing is spent)`,
  };
}

async function main(o: Options): Promise<void> {
  const inp = inputs(o);
  const dir = mkdtempSync(join(tmpdir(), "lodestone-plan-bench-"));
  const snapshot = join(dir, "inputs.json");
  writeFileSync(snapshot, JSON.stringify(inp));

  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: HERE, encoding: "utf8" }).trim();
  } catch {
    // not a checkout
  }
  type Load = () => Promise<{ version: { string: string } }>;
  const highsModule = (await import("highs")) as { default: Load | { default: Load } };
  const load = typeof highsModule.default === "function" ? highsModule.default : highsModule.default.default;
  const oursHighs = (await load()).version.string;
  const highsPackage = (
    JSON.parse(readFileSync(join(ROOT, "node_modules", "highs", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const banner = spawnSync(
    PYTHON,
    ["-c", "from scipy.optimize import milp; milp([1], integrality=[1], options={'disp': True})"],
    { encoding: "utf8" },
  );
  const peerHighs = /Running HiGHS (\S+)/.exec(banner.stdout)?.[1] ?? "?";

  console.log("Lodestone benchmark: the planner's MILP, our HiGHS (WebAssembly) vs scipy.optimize.milp");
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; node ${process.version}; commit ${commit}`,
  );
  console.log(
    `solvers: ours highs ${highsPackage} (HiGHS ${oursHighs}, WebAssembly, one thread, heap ≤ 2 GiB); ` +
      `peer scipy milp (HiGHS ${peerHighs}, native)`,
  );
  console.log(`inputs: ${inp.label}`);

  const { objective, text: objText } = await resolveObjective(inp, o);
  console.log(`objective: ${objText}; mip_rel_gap ${o.gap} on both sides; time limit ${o.timeLimit} s`);

  const childFlags = (samples: number) => [
    "--months",
    String(o.months),
    "--gap",
    String(o.gap),
    "--time-limit",
    String(o.timeLimit),
    "--seed",
    String(o.seed),
    "--inputs",
    snapshot,
    "--child-samples",
    String(samples),
    "--child-objective",
    JSON.stringify(objective),
  ];
  try {
    const levers = inp.levers.length;
    const built = await buildModel(inp, o, o.samples, objective, dir);
    console.log(
      `model: ${levers} levers × ${o.months} months × ${o.samples} draws: ${sizeText(built.size)}; ` +
        `fingerprint ${built.fingerprint}`,
    );
    console.log(`medians of ${o.repeat} rounds`);

    const ours: Ours[] = [];
    const worker: Ours[] = [];
    const peer: Peer[] = [];
    const rels: number[] = [];
    for (let k = 0; k < o.repeat; k++) {
      // Alternate the order, so that drift in the machine's load falls on every side.
      const steps = [
        () => ours.push(runOurs(childFlags(o.samples))),
        () => peer.push(runPeer(built.file, o)),
        () => o.worker && worker.push(runOurs([...childFlags(o.samples), "--worker"])),
      ];
      for (const step of k % 2 ? steps.reverse() : steps) step();
      for (const m of [ours[k]!, ...worker.slice(k)]) {
        if (m.fingerprint !== built.fingerprint)
          throw new Error(`round ${k + 1}: our process built a different model (${m.fingerprint})`);
        const rel = compareObjectives(m, peer[k]!, built.arrays, o.gap);
        if (rel !== null) rels.push(rel);
      }
      process.stdout.write(`round ${k + 1}/${o.repeat} done\n`);
    }

    const oursS = ours.map((m) => m.ms / 1000);
    const peerS = peer.map((p) => p.solve_s);
    const o0 = ours[0]!;
    const p0 = peer[0]!;
    console.log("");
    console.log(
      `(a) the choice MILP, solve only, ${o.months} months × ${o.samples} draws, mip_rel_gap ${o.gap}`,
    );
    console.log(
      `    ${"".padEnd(48)} ${"median".padStart(8)}  ${"peak RSS (before solve; loaded)".padEnd(31)} ` +
        `${"status".padEnd(19)} ${"objective".padStart(15)} ${"gap".padEnd(7)}  rounds (s)`,
    );
    const row = (name: string, s: readonly number[], rss: string, status: string, obj: number, gap: number) =>
      console.log(
        `    ${name.padEnd(48)} ${fmt(median(s), 2).padStart(6)} s  ${rss.padEnd(31)} ${status.padEnd(19)} ` +
          `${(Number.isFinite(obj) ? obj.toPrecision(9) : "—").padStart(15)} ${exp(gap).padEnd(7)}  ${s.map((x) => fmt(x, 2)).join(" · ")}`,
      );
    const oursRow = (name: string, ms: readonly Ours[]) =>
      row(
        name,
        ms.map((m) => m.ms / 1000),
        `${fmt(median(ms.map((m) => m.rssMb)))} MiB (${fmt(median(ms.map((m) => m.preRssMb)))}; ${fmt(median(ms.map((m) => m.baseRssMb)))})`,
        ms[0]!.status,
        ms[0]!.objective,
        ms[0]!.gap,
      );
    oursRow(`ours: solveLp, highs ${highsPackage} (Wasm)`, ours);
    row(
      `peer: scipy ${p0.scipy} milp (HiGHS ${peerHighs})`,
      peerS,
      `${fmt(median(peer.map((p) => p.peak_rss_mb)))} MiB (${fmt(median(peer.map((p) => p.pre_rss_mb)))}; ${fmt(median(peer.map((p) => p.base_rss_mb)))})`,
      peerStatus(p0),
      peerObjective(p0, built.arrays),
      p0.mip_gap ?? NaN,
    );
    console.log(
      `    ratio ours / scipy                               ${fmt(median(oursS) / median(peerS), 2)} × (medians), ` +
        `${fmt(median(oursS.map((x, i) => x / peerS[i]!)), 2)} × (median of per-round ratios)   goal ≤ 2×`,
    );
    if (worker.length) {
      oursRow("ours: solveLp in a worker (optimisePlan's way)", worker);
      console.log(
        `    worker − in-thread: ${fmt(median(worker.map((m, i) => m.ms - ours[i]!.ms)))} ms (median of per-round differences;` +
          ` it starts a thread, tsx and HiGHS per solve); optimisePlan takes this path above ${WORKER_ABOVE_VARIABLES} variables`,
      );
    }
    console.log(
      `    of ours: writing the LP text (toLp) ${fmt(median(ours.map((m) => m.lpTextMs)))} ms, ` +
        `${fmt(o0.lpTextMb, 1)} MiB. Not counted: building the model ${fmt(median(ours.map((m) => m.buildMs)))} ms` +
        ` (optimisePlan up to its first solve); the peer reading the arrays and building CSR` +
        ` ${fmt(median(peer.map((p) => p.load_s * 1000)))} ms. Peer branch-and-bound nodes: ${p0.mip_nodes ?? "?"}`,
    );
    const v = exp;
    console.log(
      `    check: every process solved model ${built.fingerprint}; objectives agree to ${exp(Math.max(...rels))} relative` +
        ` (tolerance ${Math.max(REL_TOL, o.gap)}; ${rels.length} pairs both optimal); largest violation of rows / bounds / integrality:` +
        ` ours ${v(o0.violation.rows)} / ${v(o0.violation.bounds)} / ${v(o0.violation.integrality)},` +
        ` scipy ${v(p0.row_violation)} / ${v(p0.bound_violation)} / ${v(p0.integrality_violation)}`,
    );
    console.log(
      "    peak RSS is each process's high-water mark; before solve: ours with the model built in JS, the peer with the arrays read (JSON, then CSR); loaded: the runtime and HiGHS alone",
    );

    if (o.scan) await scan(inp, o, objective, dir, childFlags);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (b) Draws doubled until our solve stops at the time limit or fails; one run a side per size. */
async function scan(
  inp: Inputs,
  o: Options,
  objective: PlanObjective,
  dir: string,
  childFlags: (samples: number) => string[],
): Promise<void> {
  console.log("");
  console.log(
    `(b) what size fits: ${o.months} months, draws doubled from ${o.scanFrom} until our solve hits ${o.timeLimit} s; one run per side`,
  );
  console.log(
    `    ${"draws".padStart(6)} ${"variables".padStart(10)} ${"rows".padStart(10)} ${"binaries".padStart(8)} ${"non-zeros".padStart(10)}` +
      `   ${"ours s".padStart(7)} ${"status".padEnd(19)} ${"gap".padEnd(8)} ${"RSS MiB".padStart(7)}` +
      `   ${"scipy s".padStart(7)} ${"status".padEnd(19)} ${"gap".padEnd(8)} ${"RSS MiB".padStart(7)}`,
  );
  let largest = "";
  for (let samples = o.scanFrom; ; samples *= 2) {
    const built = await buildModel(inp, o, samples, objective, dir);
    const s = built.size;
    let ours: Ours | string;
    try {
      ours = runOurs(childFlags(samples));
    } catch (e) {
      // The child's error line (HiGHS's, or the runtime's when memory runs out), not its stack.
      const lines = (e instanceof Error ? e.message : String(e)).split("\n");
      ours =
        lines.find((l) => /^\w*Error\b|RangeError|out of memory|abort/i.test(l.trim()))?.trim() ?? lines[1]!;
    }
    const peer = runPeer(built.file, o);
    rmSync(built.file);
    const oursCols =
      typeof ours === "string"
        ? `failed: ${ours}`
        : `${fmt(ours.ms / 1000, 1).padStart(7)} ${ours.status.padEnd(19)} ${exp(ours.gap).padEnd(8)} ${fmt(ours.rssMb).padStart(7)}`;
    console.log(
      `    ${fmt(samples).padStart(6)} ${fmt(s.variables).padStart(10)} ${fmt(s.constraints).padStart(10)} ${fmt(s.binaries).padStart(8)} ` +
        `${fmt(s.nonzeros).padStart(10)}   ${oursCols}   ${fmt(peer.solve_s, 1).padStart(7)} ${peerStatus(peer).padEnd(19)} ` +
        `${exp(peer.mip_gap).padEnd(8)} ${fmt(peer.peak_rss_mb).padStart(7)}`,
    );
    if (typeof ours !== "string" && ours.status === "Optimal") {
      compareObjectives(ours, peer, built.arrays, o.gap);
      largest = `${samples} draws (${sizeText(s)}) in ${fmt(ours.ms / 1000, 1)} s`;
      continue;
    }
    console.log(
      `    largest solved within ${o.timeLimit} s: ${largest || "none tried"}; at ${samples} draws ours ` +
        (typeof ours === "string"
          ? "failed"
          : Number.isFinite(ours.gap)
            ? `stopped at the limit with gap ${fmt(ours.gap * 100, 2)} % (objective ${fmt(ours.objective, 2)})`
            : `stopped at the limit (${ours.status}) without a feasible point`),
    );
    return;
  }
}

async function child(args: readonly string[]): Promise<void> {
  const o = options(args);
  const objective = JSON.parse(flag(args, "--child-objective") ?? "") as PlanObjective;
  const out = await childOurs(o, Number(flag(args, "--child-samples")), objective, args.includes("--worker"));
  console.log(JSON.stringify(out));
}

const argv = process.argv.slice(2);
const entry = argv[0] === "--child" ? child(argv.slice(1)) : main(options(argv));
entry.catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
