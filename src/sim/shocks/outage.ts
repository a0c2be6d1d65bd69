/**
 * Facility outage: a node loses `severity` of its capacity from `from` for `recovery` months (the
 * recovery time is a parameter, so the Monte-Carlo can sample it).
 * @module
 */
import { z } from "zod";
import { boundedParam, monthText } from "../param.js";

export const outageSchema = z.strictObject({
  kind: z.literal("outage"),
  name: z.string().min(1),
  source: z.string().optional(),
  node: z.string(),
  from: monthText,
  recovery: boundedParam(0),
  /** Share of capacity lost; 1 = fully down. */
  severity: boundedParam(0, 1),
});

export type Outage = z.infer<typeof outageSchema>;
