/**
 * Export control as licensing, not an on/off switch. While a control is in force, each controlled
 * edge may ship at most `approval` × its planned (contracted) volume that month: applications above
 * the contracted volume, and the part of it not approved, stay with the exporter — lost to that
 * destination. Approved quantities arrive after the licensing delay (a distribution, discretised to
 * whole months) on top of the edge's lead time. An optional cap bounds the month's approved total over
 * all edges the control covers. Suspensions lift the control for their months.
 *
 * Scope: an edge is controlled when its supplier is in the exporting country, its customer's country
 * is a listed destination (or not an excepted one), its material matches the scope — contains a listed
 * element, is a listed material, or comes from a listed stage — and, with `endUses`, every product
 * downstream of the customer has one of those end uses.
 * @module
 */
import lognormalCdfDist from "@stdlib/stats-base-dists-lognormal-cdf";
import { z } from "zod";
import { ELEMENTS } from "../../units/basis.js";
import { boundedParam, monthText } from "../param.js";
import { STAGES } from "../network.js";

const country = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166 alpha-3 code such as CHN");

export const delaySchema = z.strictObject({
  /** Shape of the delay in months: fixed at the mean, or lognormal / uniform around it. */
  dist: z.enum(["fixed", "lognormal", "uniform"]),
  mean: boundedParam(0),
  /** Lognormal: the delay's standard deviation; uniform: the half-width. */
  spread: boundedParam(0).optional(),
});

export const exportControlSchema = z
  .strictObject({
    kind: z.literal("export-control"),
    name: z.string().min(1),
    source: z.string().optional(),
    exporter: country,
    from: monthText,
    to: monthText.optional(),
    scope: z
      .strictObject({
        elements: z.array(z.enum(ELEMENTS)).optional(),
        materials: z.array(z.string()).optional(),
        stages: z.array(z.enum(STAGES)).optional(),
        endUses: z.array(z.string()).optional(),
      })
      .refine((s) => s.elements || s.materials || s.stages, "must name elements, materials or stages"),
    destinations: z.array(country).optional(),
    allExcept: z.array(country).optional(),
    approval: boundedParam(0, 1),
    delay: delaySchema,
    /** From this many months after `from`, approvals run at `recovery.approval`. */
    recovery: z.strictObject({ after: boundedParam(0), approval: boundedParam(0, 1) }).optional(),
    /** Most approved in a month over all controlled edges, kg. */
    cap: boundedParam(0).optional(),
    suspensions: z.array(z.strictObject({ from: monthText, to: monthText.optional() })).default([]),
  })
  .refine((c) => !(c.destinations && c.allExcept), {
    message: "give destinations or allExcept, not both",
    path: ["allExcept"],
  });

export type ExportControl = z.infer<typeof exportControlSchema>;

/**
 * Discretises a delay distribution to weights over whole months 0…maxMonths, given its mean and
 * spread as already sampled. Months are the nearest integer delay (a delay of 0.4 months arrives with
 * the lead time, 0.6 one month later).
 */
export function delayWeights(
  dist: ExportControl["delay"]["dist"],
  mean: number,
  spread: number,
  maxMonths: number,
): Float64Array {
  const w = new Float64Array(maxMonths + 1);
  if (dist === "fixed" || spread <= 0 || mean <= 0) {
    w[Math.min(maxMonths, Math.round(mean))] = 1;
    return w;
  }
  const cdf =
    dist === "uniform"
      ? (x: number) => Math.min(1, Math.max(0, (x - (mean - spread)) / (2 * spread)))
      : lognormalCdf(mean, spread);
  let prev = 0;
  for (let d = 0; d <= maxMonths; d++) {
    const c = d === maxMonths ? 1 : cdf(d + 0.5);
    w[d] = c - prev;
    prev = c;
  }
  return w;
}

/** Lognormal CDF from the delay's own mean and standard deviation: σ² = ln(1 + sd²/mean²), μ = ln mean − σ²/2. */
function lognormalCdf(mean: number, sd: number): (x: number) => number {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return lognormalCdfDist.factory(Math.log(mean) - s2 / 2, Math.sqrt(s2));
}
