/**
 * Benchmark (e): the simulator engine against a vectorised NumPy peer, measured on this machine in the
 * same run (medians of --repeat rounds, the order alternating; each measurement in its own process, so
 * that its peak memory is its own):
 *   (a) the `simulate` kernel on one thread over R runs × M months, run r on compiled model r mod 64
 *       (workspace and output reused) — in run order, and grouped by model (the model stays in cache,
 *       as in runMonteCarlo) — against `bench/peers/sim_numpy.py`, the same engine written in NumPy and
 *       vectorised across runs, over the same 64 models read from a binary file;
 *   (b) the full Monte-Carlo (`runMonteCarlo`: compile per run, then simulate; no inventory paths) on
 *       1 and 2 worker threads, the speed-up, and the cost of starting its worker pool;
 *   (c) peak RSS (VmHWM / ru_maxrss) of each process.
 * Every run's total shortfall is checked between the kernel and the peer (1e-9 relative), between
 * 1 and 2 workers (exactly), and between the Monte-Carlo and the kernel on the runs they share. The
 * inputs are parsed once and handed to every process as a snapshot. A failing Monte-Carlo is reported
 * under (b) and makes the exit code 1.
 *
 *   node --import tsx bench/sim.ts [--runs 10000] [--months 120] [--repeat 3] [--seed 42]
 *        [--network FILE] [--scenario FILE] [--skip-mc]
 * Without --network: data/sim/network.yaml with data/sim/scenarios/april-2025.yaml when they exist,
 * else test/fixtures/sim/grades.yaml under a Dy export control (as in test/sim/monte-carlo.test.ts).
 * The scenario's horizon is replaced by --months. Python is Debian's /usr/bin/python3 with python3-numpy.
 * @module
 */
import { spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, endianness, loadavg, tmpdir, totalmem } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { compile, type Model } from "../src/sim/compile.js";
import { runOutput, simulate, workspace } from "../src/sim/engine.js";
import { parseNetwork, parseScenario } from "../src/sim/load.js";
import { closeSimWorkers, runMonteCarlo } from "../src/sim/monte-carlo.js";
import type { Network } from "../src/sim/network.js";
import { streamRng } from "../src/sim/rng.js";
import type { Scenario } from "../src/sim/scenario.js";
import { dyControlScenario, flag, fmt, median, peakRssMb } from "./lib.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const PYTHON = "/usr/bin/python3";
const PEER = join(HERE, "peers", "sim_numpy.py");
const DEFAULT_NETWORK = join(ROOT, "data", "sim", "network.yaml");
const DEFAULT_SCENARIO = join(ROOT, "data", "sim", "scenarios", "april-2025.yaml");
const FALLBACK_NETWORK = join(ROOT, "test", "fixtures", "sim", "grades.yaml");
/** Distinct compiled models the kernel and the peer cycle through. */
const MODELS = 64;
/** Agreement asked of the peer's per-run totals. */
const REL_TOL = 1e-9;

interface Options {
  readonly runs: number;
  readonly months: number;
  readonly repeat: number;
  readonly seed: number;
  readonly network: string;
  /** A file, or "" for the built-in Dy control. */
  readonly scenario: string;
  readonly skipMc: boolean;
  /** Children: the parent's snapshot of the parsed inputs, so that every process runs the same network. */
  readonly snapshot: string;
}

