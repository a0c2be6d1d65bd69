/**
 * The scenario file: a horizon, an allocation rule and the shocks (export controls, outages, demand
 * surges), each in its own module under `shocks/`.
 * @module
 * @example
 * const s = parseScenario(yamlText, "april-2025.yaml");
 */
import { z } from "zod";
import { monthText } from "./param.js";
import { demandSurgeSchema } from "./shocks/demand-surge.js";
import { exportControlSchema } from "./shocks/export-control.js";
import { outageSchema } from "./shocks/outage.js";

export const shockSchema = z.discriminatedUnion(
  "kind",
  [exportControlSchema, outageSchema, demandSurgeSchema],
  {
    error: () => "kind must be export-control, outage or demand-surge",
  },
);

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
  description: z.string().optional(),
  /** The network it runs on: `reference` (shipped) or a file path relative to the scenario. */
  network: z.string().default("reference"),
  start: monthText,
  months: z.number().int().min(1, "must be ≥ 1").max(600, "must be ≤ 600"),
  allocation: z.enum(["pro-rata", "priority"]).default("pro-rata"),
  shocks: z.array(shockSchema).default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Shock = Scenario["shocks"][number];
