/**
 * Options the planner's commands share: the lever file, the scenarios, Monte-Carlo samples and the
 * horizon, parsed once into the planner's inputs.
 * @module
 */
import type { Command } from "commander";
import { loadLevers, loadScenario, type Lever, type Network, type Scenario } from "../../../index.js";
import { usage } from "../../context.js";
import { countOption } from "../../parse.js";

export interface PlanInputOptions {
  levers?: string;
  scenarios: string;
  samples: string;
  months?: string;
  seed: string;
}

export const DEFAULT_PLAN_SCENARIOS = "full-embargo-us";

export function withPlanInputs(cmd: Command): Command {
  return cmd
    .option("--levers <file>", "lever file (default: data/plan/levers.yaml)")
    .option("--scenarios <names>", "scenarios (comma-separated, same start month)", DEFAULT_PLAN_SCENARIOS)
    .option("--samples <n>", "Monte-Carlo draws per scenario in the optimiser (0: one at the values)", "4")
    .option("--months <n>", "cap on the horizon in months (the MILP grows with it)")
    .option("--seed <s>", "random seed", "1");
}

export function planInputs(o: PlanInputOptions): {
  levers: Lever[];
  network: Network;
  scenarios: Scenario[];
  samples: number;
  months: number | undefined;
  seed: number;
} {
  const { levers, network } = loadLevers(o.levers);
  const scenarios = o.scenarios.split(",").map((s) => loadScenario(s.trim(), undefined).scenario);
  const samples = Number(o.samples);
  if (!Number.isInteger(samples) || samples < 0) usage(`--samples "${o.samples}" is not a whole number ≥ 0`);
  const seed = Number(o.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) usage(`--seed "${o.seed}" is not a whole number ≥ 0`);
  const months = o.months === undefined ? undefined : countOption("months", o.months, 24);
  return { levers, network, scenarios, samples, months, seed };
}

export function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0) usage(`--${name} "${text}" is not a number ≥ 0`);
  return x;
}

/** Tonnes with the digits a small loss needs: 0.004 t is not "0.0 t". */
export const tonnes = (x: number) =>
  x >= 100 ? Math.round(x).toLocaleString("en-US") : x >= 1 ? x.toFixed(1) : x.toFixed(3);