function options(args: readonly string[]): Options {
  const int = (name: string, dflt: number, min: number) => {
    const v = Number(flag(args, name) ?? dflt);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} takes a whole number ≥ ${min}`);
    return v;
  };
  const givenNetwork = flag(args, "--network");
  const defaults = !givenNetwork && existsSync(DEFAULT_NETWORK) && existsSync(DEFAULT_SCENARIO);
  return {
    runs: int("--runs", 10_000, 1),
    months: int("--months", 120, 1),
    repeat: int("--repeat", 3, 1),
    seed: int("--seed", 42, 0),
    network: givenNetwork ?? (defaults ? DEFAULT_NETWORK : FALLBACK_NETWORK),
    scenario: flag(args, "--scenario") ?? (defaults ? DEFAULT_SCENARIO : ""),
    skipMc: args.includes("--skip-mc"),
    snapshot: flag(args, "--inputs") ?? "",
  };
}

interface Inputs {
  readonly net: Network;
  readonly sc: Scenario;
  readonly label: string;
}

function inputs(o: Options): Inputs {
  if (o.snapshot) return JSON.parse(readFileSync(o.snapshot, "utf8")) as Inputs;
  const net = parseNetwork(readFileSync(o.network, "utf8"), basename(o.network));
  const sc = o.scenario
    ? parseScenario(readFileSync(o.scenario, "utf8"), basename(o.scenario), net)
    : parseScenario(
        stringify(dyControlScenario({ from: "2025-03", approval: 0.3 })),
        "bench-dy-control.yaml",
        net,
      );
  const label = `${basename(o.network)} + ${o.scenario ? basename(o.scenario) : "built-in Dy export control"}`;
  return { net, sc: { ...sc, months: o.months }, label };
}

const compileModels = (net: Network, sc: Scenario, seed: number): Model[] =>
  Array.from({ length: MODELS }, (_, r) => compile(net, sc, streamRng(seed, r)));

/** A run's total shortfall, summed month by month then product by product (the peer's order). */
function totalShortfall(shortfall: Float64Array, products: number, months: number, run = 0): number {
  const o = run * products * months;
  let v = 0;
  for (let t = 0; t < months; t++) for (let p = 0; p < products; p++) v += shortfall[o + p * months + t]!;
  return v;
}

// ---------------------------------------------------------------------------------------------
// The models file the peer reads: [u32 header length][JSON header][pad to 8][blob]. Each array is the
// 64 models' arrays concatenated, model by model, 8-byte aligned, little-endian.

/** Every array of `Model` that `simulate` reads. */
const KERNEL_ARRAYS = [
  "cap",
  "target",
  "stock0",
  "kind",
  "release",
  "productOf",
  "demand",
  "planOut",
  "slotStart",
  "ratio",
  "from",
  "slot",
  "lead",
  "share",
  "fromStockpile",
  "outStart",
  "outEdge",
  "inStart",
  "inEdge",
  "planEdge",
  "approve",
  "kernelOf",
  "kernels",
  "capGroupOf",
  "capLimit",
  "anyShock",
  "pipeline0",
] as const satisfies readonly (keyof Model)[];

function dtypeOf(a: Float64Array | Int32Array | Uint8Array): string {
  return a instanceof Float64Array ? "<f8" : a instanceof Int32Array ? "<i4" : "u1";
}

function writeModels(models: readonly Model[], file: string): number {
  if (endianness() !== "LE") throw new Error("the models file is little-endian; this machine is not");
  const m0 = models[0]!;
  const arrays: Record<string, { dtype: string; offset: number; lengths: number[] }> = {};
  let size = 0;
  for (const name of KERNEL_ARRAYS) {
    const lengths = models.map((m) => m[name].length);
    arrays[name] = { dtype: dtypeOf(m0[name]), offset: size, lengths };
    size += Math.ceil((lengths.reduce((a, b) => a + b, 0) * m0[name].BYTES_PER_ELEMENT) / 8) * 8;
  }
  const header = Buffer.from(
    JSON.stringify({
      version: 1,
      models: models.length,
      scalars: {
        nodes: m0.nodes,
        edges: m0.edges,
        slots: m0.slots,
        months: m0.months,
        products: m0.products,
        capGroups: m0.capGroups,
        allocation: m0.allocation,
      },
      ring: models.map((m) => m.ring),
      arrays,
    }),
  );
  const blobAt = Math.ceil((4 + header.length) / 8) * 8;
  const buf = Buffer.alloc(blobAt + size);
  buf.writeUInt32LE(header.length, 0);
  header.copy(buf, 4);
  for (const name of KERNEL_ARRAYS) {
    let at = blobAt + arrays[name]!.offset;
    for (const m of models) {
      const a = m[name];
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, at);
      at += a.byteLength;
    }
  }
  writeFileSync(file, buf);
  return buf.length;
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, printed as one JSON line.

interface Measured {
  readonly ms: number;
  readonly rssMb: number;
  /** RSS once the modules are loaded, before any work: the runtime's own share of `rssMb`. */
  readonly baseRssMb: number;
  /** Monte-Carlo only: a run per worker on a fresh pool of the same size (pool start-up and teardown). */
  readonly startupMs?: number;
  /** Every run's total shortfall. */
  readonly totals: number[];
}

/**
 * (a) ours: the kernel alone on this thread over the 64 compiled models: run r on model r mod 64, in
 * run order (a different model, cold in cache, every run) or grouped by model (the model stays in
 * cache, as in runMonteCarlo, where each run simulates the model it has just compiled).
 */
function childKernel(o: Options, grouped: boolean): Measured {
  const baseRssMb = process.memoryUsage.rss() / 2 ** 20;
  const { net, sc } = inputs(o);
  const models = compileModels(net, sc, o.seed);
  // One workspace for the longest ring serves every model (run r need not share run 0's shape).
  const ws = workspace(models.reduce((a, m) => (m.ring > a.ring ? m : a)));
  const out = runOutput(models[0]!, false);
  const { products: P, months: M } = models[0]!;
  const totals = new Float64Array(o.runs);
  const t0 = performance.now();
  if (grouped)
    for (let k = 0; k < MODELS; k++)
      for (let r = k; r < o.runs; r += MODELS) {
        simulate(models[k]!, out, ws);
        totals[r] = totalShortfall(out.shortfall, P, M);
      }
  else
    for (let r = 0; r < o.runs; r++) {
      simulate(models[r % MODELS]!, out, ws);
      totals[r] = totalShortfall(out.shortfall, P, M);
    }
  const ms = performance.now() - t0;
  return { ms, rssMb: peakRssMb(), baseRssMb, totals: Array.from(totals) };
}

/** (b) ours: the whole Monte-Carlo, compile included, on `workers` threads. */
async function childMonteCarlo(o: Options, workers: number): Promise<Measured> {
  const baseRssMb = process.memoryUsage.rss() / 2 ** 20;
  const { net, sc } = inputs(o);
  const mc = (runs: number) =>
    runMonteCarlo({ network: net, scenario: sc, runs, seed: o.seed, workers, keepInventory: false });
  let t0 = performance.now();
  const r = await mc(o.runs);
  const ms = performance.now() - t0;
  const rssMb = peakRssMb();
  // The first call in a process starts the shared pool (the timing above includes that): close it and
  // time a run per worker on a fresh one to show what the start-up costs.
  await closeSimWorkers();
  t0 = performance.now();
  await mc(workers);
  const startupMs = performance.now() - t0;
  const P = r.products.length;
  const totals = Array.from({ length: o.runs }, (_, k) => totalShortfall(r.shortfall, P, r.months, k));
  return { ms, rssMb, baseRssMb, startupMs, totals };
}

interface PeerOut {
  readonly engine_s: number;
  readonly base_rss_mb: number;
  readonly load_s: number;
  readonly prep_s: number;
  readonly computed_runs: number;
  readonly peak_rss_mb: number;
  readonly numpy: string;
  readonly python: string;
  readonly totals: number[];
}

function runPeer(file: string, runs: number): PeerOut {
  const r = spawnSync(PYTHON, [PEER, file, "--runs", String(runs)], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`the NumPy peer failed:\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as PeerOut;
}

