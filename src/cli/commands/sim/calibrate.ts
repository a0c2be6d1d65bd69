/**
 * `lodestone sim calibrate <scenario>`: fits the scenario's first export control (approval level,
 * mean delay, recovery month) to an observed export series from the store, reports the intervals and
 * the in- and out-of-sample errors, names the confounders, and replays the fitted regime downstream.
 * @module
 */
import type { Command } from "commander";
import {
  calibrate,
  observedMonths,
  loadScenario,
  monthlySeries,
  parseMonth,
  renderTable,
  sparkline,
  type MonthIndex,
} from "../../../index.js";
import { printJson, stdio, usage, withStore, type GlobalOptions } from "../../context.js";

interface CalibrateOptions {
  network?: string;
  series: string;
  fit: string;
  test: string;
  observedOnly?: boolean;
  scope: string;
}

function window(name: string, text: string): [MonthIndex, MonthIndex] {
  const [a, b] = text.split("..").map((s) => parseMonth(s));
  if (!a || !b || b < a) usage(`--${name} "${text}" is not a month range like 2025-01..2025-08`);
  return [a, b];
}

export function registerSimCalibrate(sim: Command, globals: () => GlobalOptions): void {
  sim
    .command("calibrate")
    .description(
      "fit a licensing regime (approval, delay, recovery) to observed exports; report the fit honestly",
    )
    .argument(
      "<scenario>",
      "the regime's template: a shipped scenario or a file; its first export control is fitted",
    )
    .option("--network <file>", "network file (default: the scenario's)")
    .option("--series <spec>", "reporter:commodity:flow:partner in the store", "CHN:re-magnets:export:WLD")
    .option("--fit <range>", "in-sample months", "2025-01..2025-08")
    .option("--test <range>", "out-of-sample months", "2025-09..2025-12")
    .option("--observed-only", "leave out months derived from cumulative figures")
    .option(
      "--scope <scope>",
      "customs-line: the control holds every export of the line the series measures; template: only the scenario's scope",
      "customs-line",
    )
    .action(async (name: string, opts: CalibrateOptions) => {
      const g = globals();
      const [reporter, commodity, flow, partner] = opts.series.split(":");
      if (!reporter || !commodity || !flow || !partner)
        usage(`--series "${opts.series}" is not reporter:commodity:flow:partner`);
      const fit = window("fit", opts.fit);
      const test = window("test", opts.test);
      const { scenario, network } = loadScenario(name, opts.network);
      const series = await withStore(g, (store) =>
        monthlySeries(store, { reporter, commodity, flow, partner }),
      );
      const observed = observedMonths(series.rows, opts.observedOnly);
      if (observed.length === 0) usage(`the store has no ${opts.series} series: import it or check --series`);
      if (opts.scope !== "customs-line" && opts.scope !== "template")
        usage(`--scope "${opts.scope}" is not customs-line or template`);
      const result = calibrate({
        network,
        scenario,
        observed,
        fit,
        test,
        wholeLine: opts.scope === "customs-line",
      });
      if (g.json) return printJson(stdio, { observedSeries: opts.series, ...result });
      const iv = (e: { value: number; lo: number; hi: number; atEdge: boolean }, unit = "") =>
        `${e.value}${unit}  [${e.lo}–${e.hi}${unit}]${e.atEdge ? "  (interval reaches the search edge: not pinned down)" : ""}`;
      const pct = (x: number) => `${x.toFixed(1)}%`;
      stdio.out(
        [
          `Calibration of "${scenario.name}" to ${opts.series} (${observed.length} months in the store; baseline ${Math.round(result.baselineKg / 1000).toLocaleString("en-US")} t/month before ${scenario.shocks.find((s) => s.kind === "export-control")!.from})`,
          "",
          `approval while scarce   ${iv(result.params.approval)}`,
          `mean licensing delay    ${iv(result.params.delayMonths, " mo")}`,
          `recovery after          ${iv(result.params.recoveryAfterMonths, " mo")}`,
          "(95% profile intervals on the search grid)",
          opts.scope === "customs-line"
            ? "Scope: every export of the customs line the series measures (a customs line does not tell grades apart); --scope template keeps the scenario's own."
            : "Scope: the scenario's own; exports outside it stay free.",
          "",
          `in sample   ${opts.fit}: ${result.inSample.months} months, RMSE ${result.inSample.rmse.toFixed(3)} (index), mean abs error ${pct(result.inSample.mape)}`,
          `out of sample ${opts.test}: ${result.outOfSample.months} months, RMSE ${result.outOfSample.rmse.toFixed(3)}, mean abs error ${pct(result.outOfSample.mape)}`,
          "",
          renderTable(
            [
              { header: "month", align: "left" },
              { header: "observed" },
              { header: "fitted" },
              { header: "", align: "left" },
            ],
            result.series.map((s) => [
              s.month,
              s.observedIndex === null ? "–" : s.observedIndex.toFixed(2),
              s.fittedIndex.toFixed(2),
              s.window,
            ]),
          ),
          `observed ${sparkline(result.series.map((s) => s.observedIndex))}`,
          `fitted   ${sparkline(result.series.map((s) => s.fittedIndex))}`,
          "",
          "Confounders the fit cannot separate from licensing:",
          ...result.confounders.map((c) => `  - ${c}`),
          "",
          "The fitted regime replayed downstream (deterministic):",
          renderTable(
            [
              { header: "product", align: "left" },
              { header: "lost units" },
              { header: "magnet t" },
              { header: "first short", align: "left" },
            ],
            result.replay.map((r) => [
              r.product,
              Math.round(r.lostUnits).toLocaleString("en-US"),
              r.lostMagnetTonnes.toFixed(1),
              r.firstShortfall ?? "none",
            ]),
          ),
        ].join("\n"),
      );
    });
}
