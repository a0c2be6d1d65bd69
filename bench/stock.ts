/**
 * Benchmark: the dynamic stock model (src/plan/stock) for 10 end uses × 200 years, one lifetime per end
 * use and every kind among them, against `bench/peers/stock_numpy.py`, the same equations written the
 * ways a NumPy user writes them, measured on this machine in the same run: medians of --rounds rounds,
 * the order alternating, each part timed over --iters iterations after a warm-up. Parts, timed apart:
 *   S              the survival curves S(0 … n−1) of the 10 lifetimes (erfc through @stdlib here,
 *                  `math.erfc` through np.frompyfunc there: scipy is not installed);
 *   inflow-driven  from S on: the kernel here; there survival/outflow matrices and `matmul` (flodym's
 *                  way), and `np.convolve` per end use;
 *   stock-driven   from S on: the kernel here; there a batched `np.linalg.solve` on the survival matrices,
 *                  and flodym's forward substitution looped over years, vectorised across end uses.
 * The ratio is taken against the faster NumPy way. Every S value (1e-12 relative) and every stock,
 * outflow and inflow of every NumPy way (1e-12 of the end use's largest magnitude) is checked against
 * ours. The lifetimes and series are made up for timing, not data.
 *
 *   node --import tsx bench/stock.ts [--years 200] [--rounds 7] [--iters 200]
 * Python is Debian's /usr/bin/python3 with python3-numpy.
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLifetime, type Lifetime } from "../src/plan/stock/lifetime.js";
import { inflowDriven, stockDriven } from "../src/plan/stock/stock-model.js";
import { fmt, median } from "./lib.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";
const PEER = join(HERE, "peers", "stock_numpy.py");
/** Agreement asked of the peer, relative (S) or relative to the end use's largest magnitude (flows). */
const REL_TOL = 1e-12;

/** Ten end uses with made-up lifetimes of every kind (for timing; not Lodestone's data). */
const END_USES = [
  { name: "EV traction motors", lifetime: "lognormal:15,5" },
  { name: "wind turbines", lifetime: "weibull:3.5,25" },
  { name: "industrial robots", lifetime: "normal:12,3" },
  { name: "humanoid robots", lifetime: "weibull:2,8" },
  { name: "defence systems", lifetime: "fixed:20" },
  { name: "consumer electronics", lifetime: "lognormal:5,2" },
  { name: "hard disk drives", lifetime: "fixed:6" },
  { name: "e-bikes and scooters", lifetime: "normal:8,2.5" },
  { name: "HVAC compressors", lifetime: "weibull:2.5,15" },
  { name: "medical imaging", lifetime: "normal:18,4" },
] as const;

interface Options {
  readonly years: number;
  readonly rounds: number;
  readonly iters: number;
}

function options(args: readonly string[]): Options {
  const int = (name: string, dflt: number, min: number) => {
    const i = args.indexOf(name);
    const v = Number(i >= 0 ? args[i + 1] : dflt);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} takes a whole number ≥ ${min}`);
    return v;
  };
  return { years: int("--years", 200, 2), rounds: int("--rounds", 7, 1), iters: int("--iters", 200, 1) };
}

/** Logistic growth with a wobble (inflow), and a stock with a dip that asks for some negative inflows. */
function series(
  n: number,
  lifetimes: readonly Lifetime[],
): { inflow: Float64Array[]; stock: Float64Array[] } {
  const inflow = lifetimes.map((_, e) =>
    Float64Array.from(
      { length: n },
      (_, t) => (100 + 20 * e) / (1 + Math.exp(-(t - 0.4 * n - 5 * e) / 15)) + 5 * (1 + Math.sin(t / 7 + e)),
    ),
  );
  const stock = lifetimes.map((life, e) => {
    const s = inflowDriven(inflow[e]!, life).stock;
    return s.map((x, t) => x * (1 - 0.3 * Math.exp(-(((t - 0.6 * n) / 4) ** 2))));
  });
  return { inflow, stock };
}

/** The peer's ways, as bench/peers/stock_numpy.py names them. */
const WAYS = {
  inflow_matmul: "inflow-driven: matrices + matmul",
  inflow_convolve: "inflow-driven: np.convolve",
  stock_solve: "stock-driven: matrices + np.linalg.solve",
  stock_loop: "stock-driven: loop over years",
} as const;
type Way = keyof typeof WAYS;

interface PeerOut {
  /** Seconds per iteration: `survival` and each way. */
  readonly seconds: Record<Way | "survival", number>;
  readonly numpy: string;
  readonly python: string;
  readonly S: number[][];
  /** Each way's [stock, outflow] (inflow-driven) or [inflow, outflow] (stock-driven), per end use. */
  readonly results: Record<Way, [number[][], number[][]]>;
}

function runPeer(file: string, iters: number): PeerOut {
  const r = spawnSync(PYTHON, [PEER, file, "--iters", String(iters)], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`the NumPy peer failed:\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as PeerOut;
}