function runChild(args: readonly string[]): Measured {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args],
    { encoding: "utf8", maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as Measured;
}

// ---------------------------------------------------------------------------------------------
// The parent: models file, rounds, checks, medians, the table.

/** Largest relative difference between two runs' totals; throws past `tol` (0: must be identical). */
function compareTotals(a: readonly number[], b: readonly number[], what: string, tol: number): number {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} runs against ${b.length}`);
  let worst = 0;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    const d = Math.abs(x - y);
    const rel = d === 0 ? 0 : d / Math.max(Math.abs(x), Math.abs(y));
    if (!(rel <= tol))
      throw new Error(`${what} disagree at run ${r}: ${x} against ${y} (relative ${rel.toExponential(2)})`);
    worst = Math.max(worst, rel);
  }
  return worst;
}

function main(o: Options): void {
  const parsed = inputs(o);
  const { net, sc, label } = parsed;
  const models = compileModels(net, sc, o.seed);
  const m0 = models[0]!;
  const dir = mkdtempSync(join(tmpdir(), "lodestone-sim-bench-"));
  const file = join(dir, "models.bin");
  const bytes = writeModels(models, file);
  // The children read this snapshot, not the files, which may change while the bench runs.
  const snapshot = join(dir, "inputs.json");
  writeFileSync(snapshot, JSON.stringify(parsed));
  const flags = ["--runs", String(o.runs), "--seed", String(o.seed), "--inputs", snapshot];

  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: HERE, encoding: "utf8" }).trim();
  } catch {
    // not a checkout
  }
  console.log("Lodestone benchmark (e): simulator engine vs a vectorised NumPy peer");
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; node ${process.version}; commit ${commit}`,
  );
  console.log(
    `model: ${label}: ${m0.nodes} nodes, ${m0.edges} edges, ${m0.slots} input slots, ${m0.products} products, ` +
      `${m0.capGroups} controls, ${m0.allocation}; ${MODELS} compiled models (seed ${o.seed}), ` +
      `${fmt(bytes / 2 ** 20, 2)} MiB on file`,
  );
  console.log(`runs ${fmt(o.runs)} × ${o.months} months; medians of ${o.repeat} rounds`);

  const kernel: Measured[] = [];
  const grouped: Measured[] = [];
  const peer: PeerOut[] = [];
  const mc1: Measured[] = [];
  const mc2: Measured[] = [];
  const checks = { peerRel: 0, peerIdentical: 0 };
  // A Monte-Carlo that fails is reported under (b) and fails the run, but does not discard (a).
  let mcError: string | null = o.skipMc ? "skipped (--skip-mc)" : null;
  const tryMc = (step: () => void) => () => {
    if (mcError) return;
    try {
      step();
    } catch (e) {
      mcError = e instanceof Error ? e.message : String(e);
    }
  };
  try {
    for (let k = 0; k < o.repeat; k++) {
      // Alternate the order, so that drift in the machine's load falls on every side.
      const steps: (() => void)[] = [
        () => peer.push(runPeer(file, o.runs)),
        () => kernel.push(runChild(["kernel", ...flags])),
        () => grouped.push(runChild(["kernel", ...flags, "--grouped"])),
        tryMc(() => mc1.push(runChild(["mc", ...flags, "--workers", "1"]))),
        tryMc(() => mc2.push(runChild(["mc", ...flags, "--workers", "2"]))),
      ];
      for (const step of k % 2 ? steps.reverse() : steps) step();

      const ours = kernel[k]!.totals;
      const theirs = peer[k]!.totals;
      checks.peerRel = Math.max(
        checks.peerRel,
        compareTotals(ours, theirs, "kernel and NumPy totals", REL_TOL),
      );
      checks.peerIdentical = ours.filter((x, r) => x === theirs[r]).length;
      if (k > 0) compareTotals(ours, kernel[0]!.totals, "kernel totals between rounds", 0);
      compareTotals(grouped[k]!.totals, ours, "kernel totals in run order and grouped by model", 0);
      if (!mcError) {
        compareTotals(mc1[k]!.totals, mc2[k]!.totals, "Monte-Carlo totals on 1 and 2 workers", 0);
        const shared = Math.min(MODELS, o.runs);
        compareTotals(mc1[k]!.totals.slice(0, shared), ours.slice(0, shared), "Monte-Carlo and kernel", 0);
      }
      process.stdout.write(`round ${k + 1}/${o.repeat} done\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const p0 = peer[0]!;
  const runMonths = o.runs * o.months;
  const row = (name: string, ms: readonly number[], rss: readonly number[], base: readonly number[]) => {
    const med = median(ms);
    console.log(
      `    ${name.padEnd(44)} ${fmt(med).padStart(6)} ms ${fmt((med * 1e6) / runMonths).padStart(6)} ns ` +
        `${fmt(median(rss)).padStart(5)} MiB (${fmt(median(base))})   ${ms.map((x) => fmt(x)).join(" · ")}`,
    );
  };
  const kernelMs = kernel.map((m) => m.ms);
  const peerMs = peer.map((p) => p.engine_s * 1000);
  console.log("");
  console.log(`(a) engine only, ${fmt(o.runs)} runs × ${o.months} months on one thread`);
  console.log(`    ${"".padEnd(44)} median  per run-month  peak RSS (runtime alone)   rounds (ms)`);
  const groupedMs = grouped.map((m) => m.ms);
  row(
    "ours: simulate, run r on model r mod 64",
    kernelMs,
    kernel.map((m) => m.rssMb),
    kernel.map((m) => m.baseRssMb),
  );
  row(
    "ours: simulate, same runs grouped by model",
    groupedMs,
    grouped.map((m) => m.rssMb),
    grouped.map((m) => m.baseRssMb),
  );
  row(
    `peer: NumPy ${p0.numpy}, vectorised across runs`,
    peerMs,
    peer.map((p) => p.peak_rss_mb),
    peer.map((p) => p.base_rss_mb),
  );
  console.log(
    `    peer load ${fmt(median(peer.map((p) => p.load_s * 1000)))} ms and re-layout ${fmt(median(peer.map((p) => p.prep_s * 1000)))} ms` +
      ` not counted (like compile for the kernel); it computes ${fmt(p0.computed_runs)} runs (R rounded up to a multiple of ${MODELS})`,
  );
  const ratio = (label: string, ms: readonly number[]) =>
    console.log(
      `    ratio ${label.padEnd(30)} ${fmt(median(ms) / median(peerMs), 2)} × (medians), ` +
        `${fmt(median(ms.map((x, i) => x / peerMs[i]!)), 2)} × (median of per-round ratios)   goal < 1`,
    );
  ratio("TS (1 thread) / NumPy", kernelMs);
  ratio("TS grouped by model / NumPy", groupedMs);
  console.log(
    `    check: every run's total shortfall agrees (TS in both orders bit for bit); max relative difference ${checks.peerRel.toExponential(1)}` +
      ` (tolerance ${REL_TOL}), ${fmt(checks.peerIdentical)} of ${fmt(o.runs)} bit-identical`,
  );
  if (mcError) {
    console.log("");
    console.log(`(b) full Monte-Carlo: ${mcError.split("\n").slice(0, 3).join(" | ")}`);
    if (!o.skipMc) process.exitCode = 1;
  } else {
    const ms1 = mc1.map((m) => m.ms);
    const ms2 = mc2.map((m) => m.ms);
    console.log("");
    console.log("(b) full Monte-Carlo (runMonteCarlo: compile per run, then simulate; no inventory paths)");
    row(
      "ours: 1 worker (this thread)",
      ms1,
      mc1.map((m) => m.rssMb),
      mc1.map((m) => m.baseRssMb),
    );
    row(
      "ours: 2 worker threads",
      ms2,
      mc2.map((m) => m.rssMb),
      mc2.map((m) => m.baseRssMb),
    );
    console.log(
      `    speed-up 2 workers / 1        ${fmt(median(ms1) / median(ms2), 2)} × (medians), ${fmt(median(ms1.map((x, i) => x / ms2[i]!)), 2)} × (median of per-round ratios)   goal ≥ 1.8×`,
    );
    const startup = median(mc2.map((m) => m.startupMs ?? NaN));
    console.log(
      `    pool start-up, 2 threads      ${fmt(startup)} ms (a run per worker on a fresh pool; the first call in a process pays it, and the timings above include it);` +
        ` net of it: ${fmt(median(ms1) / (median(ms2) - startup), 2)} ×`,
    );
    console.log(
      `    compile's share at 1 worker   ≈ ${fmt(Math.max(0, 1 - median(groupedMs) / median(ms1)) * 100)} % (1 − kernel grouped by model / Monte-Carlo)`,
    );
    console.log("    check: identical totals on 1 and 2 workers, and on the runs shared with the kernel");
  }
  console.log("");
  console.log(
    "(c) peak RSS above is each process's own high-water mark; in brackets, its RSS once loaded, before any work.",
  );
}

async function child(args: readonly string[]): Promise<void> {
  const o = options(args);
  const out =
    args[0] === "kernel"
      ? childKernel(o, args.includes("--grouped"))
      : await childMonteCarlo(o, Number(flag(args, "--workers")));
  console.log(JSON.stringify(out));
}

const argv = process.argv.slice(2);
const entry = argv[0] === "--child" ? child(argv.slice(1)) : (async () => main(options(argv)))();
entry.catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
