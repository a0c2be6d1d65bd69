/**
 * The manifest every simulation result carries: what went in (network, scenario, their hashes and the
 * bundled data files they cite), the seed and run count, and the code version — enough to reproduce it.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Network } from "./network.js";
import type { Scenario } from "./scenario.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface Manifest {
  readonly kind: string;
  readonly codeVersion: string;
  readonly network: { name: string; sha256: string };
  /** The scenario, or null when the result is about the network alone (TTS) or several scenarios. */
  readonly scenario: { name: string; sha256: string } | null;
  /** Every scenario the result used (one for a simulation, several for a plan, none for TTS). */
  readonly scenarios: readonly { name: string; sha256: string }[];
  /** Bundled files the network's sources cite, with their hashes. */
  readonly data: Record<string, string>;
  readonly seed: number | null;
  readonly runs: number | null;
  readonly createdAt: string;
}

/** SHA-256 of a value's canonical JSON (keys sorted), so formatting changes in the file do not count. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** Hashes of the `data/...` files named in the network's and scenario's sources. */
function citedData(value: unknown): Record<string, string> {
  const files = new Set<string>();
  JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "string")
      for (const m of v.matchAll(/data\/[\w./-]+\.(?:csv|yaml|json)/g)) files.add(m[0]);
    return v;
  });
  const out: Record<string, string> = {};
  for (const f of [...files].sort()) {
    try {
      out[f] = createHash("sha256")
        .update(readFileSync(new URL(`../../${f}`, import.meta.url)))
        .digest("hex");
    } catch {
      out[f] = "missing";
    }
  }
  return out;
}

export function manifest(
  kind: string,
  net: Network,
  sc: Scenario | readonly Scenario[] | null,
  run: { seed: number | null; runs: number | null },
  now = new Date(),
): Manifest {
  const list: readonly Scenario[] = sc === null ? [] : Array.isArray(sc) ? sc : [sc as Scenario];
  const scenarios = list.map((s) => ({ name: s.name, sha256: contentHash(s) }));
  return {
    kind,
    codeVersion: VERSION,
    network: { name: net.name, sha256: contentHash(net) },
    scenario: list.length === 1 && !Array.isArray(sc) ? scenarios[0]! : null,
    scenarios,
    data: citedData([net, ...list]),
    seed: run.seed,
    runs: run.runs,
    createdAt: now.toISOString(),
  };
}
