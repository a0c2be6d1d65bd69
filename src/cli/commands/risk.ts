/**
 * `lodestone risk …`: dependence measures — concentration by stage, import dependence, mirror
 * gaps, the EU CRM method and end-use exposure. Each subcommand lives in commands/risk/.
 * @module
 */
import type { Command } from "commander";
import type { GlobalOptions } from "../context.js";
import { registerCrm } from "./risk/crm.js";
import { registerExposure } from "./risk/exposure.js";
import { registerPrices } from "./risk/prices.js";
import { registerImports } from "./risk/imports.js";
import { registerMirror } from "./risk/mirror.js";
import { registerStages } from "./risk/stages.js";

export function registerRisk(program: Command, globals: () => GlobalOptions): void {
  const risk = program
    .command("risk")
    .description("dependence: concentration by stage, imports, mirror gaps, EU CRM, exposure");
  registerStages(risk, globals);
  registerImports(risk, globals);
  registerMirror(risk, globals);
  registerCrm(risk, globals);
  registerExposure(risk, globals);
  registerPrices(risk, globals);
}
