/**
 * `lodestone plan recycling`: for each recycling lever, magnets entering use, in use and reaching end
 * of life by year (the stock model), and what collection and recovery make of them.
 * @module
 */
import type { Command } from "commander";
import { loadLevers, recyclingFlows, renderTable } from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";

export function registerPlanRecycling(plan: Command, globals: () => GlobalOptions): void {
  plan
    .command("recycling")
    .description("end-of-life magnet flows and recoverable supply per recycling lever (stock model)")
    .option("--levers <file>", "lever file (default: data/plan/levers.yaml)")
    .option("--lever <id>", "only this lever")
    .option("--from <year>", "first year shown", "2020")
    .option("--to <year>", "last year shown", "2040")
    .action((opts: { levers?: string; lever?: string; from: string; to: string }) => {
      const { levers } = loadLevers(opts.levers);
      const chosen = levers.filter((l) => l.kind === "recycling" && (!opts.lever || l.id === opts.lever));
      if (chosen.length === 0)
        usage(opts.lever ? `no recycling lever "${opts.lever}"` : "the lever file has no recycling lever");
      const rows = recyclingFlows(chosen, { from: Number(opts.from), to: Number(opts.to) });
      if (globals().json) return printJson(stdio, rows);
      for (const r of rows) {
        // Tonnes, unless the flows are too small to read in tonnes.
        const big = r.years.some((y) => y.stockKg >= 1000);
        const unit = big ? "t" : "kg";
        const t = (kg: number) =>
          (big ? kg / 1000 : kg).toLocaleString("en-US", { maximumFractionDigits: 1 });
        stdio.out(
          [
            `${r.name} (${r.lever}): lifetime ${r.lifetime}; collection ${r.collection}, recovery ${r.recovery}`,
            renderTable(
              [
                { header: "year" },
                { header: `entering use, ${unit}` },
                { header: `in use, ${unit}` },
                { header: `end of life, ${unit}` },
                { header: `recoverable, ${unit}` },
              ],
              r.years.map((y) => [
                String(y.year),
                t(y.inflowKg),
                t(y.stockKg),
                t(y.endOfLifeKg),
                t(y.recoverableKg),
              ]),
            ),
            "After the last inflow figure, inflow is held at that figure (an assumption, so end-of-life flows keep coming).",
            "",
          ].join("\n"),
        );
      }
    });
}
