/**
 * `lodestone plan optimize`: the cheapest portfolio that meets a resilience target, or the most
 * resilient within a budget — by MILP over the linear twin in sampled scenarios — then the same
 * portfolio re-run in the engine on fresh draws, both reported.
 * @module
 */
import type { Command } from "commander";
import {
  evaluatePortfolio,
  optimisePlan,
  withinHorizon,
  type PlanObjective,
  type NodeStage,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";
import { numberOption, planInputs, tonnes, withPlanInputs, type PlanInputOptions } from "./options.js";

interface OptimizeOptions extends PlanInputOptions {
  target?: string;
  p95?: string;
  budget?: string;
  penalty: string;
  timeLimit: string;
  maxShare?: string;
  minDomestic?: string;
  minRecycled?: string;
  region: string;
  stages: string;
  checkRuns: string;
  flex: string;
}

const usd = (x: number) => Math.round(x).toLocaleString("en-US");

export function registerPlanOptimize(plan: Command, globals: () => GlobalOptions): void {
  withPlanInputs(
    plan
      .command("optimize")
      .description(
        "choose levers, sizes and start months by MILP (HiGHS) over sampled scenarios; re-check in the engine",
      )
      .option("--target <t>", "minimise cost with mean lost magnet ≤ t tonnes")
      .option("--p95 <t>", "minimise cost with P95 lost magnet ≤ t tonnes (chance constraint)")
      .option("--budget <usd>", "minimise penalty × lost magnet + cost within a budget")
      .option(
        "--penalty <usd>",
        "USD per kg of magnet lost, with --budget (an assumption: value of lost output)",
        "10000",
      )
      .option("--time-limit <s>", "seconds HiGHS may take; the gap reached is reported", "120")
      .option(
        "--max-share <f>",
        "policy: at most this share of the region's supply from any one third country (EU CRM Act: 0.65)",
      )
      .option(
        "--min-domestic <f>",
        "policy: at least this share made inside the region (EU processing benchmark: 0.40)",
      )
      .option(
        "--min-recycled <f>",
        "policy: at least this share from recycling (EU recycling benchmark: 0.25)",
      )
      .option("--region <iso3s>", "policy region (comma-separated)", "USA")
      .option("--stages <stages>", "policy stages (comma-separated)", "magnet")
      .option("--check-runs <n>", "engine runs per scenario for the out-of-sample check (0: skip)", "200")
      .option(
        "--flex <k>",
        "a supplier delivers at most k × its contracted volume a month in the optimiser's twin",
        "2",
      ),
  ).action(async (opts: OptimizeOptions) => {
    const given = [opts.target, opts.p95, opts.budget].filter((x) => x !== undefined).length;
    if (given !== 1) usage("give exactly one of --target, --p95 or --budget");
    const input = planInputs(opts);
    const objective: PlanObjective =
      opts.budget !== undefined
        ? {
            kind: "min-loss",
            budget: numberOption("budget", opts.budget)!,
            penaltyPerKg: numberOption("penalty", opts.penalty)!,
          }
        : {
            kind: "min-cost",
            measure: opts.p95 !== undefined ? "p95" : "mean",
            targetTonnes: numberOption(opts.p95 !== undefined ? "p95" : "target", opts.p95 ?? opts.target)!,
          };
    const shares = {
      maxThirdCountryShare: numberOption("max-share", opts.maxShare),
      minDomesticShare: numberOption("min-domestic", opts.minDomestic),
      minRecycledShare: numberOption("min-recycled", opts.minRecycled),
    };
    for (const [k, v] of Object.entries(shares))
      if (v !== undefined && v > 1) usage(`${k} is a share: give 0–1`);
    const anyPolicy = Object.values(shares).some((v) => v !== undefined);
    const plan = await optimisePlan({
      ...input,
      objective,
      timeLimit: numberOption("time-limit", opts.timeLimit),
      contractFlex: numberOption("flex", opts.flex),
      policy: anyPolicy
        ? { region: opts.region.split(","), stages: opts.stages.split(",") as NodeStage[], ...shares }
        : undefined,
    });
    const runs = opts.checkRuns === "0" ? 0 : countOption("check-runs", opts.checkRuns, 200);
    const check = runs
      ? await evaluatePortfolio({
          ...input,
          scenarios: withinHorizon(input.scenarios, input.months),
          portfolio: plan.portfolio,
          runs,
          seed: input.seed + 7919,
        })
      : null;
    if (globals().json) return printJson(stdio, { plan, outOfSample: check });
    const m = plan.model;
    stdio.out(
      [
        `Optimised portfolio (${plan.status}${plan.gap > 0 ? `, gap ${(plan.gap * 100).toFixed(2)}%` : ""}, ${plan.seconds.toFixed(1)} s):`,
        ...(plan.portfolio.choices.length
          ? plan.portfolio.choices.map((c) => `  ${c.lever}  ${Math.round(c.size * 100)}%  from ${c.start}`)
          : ["  no levers: the target holds without them"]),
        `cost ${usd(plan.cost.total)} USD (capex and holding ${usd(plan.cost.capex)}, running ${usd(plan.cost.running)})`,
        "",
        `lost magnet     in sample (linear twin, ${m.scenarios} draws)   out of sample (engine, fresh draws)`,
        `  mean          ${tonnes(plan.inSample.mean).padStart(8)} t${check ? `${tonnes(check.overall.meanLostTonnes).padStart(30)} t` : ""}`,
        `  P95           ${tonnes(plan.inSample.p95).padStart(8)} t${check ? `${tonnes(check.overall.p95LostTonnes).padStart(30)} t` : ""}`,
        "",
        `model: ${m.options} lever options (${m.binaries} binaries), ${m.variables.toLocaleString("en-US")} variables, ${m.constraints.toLocaleString("en-US")} constraints, ${m.scenarios} scenario draws × ${m.months} months`,
        "The twin sees the future and re-routes within its contract flexibility (--flex), so in-sample numbers are a best case; the engine's are what the plan delivers under the network's contracts.",
      ].join("\n"),
    );
  });
}
