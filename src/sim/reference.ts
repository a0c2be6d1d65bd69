/**
 * The shipped network and scenarios (data/sim/) and how a user names them: a shipped scenario by its
 * name (`april-2025`), or any file by its path; a scenario's `network` is `reference` or a path
 * relative to the scenario file.
 * @module
 * @example
 * const { network, scenario } = loadScenario("april-2025");
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";
import { parseNetwork, parseScenario } from "./load.js";
import type { Network } from "./network.js";
import { countParams } from "./param.js";
import type { Scenario } from "./scenario.js";

export const SIM_DATA_DIR = fileURLToPath(new URL("../../data/sim/", import.meta.url));
export const REFERENCE_NETWORK = resolve(SIM_DATA_DIR, "network.yaml");
const SCENARIO_DIR = resolve(SIM_DATA_DIR, "scenarios");

/** A network by path, or the shipped one for `reference` / undefined. */
export function loadNetwork(pathOrName: string = "reference", relativeTo = process.cwd()): Network {
  const file = pathOrName === "reference" ? REFERENCE_NETWORK : resolve(relativeTo, pathOrName);
  if (!existsSync(file)) throw new UsageError(`no network file ${file}`, "network");
  return parseNetwork(
    readFileSync(file, "utf8"),
    file === REFERENCE_NETWORK ? "data/sim/network.yaml" : pathOrName,
  );
}

export function shippedScenarioNames(): string[] {
  if (!existsSync(SCENARIO_DIR)) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

function scenarioFile(nameOrPath: string): { file: string; label: string } {
  const shipped = resolve(SCENARIO_DIR, `${nameOrPath}.yaml`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(shipped))
    return { file: shipped, label: `data/sim/scenarios/${nameOrPath}.yaml` };
  const file = resolve(nameOrPath);
  if (!existsSync(file))
    throw new UsageError(
      `"${nameOrPath}" is neither a shipped scenario (${shippedScenarioNames().join(", ")}) nor a file`,
      "scenario",
    );
  return { file, label: nameOrPath };
}

/** A scenario and the network it runs on (`network` overrides the scenario's own). */
export function loadScenario(nameOrPath: string, network?: string): { scenario: Scenario; network: Network } {
  const { file, label } = scenarioFile(nameOrPath);
  const text = readFileSync(file, "utf8");
  const bare = parseScenario(text, label);
  const net = network ? loadNetwork(network) : loadNetwork(bare.network, dirname(file));
  return { scenario: parseScenario(text, label, net), network: net };
}

export interface ScenarioListing {
  readonly name: string;
  readonly description: string;
  readonly network: string;
  readonly shocks: number;
  /** Parameters in the scenario and in its network, sourced and assumed. */
  readonly scenarioParams: { sourced: number; assumed: number };
  readonly networkParams: { sourced: number; assumed: number };
}

/** The shipped scenarios with how many of their parameters are sourced and how many assumed. */
export function listScenarios(): ScenarioListing[] {
  return shippedScenarioNames().map((name) => {
    const { scenario, network } = loadScenario(name);
    return {
      name,
      description: scenario.description ?? "",
      network: network.name,
      shocks: scenario.shocks.length,
      scenarioParams: countParams(scenario),
      networkParams: countParams(network),
    };
  });
}
