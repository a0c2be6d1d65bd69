/**
 * `GET /api/conflicts`: every cell where sources disagree, all versions and the one the best view
 * uses (`lodestone data conflicts`). As a table, one row per version.
 * @module
 */
import { z } from "zod";
import { listConflicts, type Conflict } from "../../index.js";
import { answer, tableResponses, type RouteContext, type ZodApp } from "../respond.js";
import { ConflictSchema, ListQuery } from "../schemas.js";

const Conflicts = z.array(ConflictSchema);

function table(conflicts: readonly Conflict[]): object[] {
  return conflicts.flatMap(({ versions, ...cell }) => versions.map((v) => ({ ...cell, ...v })));
}

export function conflictsRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/conflicts",
    {
      schema: {
        tags: ["data"],
        summary: "cells where sources disagree: every version and the one used",
        querystring: ListQuery,
        response: tableResponses(Conflicts, "the contested cells"),
      },
    },
    async (req, reply) => {
      const result = await ctx.gate.read(() => listConflicts(ctx.store));
      return answer(reply, ctx, {
        format: req.query.format,
        schema: Conflicts,
        result,
        name: "conflicts",
        table,
      });
    },
  );
}
