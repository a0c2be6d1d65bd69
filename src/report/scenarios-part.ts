/**
 * The scenarios section of a report: one shipped scenario run as a Monte-Carlo (lost magnet per
 * product and fan charts of the worst hit), the time-to-survive ranking of its network, and the
 * calibration of its export control to the observed exports in the store — with how many of its
 * parameters are sourced and how many assumed, and the manifest that reproduces the run.
 * @module
 */
import { calibrationChart, rmseText } from "../charts/calibration-chart.js";
import { fanChart } from "../charts/fan-chart.js";
import { ttsChart, ttsText } from "../charts/tts-chart.js";
import type { Store } from "../data/store/store.js";
import { UsageError } from "../errors.js";
import { monthlySeries } from "../monitor/series.js";
import { commodityById } from "../ref/commodities.js";
import { countryName } from "../ref/countries.js";
import { calibrate, observedMonths, type CalibrationResult, type Estimate } from "../sim/calibrate.js";
import { manifest } from "../sim/manifest.js";
import { runMonteCarlo } from "../sim/monte-carlo.js";
import type { Network } from "../sim/network.js";
import { countParams } from "../sim/param.js";
import { loadScenario } from "../sim/reference.js";
import type { Scenario } from "../sim/scenario.js";
import { summarise, type ProductSummary } from "../sim/summary.js";
import { ttsAnalysis } from "../sim/tts.js";
import { addMonths, formatMonth, parseMonth, type MonthIndex } from "../units/month.js";
import { cell, mark, type Notes } from "./notes.js";
import { num } from "./numbers.js";
import type { ReportBlock, ReportPart } from "./report.js";

export interface ScenariosOptions {
  /** A shipped scenario's name or a scenario file. */
  readonly scenario: string;
  readonly runs: number;
  readonly seed: number;
  readonly workers: number | "auto";
}

/** The observed series the calibration fits, as `sim calibrate` reads it by default. */
const OBSERVED = { reporter: "CHN", commodity: "re-magnets", flow: "export", partner: "WLD" };
/** In-sample and out-of-sample months of the calibration, as `sim calibrate`'s defaults. */
const WINDOWS = { fit: ["2025-01", "2025-08"], test: ["2025-09", "2025-12"] } as const;

/** Time to recover for the TTS ranking, months, and how many nodes the table and the chart show. */
const TTR = 3;
const TTS_ROWS = 10;
const TTS_BARS = 15;
/** Products whose fan charts are shown: the largest mean lost magnet. */
const FANS = 3;

