/**
 * A batch of Monte-Carlo runs: the unit of work a worker thread (or, later, a queue worker) takes.
 * Run r always draws from stream r of the seed, so a batch's results do not depend on which worker
 * runs it or how runs are grouped.
 * @module
 */
import { compile, ModelArena } from "./compile.js";
import { runOutput, simulate, workspace, type Workspace } from "./engine.js";
import type { Network } from "./network.js";
import { streamRng } from "./rng.js";
import type { Scenario } from "./scenario.js";

export interface BatchTask {
  readonly network: Network;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly firstRun: number;
  readonly count: number;
  readonly keepInventory: boolean;
}

/** Per-run results of a batch, run-major: shortfall[r][p][t], inventory[r][n][t], magnet kg per unit[r][p]. */
export interface BatchResult {
  readonly firstRun: number;
  readonly count: number;
  readonly shortfall: Float64Array;
  readonly inventory: Float32Array | null;
  readonly magnetPerUnit: Float64Array;
}

export function runBatch(task: BatchTask): BatchResult {
  const { network, scenario, seed, firstRun, count, keepInventory } = task;
  let ws: Workspace | null = null;
  const arena = new ModelArena();
  let shortfall = new Float64Array(0);
  let inventory: Float32Array | null = null;
  let magnetPerUnit = new Float64Array(0);
  for (let k = 0; k < count; k++) {
    const model = compile(network, scenario, streamRng(seed, firstRun + k), arena);
    if (!ws) {
      ws = workspace(model);
      shortfall = new Float64Array(count * model.products * model.months);
      inventory = keepInventory ? new Float32Array(count * model.nodes * model.months) : null;
      magnetPerUnit = new Float64Array(count * model.products);
    }
    const out = runOutput(model, keepInventory);
    simulate(model, out, ws);
    shortfall.set(out.shortfall, k * out.shortfall.length);
    if (inventory && out.inventory) inventory.set(out.inventory, k * out.inventory.length);
    magnetPerUnit.set(model.magnetPerUnit, k * model.products);
  }
  return { firstRun, count, shortfall, inventory, magnetPerUnit };
}
