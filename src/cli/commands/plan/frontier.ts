/**
 * `lodestone plan frontier`: cost against resilience — the optimised mixes at a ladder of budgets and
 * the named single-lever strategies, in the linear twin and re-run in the engine — as a table and,
 * with `--svg`, a chart.
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  efficientFrontier,
  frontierChart,
  loadPortfolio,
  NAMED_STRATEGIES,
  renderSvg,
  renderTable,
  shippedPortfolioNames,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";
import { numberOption, planInputs, tonnes, withPlanInputs, type PlanInputOptions } from "./options.js";

export function registerPlanFrontier(plan: Command, globals: () => GlobalOptions): void {
  withPlanInputs(
    plan
      .command("frontier")
      .description("the efficient frontier: optimised mixes by budget and the named single-lever strategies")
      .option(
        "--budgets <usd>",
        "budgets for the optimised mixes (comma-separated; default: 0 and 1/64 … 1 of every lever's capex)",
      )
      .option(
        "--penalty <usd>",
        "USD per kg of magnet lost, the optimiser's trade-off within a budget",
        "1000000",
      )
      .option(
        "--check-runs <n>",
        "engine runs per scenario for each point's out-of-sample check (0: skip)",
        "100",
      )
      .option("--svg <file>", "also write the chart as SVG"),
  ).action(
    async (
      opts: PlanInputOptions & { budgets?: string; penalty: string; checkRuns: string; svg?: string },
    ) => {
      const input = planInputs(opts);
      const budgets = opts.budgets?.split(",").map((b) => numberOption("budgets", b)!);
      const names = NAMED_STRATEGIES.filter((n) => shippedPortfolioNames().includes(n));
      if (names.length < NAMED_STRATEGIES.length && !opts.levers)
        usage(`the shipped portfolios lack ${NAMED_STRATEGIES.filter((n) => !names.includes(n)).join(", ")}`);
      const strategies = opts.levers ? [] : names.map((n) => loadPortfolio(n, input.levers));
      const points = await efficientFrontier(input, {
        budgets,
        strategies,
        penaltyPerKg: numberOption("penalty", opts.penalty),
        evaluateRuns: opts.checkRuns === "0" ? 0 : countOption("check-runs", opts.checkRuns, 100),
        onPoint: (d, n) => stdio.isTTY && !globals().json && process.stderr.write(`\rpoint ${d}/${n}`),
      });
      if (stdio.isTTY && !globals().json) process.stderr.write("\n");
      if (opts.svg) writeFileSync(opts.svg, renderSvg(frontierChart(points), { width: 900, height: 480 }));
      if (globals().json) return printJson(stdio, points);
      stdio.out(
        renderTable(
          [
            { header: "point", align: "left" },
            { header: "cost, USD" },
            { header: "lost t (twin)" },
            { header: "lost t (engine)" },
            { header: "P95 (engine)" },
            { header: "levers", align: "left" },
          ],
          points.map((p) => [
            p.name,
            Math.round(p.cost).toLocaleString("en-US"),
            tonnes(p.inSampleMeanTonnes),
            p.outOfSample ? tonnes(p.outOfSample.meanTonnes) : "–",
            p.outOfSample ? tonnes(p.outOfSample.p95Tonnes) : "–",
            p.portfolio.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%`).join(", ") || "none",
          ]),
        ),
      );
      if (opts.svg) stdio.out(`\nchart written to ${opts.svg}`);
    },
  );
}