export async function scenariosPart(store: Store, o: ScenariosOptions, notes: Notes): Promise<ReportPart> {
  const { scenario, network } = loadScenario(o.scenario);
  const start = parseMonth(scenario.start) as MonthIndex;
  const months = Array.from({ length: scenario.months }, (_, k) => formatMonth(addMonths(start, k)));
  const blocks: ReportBlock[] = [];

  const inScenario = countParams(scenario);
  const inNetwork = countParams(network);
  const assumed = inScenario.assumed + inNetwork.assumed;
  const sourced = inScenario.sourced + inNetwork.sourced;
  blocks.push({
    kind: "paragraph",
    text:
      `Scenario "${scenario.name}" on network "${network.name}": ${scenario.months} months from ${scenario.start}, ` +
      `${scenario.shocks.length} ${scenario.shocks.length === 1 ? "shock" : "shocks"}, ${o.runs} Monte-Carlo runs (seed ${o.seed}). ` +
      `${assumed > sourced ? "Its parameters are mostly assumptions" : "Not every parameter has a source"}: ` +
      `of the network's ${inNetwork.sourced + inNetwork.assumed}, ${inNetwork.sourced} cite a source and ${inNetwork.assumed} are assumptions; ` +
      `of the scenario's ${inScenario.sourced + inScenario.assumed}, ${inScenario.sourced} cite a source and ${inScenario.assumed} are assumptions. ` +
      "The runs draw every assumption from its stated range, so the spread below is the spread of those assumptions, " +
      "not a forecast interval.",
  });

  const result = await runMonteCarlo({
    network,
    scenario,
    runs: o.runs,
    seed: o.seed,
    workers: o.workers,
    keepInventory: false,
  });
  const summary = summarise(result);
  const byLoss = [...summary.products].sort((a, b) => b.lostMagnetTonnes.mean - a.lostMagnetTonnes.mean);
  blocks.push({ kind: "heading", text: "Lost magnet by product" });
  blocks.push(lossTable(byLoss, start, o.runs));

  const worst = byLoss.slice(0, FANS).filter((p) => p.lostMagnetTonnes.mean > 0);
  if (worst.length === 0)
    blocks.push({
      kind: "paragraph",
      text: "No product falls short in any run, so there is no fan to draw.",
    });
  for (const p of worst)
    blocks.push({
      kind: "chart",
      id: `scenarios-fan-${p.product}`,
      caption:
        `${p.product}: units short per month over ${o.runs} runs — the P5–P95 band, the median (P50) and the mean ` +
        `(dashed). Mean lost magnet ${num(p.lostMagnetTonnes.mean)} t.`,
      option: fanChart(p, months),
      width: 860,
      height: 320,
    });

  blocks.push({ kind: "heading", text: `Time to survive (TTR ${TTR} months)` });
  blocks.push(...(await ttsBlocks(network)));

  blocks.push({ kind: "heading", text: "Calibration against observed exports" });
  blocks.push(...(await calibrationBlocks(store, network, scenario, notes)));

  const m = manifest("sim-run", network, scenario, { seed: o.seed, runs: o.runs });
  blocks.push({
    kind: "paragraph",
    text:
      `Manifest: seed ${m.seed}, ${m.runs} runs; network ${m.network.name} (SHA-256 ${m.network.sha256}); ` +
      `scenario ${scenario.name} (SHA-256 ${m.scenario?.sha256 ?? "–"}); Lodestone ${m.codeVersion}; ` +
      `${Object.keys(m.data).length} bundled data files cited by the network and scenario. ` +
      "The same seed and runs give the same numbers on any number of threads.",
  });
  return { id: "scenarios", title: `Scenarios: ${scenario.name}`, blocks };
}

function lossTable(products: readonly ProductSummary[], start: MonthIndex, runs: number): ReportBlock {
  return {
    kind: "table",
    caption: `Lost magnet per product over the horizon, t (${runs} runs), largest mean first`,
    columns: [
      { header: "Product" },
      { header: "P5", num: true },
      { header: "P50", num: true },
      { header: "P95", num: true },
      { header: "Mean", num: true },
      { header: "P(any shortfall)", num: true },
      { header: "First shortfall (P50)" },
    ],
    rows: products.map((p) => [
      cell(p.product),
      cell(num(p.lostMagnetTonnes.p5)),
      cell(num(p.lostMagnetTonnes.p50)),
      cell(num(p.lostMagnetTonnes.p95)),
      cell(num(p.lostMagnetTonnes.mean)),
      cell(`${Math.round(p.probabilityAny * 100)}%`),
      cell(
        p.firstShortfallP50 === null
          ? "none"
          : formatMonth(addMonths(start, Math.round(p.firstShortfallP50))),
      ),
    ]),
  };
}

async function ttsBlocks(network: Network): Promise<ReportBlock[]> {
  const r = await ttsAnalysis(network, { ttr: TTR });
  const flagged = r.nodes.filter((n) => n.flagged);
  return [
    {
      kind: "paragraph",
      text:
        `Each node taken down in turn for ${TTR} months, the rest of the network re-routed at best (an upper bound ` +
        `on what shipping month by month could do): ${flagged.length} of ${r.nodes.length} nodes have a time to ` +
        `survive shorter than ${TTR} months, so demand is lost before they recover. ` +
        (r.baseline.tts === Infinity
          ? "With nothing down, the network meets all demand."
          : `With nothing down, the network already falls short after ${ttsText(r.baseline.tts)}.`),
    },
    {
      kind: "table",
      caption: `The ${Math.min(TTS_ROWS, r.nodes.length)} most exposed nodes: magnet in the demand lost with the node down for ${TTR} months`,
      columns: [
        { header: "#", num: true },
        { header: "Node" },
        { header: "Stage" },
        { header: "Country" },
        { header: "TTS" },
        { header: "Lost over TTR, t magnet", num: true },
        { header: "TTS < TTR" },
      ],
      rows: r.nodes
        .slice(0, TTS_ROWS)
        .map((n, i) => [
          cell(String(i + 1)),
          cell(n.node),
          cell(n.stage),
          cell(n.country),
          cell(ttsText(n.tts)),
          cell(num(n.impact.total / 1000)),
          cell(n.flagged ? "flagged" : ""),
        ]),
    },
    {
      kind: "chart",
      id: "scenarios-tts",
      caption: `The ${Math.min(TTS_BARS, r.nodes.length)} most exposed nodes: magnet in the demand lost over ${TTR} months down; red where TTS < TTR.`,
      option: ttsChart(r, TTS_BARS),
      width: 860,
      height: 420,
    },
  ];
}

