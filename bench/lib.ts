/**
 * Small helpers the benchmarks share: command-line flags, medians, number formatting and the
 * process's peak memory.
 * @module
 */
import { readFileSync } from "node:fs";

/** The value after `name` in `args`, if any. */
export function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Peak resident memory of this process, MiB: VmHWM on Linux, else Node's maxRSS. */
export function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The benchmarks' small-network shock: China licenses Dy from `from` at an uncertain share
 * (`approval`, range 0–0.8) after a lognormal delay (mean 1.5 months, range 0.5–3), over 12 months
 * from 2025-01 — as the simulator and planner tests use it on the fixture networks.
 */
export function dyControlScenario(o: { from: string; approval: number }) {
  return {
    name: "bench-dy-control",
    start: "2025-01",
    months: 12,
    shocks: [
      {
        kind: "export-control",
        name: "Dy",
        exporter: "CHN",
        from: o.from,
        scope: { elements: ["Dy"] },
        approval: { value: o.approval, assumption: "bench", range: [0, 0.8] },
        delay: {
          dist: "lognormal",
          mean: { value: 1.5, assumption: "bench", range: [0.5, 3] },
          spread: { value: 1, source: "bench" },
        },
      },
    ],
  };
}
