/**
 * `lodestone plan evaluate <portfolio>`: a portfolio run through the engine on the scenarios, with
 * lost magnet by scenario and product (mean and P95 over runs) and its cost.
 * @module
 */
import type { Command } from "commander";
import { evaluatePortfolio, formatTts, loadPortfolio, renderTable } from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";
import { planInputs, tonnes, withPlanInputs, type PlanInputOptions } from "./options.js";

const usd = (x: number) => Math.round(x).toLocaleString("en-US");

export function registerPlanEvaluate(plan: Command, globals: () => GlobalOptions): void {
  withPlanInputs(
    plan
      .command("evaluate")
      .description("run a portfolio through the engine on the scenarios: lost magnet and cost")
      .argument("<portfolio>", "a shipped portfolio (data/plan/portfolios) or a file")
      .option("--runs <n>", "engine runs per scenario", "300")
      .option(
        "--ttr <months>",
        "also time to survive per node of the changed network, for this time to recover",
      ),
  ).action(async (name: string, opts: PlanInputOptions & { runs: string; ttr?: string }) => {
    const input = planInputs(opts);
    const portfolio = loadPortfolio(name, input.levers);
    const runs = countOption("runs", opts.runs, 300);
    const scenarios = input.months
      ? input.scenarios.map((s) => ({ ...s, months: Math.min(s.months, input.months!) }))
      : input.scenarios;
    const ttr = opts.ttr === undefined ? undefined : Number(opts.ttr);
    if (ttr !== undefined && !(ttr > 0)) usage(`--ttr "${opts.ttr}" is not a positive number of months`);
    const e = await evaluatePortfolio({ ...input, scenarios, portfolio, runs, ttr });
    if (globals().json) return printJson(stdio, e);
    stdio.out(
      [
        `Portfolio "${portfolio.name}": ${portfolio.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%${c.start ? ` from ${c.start}` : ""}`).join(", ") || "no levers"}`,
        `cost ${usd(e.cost.total)} USD (capex ${usd(e.cost.capex)}, running ${usd(e.cost.running)})`,
        `lost magnet over all runs: mean ${tonnes(e.overall.meanLostTonnes)} t, P95 ${tonnes(e.overall.p95LostTonnes)} t`,
        "",
        ...e.scenarios.flatMap((s) => [
          `${s.scenario}: mean ${tonnes(s.meanLostTonnes)} t, P95 ${tonnes(s.p95LostTonnes)} t`,
          renderTable(
            [
              { header: "product", align: "left" },
              { header: "lost units, mean" },
              { header: "P95" },
              { header: "magnet t, mean" },
            ],
            s.products.map((p) => [
              p.product,
              usd(p.meanLostUnits),
              usd(p.p95LostUnits),
              tonnes(p.meanLostTonnes),
            ]),
          ),
          "",
        ]),
        ...(e.tts
          ? [
              `TTS with each node down (TTR ${e.tts.ttr} months): ${e.tts.nodes.filter((n) => n.flagged).length} of ${e.tts.nodes.length} nodes have TTS < TTR`,
              renderTable(
                [
                  { header: "node", align: "left" },
                  { header: "TTS", align: "left" },
                  { header: "lost over TTR, kg magnet" },
                  { header: "", align: "left" },
                ],
                e.tts.nodes
                  .slice(0, 12)
                  .map((n) => [n.node, formatTts(n.tts), usd(n.impact.total), n.flagged ? "TTS < TTR" : ""]),
              ),
            ]
          : []),
      ].join("\n"),
    );
  });
}
