/**
 * Request and response schemas of the jobs, saved-spec and planner routes. Job requests are the
 * core's own schema (src/jobs/request.ts), so the API and the worker agree on every default; results
 * are described by their common fields (each kind's full shape is in the core's types).
 * @module
 */
import { z } from "zod";
import { JOB_KINDS, jobRequestSchema, MAX_SPEC_CHARS, SPEC_KINDS, specNameSchema } from "../index.js";
import { named } from "./schemas.js";

export const JobId = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, "is not a job id") });

export const JobStatusSchema = named(
  "JobStatus",
  z.object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    label: z.string(),
    state: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    progress: z.object({ done: z.number(), total: z.number(), unit: z.string() }).nullable(),
    position: z.number().int().describe("jobs running or queued ahead of this one (0 once it runs)"),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    request: jobRequestSchema,
  }),
  "How a job stands. `GET /api/jobs/{id}/events` streams it (server-sent events).",
);

export const JobRequestBody = jobRequestSchema;

export const ResultQuery = z
  .object({
    format: z.enum(["json", "csv"]).default("json"),
    download: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
  })
  .strict();

export const JobResultSchema = named(
  "JobResult",
  z.looseObject({
    kind: z.enum(JOB_KINDS),
    manifest: z.looseObject({
      kind: z.string(),
      codeVersion: z.string(),
      network: z.object({ name: z.string(), sha256: z.string() }),
      scenarios: z.array(z.object({ name: z.string(), sha256: z.string() })),
      data: z.record(z.string(), z.string()),
      seed: z.number().nullable(),
      runs: z.number().nullable(),
      createdAt: z.string(),
    }),
    request: jobRequestSchema,
    seconds: z.number(),
  }),
  "A finished job's result with its manifest; the other fields depend on its kind (see the core's JobResult).",
);

export const SpecKindParam = z.object({ kind: z.enum(SPEC_KINDS) }).strict();
export const SpecParams = z.object({ kind: z.enum(SPEC_KINDS), name: specNameSchema }).strict();
export const SpecBody = z.object({ yaml: z.string().min(1).max(MAX_SPEC_CHARS) }).strict();

const ParamCounts = z.object({ sourced: z.number().int(), assumed: z.number().int() });

export const SpecListingSchema = named(
  "SpecListing",
  z.object({
    name: z.string(),
    origin: z.enum(["shipped", "saved"]),
    description: z.string(),
    savedAt: z.string().nullable(),
    network: z.string().optional(),
    shocks: z.number().int().optional(),
    scenarioParams: ParamCounts.optional(),
    networkParams: ParamCounts.optional(),
  }),
  "A shipped or saved scenario, network or portfolio.",
);

export const SpecTextSchema = z.object({
  name: z.string(),
  origin: z.enum(["shipped", "saved"]),
  savedAt: z.string().nullable(),
  yaml: z.string().describe("the text as written (YAML or JSON)"),
  spec: z.unknown().describe("the text parsed and checked"),
});

export const SpecCheck = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ line: z.number().int().nullable(), path: z.string(), message: z.string() })),
});

export const RecyclingQuery = z
  .object({
    from: z.coerce.number().int().min(1900).max(2200).default(2020),
    to: z.coerce.number().int().min(1900).max(2200).default(2040),
    lever: z.string().optional(),
  })
  .strict();
