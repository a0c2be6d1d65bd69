/**
 * `lodestone plan stock`: the dynamic stock model of magnets in use for one end use, from a yearly
 * inflow (magnets entering use) or a yearly stock in use, with a product lifetime distribution; prints
 * inflow, stock, end-of-life outflow and stock change year by year, and flags negative inflows. Thin:
 * read the series, parse the lifetime, call the kernel, check mass balance, format.
 *
 * @example
 * ```sh
 * lodestone plan stock --inflow inflow.csv --lifetime weibull:2.5,15
 * lodestone plan stock --stock stock.csv --lifetime lognormal:12,4 --correct --json
 * ```
 * @module
 */
import type { Command } from "commander";
import {
  checkMassBalance,
  inflowDriven,
  parseLifetime,
  readSeries,
  renderTable,
  stockDriven,
  wrap,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";

interface StockOpts {
  inflow?: string;
  stock?: string;
  lifetime: string;
  correct?: boolean;
}

export function registerPlanStock(plan: Command, globals: () => GlobalOptions): void {
  plan
    .command("stock")
    .description("magnets in use and their end-of-life outflow per year, from an inflow or a stock series")
    .option("--inflow <file>", "CSV year,value: magnets entering use each year (inflow-driven)")
    .option("--stock <file>", "CSV year,value: magnets in use at each year end (stock-driven)")
    .requiredOption(
      "--lifetime <spec>",
      "product lifetime in years: fixed:L, normal:m,s, weibull:k,λ (shape, scale) or lognormal:m,s (the lifetime's own mean and sd)",
    )
    .option("--correct", "stock-driven: set negative inflows to 0 and take the excess out as extra outflow")
    .action((opts: StockOpts) => {
      const g = globals();
      if ((opts.inflow === undefined) === (opts.stock === undefined))
        usage("give exactly one of --inflow <file> (inflow-driven) or --stock <file> (stock-driven)");
      if (opts.correct && opts.inflow !== undefined)
        usage("--correct applies to --stock only: an inflow-driven model has no computed inflow to correct");
      const lifetime = parseLifetime(opts.lifetime);
      const file = (opts.inflow ?? opts.stock)!;
      const series = readSeries(file, { nonNegative: true });
      const { firstYear } = series;
      const driven =
        opts.inflow !== undefined
          ? { ...inflowDriven(series.values, lifetime), negativeInflowYears: [], excessOutflow: null }
          : stockDriven(series.values, lifetime, { correct: Boolean(opts.correct), firstYear });
      checkMassBalance(driven, { firstYear });
      const years = Array.from(series.values, (_, k) => firstYear + k);
      const mode = opts.inflow !== undefined ? "inflow-driven" : "stock-driven";
      if (g.json)
        return printJson(stdio, {
          mode,
          file,
          lifetime: lifetime.spec,
          corrected: Boolean(opts.correct),
          year: years,
          inflow: Array.from(driven.inflow),
          stock: Array.from(driven.stock),
          outflow: Array.from(driven.outflow),
          stock_change: Array.from(driven.stockChange),
          negative_inflow_years: driven.negativeInflowYears,
          ...(driven.excessOutflow ? { excess_outflow: Array.from(driven.excessOutflow) } : {}),
        });

      const negative = new Set(driven.negativeInflowYears);
      const flag = (year: number, k: number) =>
        !negative.has(year)
          ? ""
          : opts.correct
            ? `negative inflow set to 0, +${num(driven.excessOutflow?.[k] ?? 0)} outflow`
            : "negative inflow";
      const note = negative.size > 0;
      const span = `${years[0]}–${years.at(-1)}`;
      const lines = [
        `Magnets in use, ${mode} from ${file}, ${span}`,
        `Lifetime: ${lifetime.describe()}`,
        "",
        renderTable(
          [
            { header: "Year" },
            { header: "Inflow" },
            { header: "Stock" },
            { header: "Outflow" },
            { header: "Stock change" },
            ...(note ? [{ header: "Note", align: "left" as const }] : []),
          ],
          years.map((year, k) => [
            String(year),
            num(driven.inflow[k]!),
            num(driven.stock[k]!),
            num(driven.outflow[k]!),
            num(driven.stockChange[k]!),
            ...(note ? [flag(year, k)] : []),
          ]),
        ),
        "",
        `End-of-life outflow ${span}: ${num(sum(driven.outflow))} in total, in the series' unit.`,
      ];
      if (note) {
        const list = driven.negativeInflowYears.join(", ");
        lines.push(
          wrap(
            opts.correct
              ? `Negative inflow in ${list}: set to 0; the excess (${num(sum(driven.excessOutflow!))} in total) leaves as extra outflow from the earlier cohorts, in proportion to what survives of each.`
              : `Negative inflow in ${list}: the stock falls faster than its cohorts retire. Shown as computed; --correct sets it to 0 and takes the excess out as extra outflow.`,
            100,
          ),
        );
      }
      lines.push(
        wrap(
          `Stock at year end, empty before ${firstYear}; survival S(a) at whole ages a (0 in the inflow year); ` +
            "first-year outflow i·(1 − S(0)); inflow − outflow = stock change in every year (checked).",
          100,
        ),
      );
      stdio.out(lines.join("\n"));
    });
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/** Two decimals with thousands separators; a value that rounds to zero prints as 0.00, never −0.00. */
function num(x: number): string {
  const text = x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return /^-0\.00$/.test(text) ? "0.00" : text.replace(/^-/, "−");
}