interface Ours {
  readonly survivalMs: number;
  readonly inflowDrivenMs: number;
  readonly stockDrivenMs: number;
  readonly S: Float64Array[];
  readonly inflowDriven: { stock: Float64Array[]; outflow: Float64Array[] };
  readonly stockDriven: { inflow: Float64Array[]; outflow: Float64Array[] };
  readonly negativeInflowYears: number;
}

/** Milliseconds per iteration of `fn`, after one warm-up call. */
function timed(iters: number, fn: () => void): number {
  fn();
  const t0 = performance.now();
  for (let k = 0; k < iters; k++) fn();
  return (performance.now() - t0) / iters;
}

function runOurs(
  o: Options,
  lifetimes: readonly Lifetime[],
  inflow: Float64Array[],
  stock: Float64Array[],
): Ours {
  const S = lifetimes.map(() => new Float64Array(o.years));
  const survivalMs = timed(o.iters, () => lifetimes.forEach((life, e) => life.fillSurvival(S[e]!)));
  let fwd = inflow.map((i, e) => inflowDriven(i, S[e]!));
  const inflowDrivenMs = timed(o.iters, () => {
    fwd = inflow.map((i, e) => inflowDriven(i, S[e]!));
  });
  let back = stock.map((s, e) => stockDriven(s, S[e]!));
  const stockDrivenMs = timed(o.iters, () => {
    back = stock.map((s, e) => stockDriven(s, S[e]!));
  });
  return {
    survivalMs,
    inflowDrivenMs,
    stockDrivenMs,
    S,
    inflowDriven: { stock: fwd.map((r) => r.stock), outflow: fwd.map((r) => r.outflow) },
    stockDriven: { inflow: back.map((r) => r.inflow), outflow: back.map((r) => r.outflow) },
    negativeInflowYears: back.reduce((a, r) => a + r.negativeInflowYears.length, 0),
  };
}

/** Largest difference, relative to each value (`elementwise`) or to the end use's largest magnitude. */
function compare(
  ours: readonly Float64Array[],
  theirs: readonly number[][],
  what: string,
  elementwise: boolean,
): number {
  let worst = 0;
  ours.forEach((a, e) => {
    const b = theirs[e]!;
    if (b.length !== a.length) throw new Error(`${what}: ${a.length} years against ${b.length}`);
    const scale = Math.max(...a.map(Math.abs), ...b.map(Math.abs));
    for (let t = 0; t < a.length; t++) {
      const d = Math.abs(a[t]! - b[t]!);
      // Elementwise: relative to the value, floored at 1e-300, where subnormal tails carry no digits to compare.
      const rel =
        d === 0 ? 0 : d / (elementwise ? Math.max(Math.abs(a[t]!), Math.abs(b[t]!), 1e-300) : scale);
      if (!(rel <= REL_TOL))
        throw new Error(
          `${what} disagree for ${END_USES[e]!.name}, year ${t}: ${a[t]} against ${b[t]} (${rel})`,
        );
      worst = Math.max(worst, rel);
    }
  });
  return worst;
}