/**
 * The scenario's first export control fitted to China's magnet exports, read from the store as
 * `sim calibrate` reads them (observed and derived months), the control held on the whole customs line.
 */
async function calibrationBlocks(
  store: Store,
  network: Network,
  scenario: Scenario,
  notes: Notes,
): Promise<ReportBlock[]> {
  const series = await monthlySeries(store, OBSERVED);
  const rows = series.rows.filter((r) => r.qty && (r.status === "observed" || r.status === "derived"));
  const observed = observedMonths(rows);
  const [f0, f1] = WINDOWS.fit.map((m) => parseMonth(m) as MonthIndex) as [MonthIndex, MonthIndex];
  const [t0, t1] = WINDOWS.test.map((m) => parseMonth(m) as MonthIndex) as [MonthIndex, MonthIndex];
  const inWindows = rows.filter((r) => r.month >= f0 && r.month <= t1);
  const refs = [...new Set(inWindows.flatMap((r) => notes.figure(r.qty)))];
  const what = `${countryName(OBSERVED.reporter)}'s exports of ${(commodityById(OBSERVED.commodity)?.name ?? OBSERVED.commodity).toLowerCase()} to the world`;
  let fit: CalibrationResult;
  try {
    if (observed.length === 0) throw new UsageError(`the store has no ${what}`, "series");
    fit = calibrate({ network, scenario, observed, fit: [f0, f1], test: [t0, t1], wholeLine: true });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return [{ kind: "paragraph", text: `No calibration for "${scenario.name}": ${e.message}.` }];
  }
  const est = (name: string, e: Estimate, unit = "") => `${name} ${e.value}${unit} [${e.lo}–${e.hi}${unit}]`;
  const p = fit.params;
  const edges = [
    p.approval.atEdge ? "approval" : null,
    p.delayMonths.atEdge ? "delay" : null,
    p.recoveryAfterMonths.atEdge ? "recovery" : null,
  ].filter((x): x is string => x !== null);
  const [fitFrom, fitTo] = WINDOWS.fit;
  const [testFrom, testTo] = WINDOWS.test;
  return [
    {
      kind: "paragraph",
      text:
        `The scenario's export control fitted to ${what}${mark(refs)} (index: each month ÷ the mean of the months ` +
        `before the control, ${num(fit.baselineKg / 1000)} t), the control applied to the whole customs line: ` +
        `${est("approval while scarce", p.approval)}, ${est("mean licensing delay", p.delayMonths, " months")}, ` +
        `${est("recovery after", p.recoveryAfterMonths, " months")} (95% profile intervals). ` +
        `In sample (${fitFrom} to ${fitTo}) the RMSE of the index is ${rmseText(fit.inSample)}; out of sample ` +
        `(${testFrom} to ${testTo}) it is ${rmseText(fit.outOfSample)}. ` +
        (edges.length
          ? `The intervals of ${edges.join(", ")} reach the edge of the search range: the data do not pin ${edges.length === 1 ? "it" : "them"} down.`
          : "No interval reaches the edge of the search range."),
    },
    {
      kind: "chart",
      id: "scenarios-calibration",
      caption:
        "Observed and fitted export index by month; shaded: the fit (in-sample) and test (out-of-sample) " +
        "windows. Missing months are gaps.",
      option: calibrationChart(fit),
      width: 860,
      height: 340,
    },
    {
      kind: "paragraph",
      text: `What the fit cannot separate from licensing: ${fit.confounders.join("; ")}.`,
    },
  ];
}
