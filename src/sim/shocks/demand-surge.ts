/**
 * Demand surge: demand for the listed products (or all products of the listed end uses) is multiplied
 * by `factor` from `from` to `to`.
 * @module
 */
import { z } from "zod";
import { boundedParam, monthText } from "../param.js";

export const demandSurgeSchema = z
  .strictObject({
    kind: z.literal("demand-surge"),
    name: z.string().min(1),
    source: z.string().optional(),
    products: z.array(z.string()).optional(),
    endUses: z.array(z.string()).optional(),
    from: monthText,
    to: monthText.optional(),
    factor: boundedParam(0),
  })
  .refine((s) => s.products || s.endUses, "must name products or endUses");

export type DemandSurge = z.infer<typeof demandSurgeSchema>;