function main(o: Options): void {
  const lifetimes = END_USES.map((u) => parseLifetime(u.lifetime));
  const { inflow, stock } = series(o.years, lifetimes);
  const dir = mkdtempSync(join(tmpdir(), "lodestone-stock-bench-"));
  const file = join(dir, "inputs.json");
  writeFileSync(
    file,
    JSON.stringify({
      years: o.years,
      lifetimes: lifetimes.map((l) => l.spec),
      inflow: inflow.map((a) => Array.from(a)),
      stock: stock.map((a) => Array.from(a)),
    }),
  );

  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: HERE, encoding: "utf8" }).trim();
  } catch {
    // not a checkout
  }
  console.log("Lodestone benchmark: dynamic stock model vs a NumPy peer");
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; node ${process.version}; commit ${commit}`,
  );
  console.log(
    `model: ${END_USES.length} end uses × ${o.years} years; lifetimes ${END_USES.map((u) => u.lifetime).join(", ")}`,
  );
  console.log(`medians of ${o.rounds} rounds, each part ${fmt(o.iters)} iterations after a warm-up`);

  const ours: Ours[] = [];
  const peer: PeerOut[] = [];
  const worst = { S: 0, inflowDriven: 0, stockDriven: 0 };
  try {
    for (let k = 0; k < o.rounds; k++) {
      // Alternate the order, so that drift in the machine's load falls on both sides.
      const steps = [
        () => ours.push(runOurs(o, lifetimes, inflow, stock)),
        () => peer.push(runPeer(file, o.iters)),
      ];
      for (const step of k % 2 ? steps.reverse() : steps) step();
      const a = ours[k]!;
      const { S, results } = peer[k]!;
      worst.S = Math.max(worst.S, compare(a.S, S, "S", true));
      for (const way of ["inflow_matmul", "inflow_convolve"] as const)
        worst.inflowDriven = Math.max(
          worst.inflowDriven,
          compare(a.inflowDriven.stock, results[way][0], `stock (${WAYS[way]})`, false),
          compare(a.inflowDriven.outflow, results[way][1], `outflow (${WAYS[way]})`, false),
        );
      for (const way of ["stock_solve", "stock_loop"] as const)
        worst.stockDriven = Math.max(
          worst.stockDriven,
          compare(a.stockDriven.inflow, results[way][0], `inflow (${WAYS[way]})`, false),
          compare(a.stockDriven.outflow, results[way][1], `outflow (${WAYS[way]})`, false),
        );
      process.stdout.write(`round ${k + 1}/${o.rounds} done\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const us = (ms: number) => `${fmt(ms * 1000, 1)} µs`;
  const theirs = (key: Way | "survival") => peer.map((p) => p.seconds[key] * 1000);
  const sum = (...xs: (readonly number[])[]) => xs[0]!.map((_, k) => xs.reduce((a, x) => a + x[k]!, 0));
  /** The faster of two ways, by median. */
  const faster = (a: Way, b: Way): Way => (median(theirs(a)) <= median(theirs(b)) ? a : b);
  const bestIn = faster("inflow_matmul", "inflow_convolve");
  const bestSd = faster("stock_solve", "stock_loop");
  const ourS = ours.map((r) => r.survivalMs);
  const ourIn = ours.map((r) => r.inflowDrivenMs);
  const ourSd = ours.map((r) => r.stockDrivenMs);
  const row = (name: string, a: readonly number[], b: readonly number[] | null, ratio: boolean) => {
    const r = b ? median(a) / median(b) : NaN;
    console.log(
      `    ${name.padEnd(52)} ${us(median(a)).padStart(11)}   ${b ? us(median(b)).padStart(11) : "".padStart(11)}` +
        (ratio && b ? `   ${fmt(r, 2).padStart(5)} ×  ${r <= 1 ? "met" : "not met"}` : "") +
        `   ${a.map((x, k) => `${fmt(x * 1000)}${b ? `/${fmt(b[k]! * 1000)}` : ""}`).join(" · ")}`,
    );
  };
  console.log("");
  console.log(
    `per iteration (${END_USES.length} end uses × ${o.years} years), medians; ratio TS/NumPy, goal ≤ 1`,
  );
  console.log(
    `    ${"".padEnd(52)} ${"TS".padStart(11)}   ${`NumPy ${peer[0]!.numpy}`.padStart(11)}   ratio          rounds (µs, TS/NumPy)`,
  );
  row("S: survival curves", ourS, theirs("survival"), true);
  row(
    `inflow-driven from S (NumPy: ${bestIn === "inflow_matmul" ? "matmul" : "convolve"}, the faster)`,
    ourIn,
    theirs(bestIn),
    true,
  );
  row(
    `stock-driven from S (NumPy: ${bestSd === "stock_solve" ? "solve" : "loop"}, the faster)`,
    ourSd,
    theirs(bestSd),
    true,
  );
  row(
    "all: S and both models",
    sum(ourS, ourIn, ourSd),
    sum(theirs("survival"), theirs(bestIn), theirs(bestSd)),
    true,
  );
  console.log("    every NumPy way:");
  for (const way of Object.keys(WAYS) as Way[]) row(`  ${WAYS[way]}`, theirs(way), null, false);
  console.log(
    `    check: S agrees to ${worst.S.toExponential(1)} relative; inflow-driven stock and outflow to ${worst.inflowDriven.toExponential(1)}, ` +
      `stock-driven inflow and outflow to ${worst.stockDriven.toExponential(1)} of each end use's largest value, every NumPy way ` +
      `(tolerance ${REL_TOL}); the stock's dip asks for ${ours[0]!.negativeInflowYears} negative inflows, reported`,
  );
}

try {
  main(options(process.argv.slice(2)));
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
}
