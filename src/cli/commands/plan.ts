/**
 * `lodestone plan …`: mitigation planning — the dynamic stock model of magnets in use (`stock`), the
 * recycling it allows (`recycling`), portfolios of levers evaluated in the engine (`evaluate`),
 * optimised by MILP (`optimize`), and the efficient frontier (`frontier`). Each subcommand lives in
 * commands/plan/.
 * @module
 */
import type { Command } from "commander";
import type { GlobalOptions } from "../context.js";
import { registerPlanEvaluate } from "./plan/evaluate.js";
import { registerPlanFrontier } from "./plan/frontier.js";
import { registerPlanOptimize } from "./plan/optimize.js";
import { registerPlanRecycling } from "./plan/recycling.js";
import { registerPlanStock } from "./plan/stock.js";

export function registerPlan(program: Command, globals: () => GlobalOptions): void {
  const plan = program
    .command("plan")
    .description("mitigation planning: stock model, recycling, portfolios, MILP optimisation, frontier");
  registerPlanStock(plan, globals);
  registerPlanRecycling(plan, globals);
  registerPlanEvaluate(plan, globals);
  registerPlanOptimize(plan, globals);
  registerPlanFrontier(plan, globals);
}
