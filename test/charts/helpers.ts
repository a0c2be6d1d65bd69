// Shared by the chart tests: the bundled store opened once, and readers for option objects.
import assert from "node:assert/strict";

export interface Series {
  name?: string;
  type?: string;
  stack?: string;
  data?: unknown[];
  symbol?: string;
  markLine?: {
    data?: { xAxis?: string; name?: string; eventIds?: string[]; label?: { formatter?: string } }[];
  };
  links?: { source: string; target: string; value: number }[];
  [k: string]: unknown;
}

export interface Option {
  title?: { text?: string; subtext?: string };
  xAxis?: { type?: string; data?: string[] };
  yAxis?: { type?: string; data?: string[] };
  series?: Series[];
  [k: string]: unknown;
}

/** The option as the tests read it (ECharts' own type is a union too wide to index). */
export function read(option: unknown): Option {
  return option as Option;
}

export function seriesNamed(o: Option, name: string): Series {
  const s = o.series?.find((x) => x.name === name);
  assert.ok(s, `no series named "${name}" (have ${o.series?.map((x) => x.name).join(", ")})`);
  return s;
}

/** A data item's value: the item itself, or its `value` field. */
export function valueOf(d: unknown): unknown {
  return d !== null && typeof d === "object" && "value" in d ? (d as { value: unknown }).value : d;
}

/** Plain JSON: no functions, no undefined, nothing JSON would drop or change. */
export function assertPlainJson(option: unknown): void {
  const walk = (v: unknown, path: string): void => {
    assert.notEqual(typeof v, "function", `function at ${path}`);
    assert.notEqual(v, undefined, `undefined at ${path}`);
    if (typeof v === "number") assert.ok(Number.isFinite(v), `${v} at ${path}`);
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(option, "option");
  assert.deepEqual(JSON.parse(JSON.stringify(option)), option);
}
