/**
 * `lodestone sim …`: the disruption simulator — Monte-Carlo runs of a scenario, the shipped
 * scenarios, TTS/TTR per node, and calibration of a licensing regime. Each subcommand lives in
 * commands/sim/.
 * @module
 */
import type { Command } from "commander";
import type { GlobalOptions } from "../context.js";
import { registerSimCalibrate } from "./sim/calibrate.js";
import { registerSimRun } from "./sim/run.js";
import { registerSimScenarios } from "./sim/scenarios.js";
import { registerSimTts } from "./sim/tts.js";

export function registerSim(program: Command, globals: () => GlobalOptions): void {
  const sim = program
    .command("sim")
    .description("disruption simulator: export controls as licensing, Monte-Carlo, TTS/TTR, calibration");
  registerSimRun(sim, globals);
  registerSimScenarios(sim, globals);
  registerSimTts(sim, globals);
  registerSimCalibrate(sim, globals);
}
