/**
 * What a job asks for: a Monte-Carlo run, a calibration, a TTS sweep, a portfolio comparison, an
 * optimisation or a frontier, with every option the matching CLI command has and the same defaults.
 * Specs are named (a shipped or saved scenario, network or portfolio) or given inline as YAML text;
 * an inline scenario's `network` must be `reference` or a saved network's name, never a path.
 * @module
 * @example
 * jobRequestSchema.parse({ kind: "sim-run", scenario: "april-2025", runs: 500 });
 * // { kind: "sim-run", scenario: "april-2025", runs: 500, seed: 1 }
 */
import { z } from "zod";

/** Names of shipped and saved specs: lower-case words joined by hyphens. */
export const SPEC_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Largest inline spec, in characters. */
export const MAX_SPEC_CHARS = 1_000_000;

export const specNameSchema = z
  .string()
  .regex(SPEC_NAME, "must be lower-case letters, digits and hyphens (at most 64), like april-2025");

/** A spec by name (shipped or saved), or inline YAML/JSON text. */
export const specRefSchema = z.union([
  specNameSchema,
  z.object({ yaml: z.string().min(1).max(MAX_SPEC_CHARS) }).strict(),
]);
export type SpecRef = z.infer<typeof specRefSchema>;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const RANGE = /^\d{4}-(0[1-9]|1[0-2])\.\.\d{4}-(0[1-9]|1[0-2])$/;
const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1);
const scenarios = z.array(specRefSchema).min(1).max(8).default(["full-embargo-us"]);

export const simRunRequestSchema = z
  .object({
    kind: z.literal("sim-run"),
    scenario: specRefSchema,
    /** Overrides the scenario's own network. */
    network: specRefSchema.optional(),
    runs: z.number().int().min(1).max(100_000).default(1000),
    seed,
  })
  .strict();

export const calibrateRequestSchema = z
  .object({
    kind: z.literal("calibrate"),
    scenario: specRefSchema,
    network: specRefSchema.optional(),
    /** reporter:commodity:flow:partner in the store. */
    series: z
      .string()
      .regex(
        /^[A-Z0-9]{3}:[a-z0-9-]+:(export|import):[A-Z0-9]{3}$/,
        "must be reporter:commodity:flow:partner",
      )
      .default("CHN:re-magnets:export:WLD"),
    fit: z.string().regex(RANGE, "must be a month range like 2025-01..2025-08").default("2025-01..2025-08"),
    test: z.string().regex(RANGE, "must be a month range like 2025-09..2025-12").default("2025-09..2025-12"),
    scope: z.enum(["customs-line", "template"]).default("customs-line"),
    observedOnly: z.boolean().default(false),
  })
  .strict();

export const ttsRequestSchema = z
  .object({
    kind: z.literal("tts"),
    network: specRefSchema.default("reference"),
    ttr: z.number().positive().max(120).default(3),
    weight: z.enum(["magnet", "cost", "units"]).default("magnet"),
    month: z.string().regex(MONTH, "must be a month YYYY-MM").optional(),
  })
  .strict();

/** Inputs the planner's jobs share (as the CLI's withPlanInputs). */
const planInputs = {
  scenarios,
  samples: z.number().int().min(0).max(200).default(4),
  months: z.number().int().min(1).max(240).optional(),
  seed,
};

export const evaluateRequestSchema = z
  .object({
    kind: z.literal("evaluate"),
    /** Portfolios to compare (default: every shipped one); "none" is always added as the baseline. */
    portfolios: z.array(specRefSchema).min(1).max(16).optional(),
    scenarios,
    runs: z.number().int().min(1).max(20_000).default(200),
    seed,
    ttr: z.number().positive().max(120).optional(),
  })
  .strict();

export const optimizeRequestSchema = z
  .object({
    kind: z.literal("optimize"),
    ...planInputs,
    objective: z
      .discriminatedUnion("kind", [
        z
          .object({
            kind: z.literal("min-cost"),
            measure: z.enum(["mean", "p95"]).default("mean"),
            targetTonnes: z.number().min(0),
          })
          .strict(),
        z
          .object({
            kind: z.literal("min-loss"),
            budget: z.number().min(0),
            penaltyPerKg: z.number().positive().default(1e6),
          })
          .strict(),
      ])
      .default({ kind: "min-loss", budget: 5e8, penaltyPerKg: 1e6 }),
    timeLimit: z.number().positive().max(3600).default(60),
    /** Engine runs per scenario for the out-of-sample check of the chosen portfolio. */
    checkRuns: z.number().int().min(0).max(20_000).default(200),
  })
  .strict();

export const frontierRequestSchema = z
  .object({
    kind: z.literal("frontier"),
    ...planInputs,
    /** Budgets, USD (default: 0 and 1/64 … 1 of every lever's capex). */
    budgets: z.array(z.number().min(0)).min(1).max(32).optional(),
    penaltyPerKg: z.number().positive().default(1e6),
    checkRuns: z.number().int().min(0).max(20_000).default(100),
    /** Add the named single-lever strategies (shipped portfolios). */
    strategies: z.boolean().default(true),
  })
  .strict();

export const jobRequestSchema = z.discriminatedUnion("kind", [
  simRunRequestSchema,
  calibrateRequestSchema,
  ttsRequestSchema,
  evaluateRequestSchema,
  optimizeRequestSchema,
  frontierRequestSchema,
]);

/** A job request as sent (defaults optional). */
export type JobRequestInput = z.input<typeof jobRequestSchema>;
/** A job request with its defaults filled in. */
export type JobRequest = z.output<typeof jobRequestSchema>;
export type JobKind = JobRequest["kind"];
export const JOB_KINDS = [
  "sim-run",
  "calibrate",
  "tts",
  "evaluate",
  "optimize",
  "frontier",
] as const satisfies readonly JobKind[];
