/**
 * Mitigation levers, each a data file a user can edit: a new supplier or plant, recycling of
 * end-of-life magnets, substitution of magnet demand, and a stockpile. Every number is `{value,
 * source}` or `{value, assumption, range}`, as in networks. Definitions only; `portfolio.ts` turns a
 * chosen set of levers into a network the simulator runs, and `optimise.ts` chooses among them.
 *
 * Units follow the network: kg of the output material per month, months for delays, USD for costs
 * (capex at full size; premiums and holding costs per kg, holding per month).
 * @module
 * @example
 * const levers = parseLevers(readFileSync("data/plan/levers.yaml", "utf8"), "levers.yaml");
 */
import { z } from "zod";
import { STAGES } from "../sim/network.js";
import { boundedParam, monthText } from "../sim/param.js";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes");
const country = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166 alpha-3 code such as USA");
const nonNegative = boundedParam(0);
const link = z.strictObject({
  node: id,
  leadTime: boundedParam(1),
  /** Share of the customer's need for this material that it plans to take from the lever's node. */
  share: boundedParam(0, 1).optional(),
});
const ramp = z.strictObject({
  months: z.number().int().min(1, "must be ≥ 1"),
  shape: z.enum(["linear", "s-curve"]).default("s-curve"),
});
const common = {
  id,
  name: z.string().min(1),
  source: z.string().optional(),
  /** Earliest month it can start (a plant's first output, a stockpile's first fill). */
  earliestStart: monthText,
  /** Fractions of the full size the optimiser may choose (default: half or all). */
  sizes: z.array(z.number().gt(0).max(1)).min(1).default([0.5, 1]),
  capex: nonNegative,
};

/** A new supplier or plant: a node added to the network with its recipe, suppliers and customers. */
export const supplierLever = z.strictObject({
  ...common,
  kind: z.literal("supplier"),
  stage: z.enum(STAGES.filter((s) => s !== "product" && s !== "stockpile") as [string, ...string[]]),
  country,
  output: id,
  /** Full-size capacity, kg of output per month. */
  capacity: nonNegative,
  ramp,
  /** Months customers need to qualify the new source after it starts. */
  qualification: nonNegative,
  /** Extra cost per kg over the incumbent supply (USD). */
  premium: nonNegative,
  inputs: z
    .array(z.strictObject({ material: id, perUnit: boundedParam(0, Infinity, { open: true }) }))
    .default([]),
  suppliers: z.array(link).default([]),
  customers: z.array(link).min(1, "needs at least one customer"),
  cover: nonNegative.optional(),
});

/** Recycling of end-of-life magnets from one or more end uses into secondary supply. */
export const recyclingLever = z.strictObject({
  ...common,
  kind: z.literal("recycling"),
  country,
  output: id,
  stage: z.enum(["separation", "metal", "magnet"]).default("magnet"),
  /** Magnets entering use per year (kg), by year; the stock model turns them into end-of-life flows. */
  inflow: z.array(z.strictObject({ year: z.number().int(), value: nonNegative })).min(1),
  /** `fixed:L`, `normal:m,s`, `weibull:k,λ` or `lognormal:m,s` (years). */
  lifetime: z.string(),
  collection: boundedParam(0, 1),
  recovery: boundedParam(0, 1),
  /** Full-size recycling capacity, kg of output per month. */
  capacity: nonNegative,
  ramp,
  opex: nonNegative,
  customers: z.array(link).min(1, "needs at least one customer"),
});

/** Switching part of some products' magnet demand to other materials or designs. */
export const substitutionLever = z.strictObject({
  ...common,
  kind: z.literal("substitution"),
  products: z.array(id).min(1),
  /** Input material whose intensity falls (the magnet grade the products use). */
  material: id,
  /** Share of that magnet demand that can switch at full size. */
  share: boundedParam(0, 1),
  /** Months from the decision to adoption. */
  lag: nonNegative,
  /** Performance or mass penalty, as a share (reported, not simulated). */
  penalty: boundedParam(0, 1),
  /** Cost per kg of magnet avoided (USD). */
  cost: nonNegative,
});

/** A stockpile of one material, filled from suppliers and released to customers by a rule. */
export const stockpileLever = z.strictObject({
  ...common,
  kind: z.literal("stockpile"),
  country,
  material: id,
  /** Full size, kg. */
  size: nonNegative,
  /** Fill and release rate, kg per month. */
  rate: nonNegative,
  holdingCost: nonNegative,
  release: z.enum(["on-shock", "below-cover"]).default("on-shock"),
  suppliers: z.array(link).default([]),
  customers: z.array(link).min(1, "needs at least one customer"),
});

export const leverSchema = z.discriminatedUnion(
  "kind",
  [supplierLever, recyclingLever, substitutionLever, stockpileLever],
  {
    error: () => "kind must be supplier, recycling, substitution or stockpile",
  },
);

export const leverFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The network the levers attach to (`reference` or a path). */
  network: z.string().default("reference"),
  levers: z.array(leverSchema).min(1),
});

export type Lever = z.infer<typeof leverSchema>;
export type LeverFile = z.infer<typeof leverFileSchema>;
export type LeverKind = Lever["kind"];

/** A portfolio: which levers, at what size (a fraction of full size) and from which month. */
export const portfolioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  choices: z.array(
    z.strictObject({ lever: id, size: z.number().gt(0).max(1).default(1), start: monthText.optional() }),
  ),
});

export type Portfolio = z.infer<typeof portfolioSchema>;
export type Choice = Portfolio["choices"][number];
