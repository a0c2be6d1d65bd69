/**
 * Model parameters that say where they come from. Every number a network or scenario feeds the
 * simulator is either sourced (a citation, usually a row of the bundled data) or an assumption
 * (a reason and a range). The Monte-Carlo samples every range; a deterministic run takes the values.
 * @module
 * @example
 * const p = paramSchema.parse({ value: 0.3, assumption: "typical sintered NdFeB", range: [0.29, 0.32] });
 * sampleParam(p, rng); // triangular(0.29, 0.3, 0.32)
 */
import { z } from "zod";
import { parseMonth } from "../units/month.js";
import type { Rng } from "./rng.js";

const range = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, "range must be [low, high] with low ≤ high");

/** A month written `YYYY-MM`. */
export const monthText = z.string().refine((s) => parseMonth(s) !== null, "must be a month YYYY-MM");

const base = { value: z.number(), from: monthText.optional() };
const sourced = z.strictObject({
  ...base,
  source: z.string().min(1, "must name a source"),
  range: range.optional(),
});
const assumed = z.strictObject({
  ...base,
  assumption: z.string().min(1, "must give the assumption's reason"),
  range,
});

/** `{value, source[, range]}` or `{value, assumption, range}`; a bare number is refused. */
export const paramSchema = z
  .union([sourced, assumed], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? "must be {value, source} or {value, assumption, range} (a bare number has no provenance)"
        : undefined,
  })
  .superRefine((p, ctx) => {
    if (p.range && (p.value < p.range[0] || p.value > p.range[1])) {
      ctx.addIssue({ code: "custom", message: `value ${p.value} lies outside its range`, path: ["value"] });
    }
  });

export type Param = z.infer<typeof paramSchema>;

/**
 * A parameter constrained to an interval (probabilities, shares, non-negative sizes); `open` makes the
 * lower bound strict. `step` makes it a schedule step, which must say the month it starts (`from`).
 */
export function boundedParam(lo: number, hi = Infinity, opts: { open?: boolean; step?: boolean } = {}) {
  const below = (x: number) => (opts.open ? x <= lo : x < lo);
  const what =
    hi === Infinity
      ? `must be ${opts.open ? ">" : "≥"} ${lo}`
      : `must lie in ${opts.open ? "(" : "["}${lo}, ${hi}]`;
  return paramSchema.superRefine((p, ctx) => {
    const [a, b] = p.range ?? [p.value, p.value];
    if (below(p.value) || p.value > hi) ctx.addIssue({ code: "custom", message: what, path: ["value"] });
    else if (below(a) || b > hi) ctx.addIssue({ code: "custom", message: `range ${what}`, path: ["range"] });
    if (opts.step && !p.from)
      ctx.addIssue({ code: "custom", message: "a step needs its month", path: ["from"] });
    if (!opts.step && p.from)
      ctx.addIssue({ code: "custom", message: "only the steps of a schedule have a month", path: ["from"] });
  });
}

/** A value that may change over time: one param, or steps each starting at its `from` month. */
export function scheduleSchema(lo: number, hi = Infinity, open = false) {
  return z.union([
    boundedParam(lo, hi, { open }),
    z.array(boundedParam(lo, hi, { open, step: true })).min(1, "needs at least one step"),
  ]);
}
export type Schedule = Param | Param[];

export function isAssumption(p: Param): p is Extract<Param, { assumption: string }> {
  return "assumption" in p;
}

/**
 * Draws a parameter: triangular on its range with the mode at its value, or the value when it has no
 * range. Triangular because the analyst's value is the most likely one and the range is a hard bound.
 * Always consumes exactly one draw so that the draw order does not depend on which params have ranges.
 */
export function sampleParam(p: Param, rng: Rng): number {
  const u = rng.next();
  if (!p.range) return p.value;
  const [a, b] = p.range;
  const c = p.value;
  if (b <= a) return a;
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** Counts sourced and assumed parameters in any parsed structure (networks, scenarios). */
export function countParams(value: unknown): { sourced: number; assumed: number } {
  const n = { sourced: 0, assumed: 0 };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof (v as { value?: unknown }).value === "number" && ("source" in v || "assumption" in v)) {
        if ("assumption" in v) n.assumed++;
        else n.sourced++;
        return;
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return n;
}
