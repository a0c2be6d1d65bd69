/**
 * Turns a job request into the job's inputs — parsed networks, scenarios, levers, portfolios and,
 * for a calibration, the observed series from the store — before the job is queued, so a bad spec is
 * refused at once with its line and path, and the worker thread gets plain data (no store, no files).
 * @module
 * @example
 * const input = await resolveJob({ kind: "sim-run", scenario: "april-2025", runs: 100, seed: 1 }, lib, store);
 * input.label; // "sim-run april-2025 · 100 runs"
 */
import type { Store } from "../data/store/store.js";
import { UsageError } from "../errors.js";
import { monthlySeries } from "../monitor/series.js";
import { NAMED_STRATEGIES } from "../plan/frontier.js";
import type { Lever, Portfolio } from "../plan/lever.js";
import { observedMonths, type ObservedMonth } from "../sim/calibrate.js";
import type { Network } from "../sim/network.js";
import type { Scenario } from "../sim/scenario.js";
import { parseMonth, type MonthIndex } from "../units/month.js";
import type { JobRequest, SpecRef } from "./request.js";
import type { SpecLibrary } from "./spec-library.js";

type Req<K extends JobRequest["kind"]> = Extract<JobRequest, { kind: K }>;

interface PlanInput {
  readonly network: Network;
  readonly levers: Lever[];
  readonly scenarios: Scenario[];
}

/** A Redis queue that `lodestone worker` processes take batches from. */
export interface RunQueue {
  readonly redis: string;
  readonly prefix?: string;
}

/** Everything a job needs, as plain data a worker thread can receive. */
export type JobInput = { readonly label: string } & (
  | {
      readonly request: Req<"sim-run">;
      readonly network: Network;
      readonly scenario: Scenario;
      /** Set when the server runs Monte-Carlo on a queue: the runs go to `lodestone worker`s. */
      readonly queue?: RunQueue;
    }
  | {
      readonly request: Req<"calibrate">;
      readonly network: Network;
      readonly scenario: Scenario;
      readonly observed: ObservedMonth[];
      readonly fit: [MonthIndex, MonthIndex];
      readonly test: [MonthIndex, MonthIndex];
    }
  | { readonly request: Req<"tts">; readonly network: Network }
  | (PlanInput & { readonly request: Req<"evaluate">; readonly portfolios: Portfolio[] })
  | (PlanInput & { readonly request: Req<"optimize"> })
  | (PlanInput & { readonly request: Req<"frontier">; readonly strategies: Portfolio[] })
);

/** Memory a sim-run job may use for its runs' inventory paths. */
export const MAX_INVENTORY_BYTES = 2 ** 30;

const refName = (ref: SpecRef, parsed: { name: string }) =>
  typeof ref === "string" ? ref : `${parsed.name} (edited)`;

function window(text: string, field: string): [MonthIndex, MonthIndex] {
  const [a, b] = text.split("..").map((s) => parseMonth(s));
  if (!a || !b || b < a) throw new UsageError(`"${text}" is not a month range like 2025-01..2025-08`, field);
  return [a, b];
}

/** Scenarios for the planner, checked against the levers' network (the one the planner changes). */
async function planInput(
  lib: SpecLibrary,
  refs: readonly SpecRef[],
): Promise<PlanInput & { names: string[] }> {
  const { levers, network } = lib.levers();
  const scenarios: Scenario[] = [];
  const names: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const { scenario } = await lib.scenarioOf(ref, "reference", `scenarios[${i}]`);
    if (scenarios.length > 0 && scenario.start !== scenarios[0]!.start)
      throw new UsageError(
        `scenario "${scenario.name}" starts ${scenario.start}, but "${scenarios[0]!.name}" starts ${scenarios[0]!.start}: the planner needs one start month`,
        `scenarios[${i}]`,
      );
    scenarios.push(scenario);
    names.push(refName(ref, scenario));
  }
  return { levers, network, scenarios, names };
}

export async function resolveJob(request: JobRequest, lib: SpecLibrary, store: Store): Promise<JobInput> {
  switch (request.kind) {
    case "sim-run": {
      const { scenario, network } = await lib.scenarioOf(request.scenario, request.network);
      // Every run's inventory path is kept for the bands (4 bytes per node-month): bound it.
      const bytes = request.runs * network.nodes.length * scenario.months * 4;
      if (bytes > MAX_INVENTORY_BYTES)
        throw new UsageError(
          `${request.runs.toLocaleString("en-US")} runs of ${network.nodes.length} nodes × ${scenario.months} months need ${(bytes / 2 ** 30).toFixed(1)} GiB for the inventory paths; the server allows ${MAX_INVENTORY_BYTES / 2 ** 30} GiB: use at most ${Math.floor(MAX_INVENTORY_BYTES / (network.nodes.length * scenario.months * 4)).toLocaleString("en-US")} runs`,
          "runs",
        );
      const label = `sim-run ${refName(request.scenario, scenario)} · ${request.runs.toLocaleString("en-US")} runs`;
      return { label, request, network, scenario };
    }
    case "calibrate": {
      const { scenario, network } = await lib.scenarioOf(request.scenario, request.network);
      if (!scenario.shocks.some((s) => s.kind === "export-control"))
        throw new UsageError(`scenario "${scenario.name}" has no export control to calibrate`, "scenario");
      const [reporter, commodity, flow, partner] = request.series.split(":") as [
        string,
        string,
        string,
        string,
      ];
      const series = await monthlySeries(store, { reporter, commodity, flow, partner });
      const observed = observedMonths(series.rows, request.observedOnly);
      if (observed.length === 0)
        throw new UsageError(
          `the store has no ${request.series} series: import it or choose another`,
          "series",
        );
      return {
        label: `calibrate ${refName(request.scenario, scenario)} to ${request.series}`,
        request,
        network,
        scenario,
        observed,
        fit: window(request.fit, "fit"),
        test: window(request.test, "test"),
      };
    }
    case "tts": {
      const network = await lib.networkOf(request.network);
      const name = typeof request.network === "string" ? request.network : network.name;
      return { label: `tts ${name} · TTR ${request.ttr} months`, request, network };
    }
    case "evaluate": {
      const plan = await planInput(lib, request.scenarios);
      const refs = request.portfolios ?? (await lib.list("portfolios")).map((l) => l.name);
      const portfolios: Portfolio[] = [];
      for (const [i, ref] of refs.entries()) portfolios.push(await lib.portfolioOf(ref, `portfolios[${i}]`));
      return {
        label: `evaluate ${portfolios.length} portfolios on ${plan.names.join(", ")} · ${request.runs} runs`,
        request,
        ...plan,
        portfolios,
      };
    }
    case "optimize": {
      const plan = await planInput(lib, request.scenarios);
      const o = request.objective;
      const what =
        o.kind === "min-loss"
          ? `least loss within USD ${o.budget.toLocaleString("en-US")}`
          : `least cost for ${o.measure} loss ≤ ${o.targetTonnes} t`;
      return { label: `optimize ${what} on ${plan.names.join(", ")}`, request, ...plan };
    }
    case "frontier": {
      const plan = await planInput(lib, request.scenarios);
      const strategies: Portfolio[] = [];
      if (request.strategies)
        for (const name of NAMED_STRATEGIES) {
          const t = await lib.text("portfolios", name);
          if (t?.origin === "shipped") strategies.push(await lib.portfolioOf(name));
        }
      return { label: `frontier on ${plan.names.join(", ")}`, request, ...plan, strategies };
    }
  }
}
