/**
 * The plan section of a report: the shipped mitigation levers with how many of their numbers are
 * sourced and how many assumed, the recycling levers' end-of-life flows from the stock model, the
 * shipped portfolios against doing nothing in the engine, and a short efficient frontier whose
 * points the optimiser's linear twin promised (in sample) and the engine delivered (out of sample).
 * @module
 */
import { pctText } from "../charts/common.js";
import { frontierChart } from "../charts/frontier-chart.js";
import { portfolioChart } from "../charts/portfolio-chart.js";
import { recyclingChart } from "../charts/recycling-chart.js";
import { evaluatePortfolio, type PortfolioEvaluation } from "../plan/evaluate.js";
import { efficientFrontier, NAMED_STRATEGIES, type FrontierPoint } from "../plan/frontier.js";
import type { Lever, Portfolio } from "../plan/lever.js";
import { loadLevers, loadPortfolio, shippedPortfolioNames } from "../plan/load.js";
import { recyclingFlows, type RecyclingFlows } from "../plan/recycling.js";
import type { Network } from "../sim/network.js";
import { countParams, isAssumption } from "../sim/param.js";
import { loadScenario } from "../sim/reference.js";
import type { Scenario } from "../sim/scenario.js";
import { cell } from "./notes.js";
import { num } from "./numbers.js";
import type { ReportBlock, ReportPart, ReportTable } from "./report.js";

export interface PlanOptions {
  /** Engine runs per portfolio in the comparison. */
  readonly runs: number;
  /** Engine runs per frontier point for its out-of-sample check. */
  readonly frontierRuns: number;
  readonly seed: number;
  readonly workers: number | "auto";
}

/** The scenario portfolios are compared on, as the planner's commands default to. */
const SCENARIO = "full-embargo-us";
/** Years of the recycling flows, and the years their table shows. */
const FLOW_YEARS = { from: 2020, to: 2040 };
const TABLE_YEARS = [2020, 2025, 2030, 2035, 2040];
/** The frontier's horizon (months) and budgets as fractions of every lever's capex together. */
const FRONTIER_MONTHS = 12;
const FRONTIER_BUDGETS = [0, 1 / 16, 1 / 4, 1];

const NONE: Portfolio = { name: "none", description: "no levers: the baseline", choices: [] };

export async function planPart(o: PlanOptions): Promise<ReportPart> {
  const { levers, network, file } = loadLevers();
  const { scenario } = loadScenario(SCENARIO);
  const blocks: ReportBlock[] = [];

  const counts = levers.map((l) => countParams(l));
  const sourced = counts.reduce((s, c) => s + c.sourced, 0);
  const assumed = counts.reduce((s, c) => s + c.assumed, 0);
  blocks.push({
    kind: "paragraph",
    text:
      `${levers.length} mitigation levers (${file}) on network "${network.name}": of their ${sourced + assumed} numbers, ` +
      `${sourced} cite a source and ${assumed} are assumptions with ranges. Costs are in USD; lost magnet is unmet ` +
      "product demand × the magnet in each unit, in tonnes.",
  });
  blocks.push({ kind: "heading", text: "Levers" });
  blocks.push(leversTable(levers));

  const flows = recyclingFlows(levers, FLOW_YEARS);
  if (flows.length) {
    blocks.push({ kind: "heading", text: "Recycling: end-of-life flows from the stock model" });
    blocks.push({
      kind: "paragraph",
      text:
        "Magnets entering use each year reach end of life after the lever's lifetime distribution; collection " +
        "and recovery take the share that comes back. After the last inflow figure, inflow is held at that " +
        "figure (an assumption).",
    });
    blocks.push(flowsTable(flows));
    for (const f of flows)
      blocks.push({
        kind: "chart",
        id: `plan-recycling-${f.lever}`,
        caption: `${f.name}: magnets entering use, in use (right axis) and at end of life, and what is recoverable, t, ${FLOW_YEARS.from}–${FLOW_YEARS.to}.`,
        option: recyclingChart(f),
        width: 860,
        height: 340,
      });
  }

  const portfolios = [NONE, ...shippedPortfolioNames().map((n) => loadPortfolio(n, levers))];
  const evals: PortfolioEvaluation[] = [];
  for (const portfolio of portfolios)
    evals.push(
      await evaluatePortfolio({
        network,
        levers,
        portfolio,
        scenarios: [scenario],
        runs: o.runs,
        seed: o.seed,
        workers: o.workers,
      }),
    );
  blocks.push({ kind: "heading", text: `Portfolios on ${scenario.name}` });
  blocks.push({
    kind: "paragraph",
    text:
      `Each shipped portfolio and the baseline with no levers, run in the engine on "${scenario.name}" ` +
      `(${scenario.months} months from ${scenario.start}), ${o.runs} runs each with the same seed (${o.seed}), ` +
      "so the differences are the portfolios', not the draws'. Cost: capex at the chosen size plus running costs " +
      "over the horizon in the deterministic run.",
  });
  blocks.push(portfolioTable(portfolios, evals));
  blocks.push({
    kind: "chart",
    id: "plan-portfolios",
    caption:
      "Mean and P95 lost magnet per portfolio over all runs (bars, t) and its cost (points, million USD).",
    option: portfolioChart(evals),
    width: 860,
    height: 380,
  });

  blocks.push(...(await frontierBlocks(levers, network, scenario, o)));
  return { id: "plan", title: "Plan: what to do", blocks };
}

function leversTable(levers: readonly Lever[]): ReportTable {
  return {
    kind: "table",
    caption: "Mitigation levers: numbers sourced and assumed, and what their capex rests on",
    columns: [
      { header: "Lever" },
      { header: "Kind" },
      { header: "Name" },
      { header: "Sourced", num: true },
      { header: "Assumed", num: true },
      { header: "Capex, USD M", num: true },
      { header: "Capex rests on" },
    ],
    rows: levers.map((l) => {
      const c = countParams(l);
      const capex = l.capex;
      const basis = isAssumption(capex) ? `assumption: ${capex.assumption}` : `source: ${capex.source}`;
      return [
        cell(l.id),
        cell(l.kind),
        cell(l.name),
        cell(String(c.sourced)),
        cell(String(c.assumed)),
        cell(num(capex.value / 1e6)),
        cell(shorten(basis, 110)),
      ];
    }),
  };
}

function flowsTable(flows: readonly RecyclingFlows[]): ReportTable {
  const t = (kg: number) => num(kg / 1000);
  return {
    kind: "table",
    caption: `Recycling levers by year, t of magnet (every fifth year of the charts)`,
    columns: [
      { header: "Lever" },
      { header: "Year" },
      { header: "Entering use", num: true },
      { header: "In use", num: true },
      { header: "End of life", num: true },
      { header: "Recoverable", num: true },
    ],
    rows: flows.flatMap((f) =>
      f.years
        .filter((y) => TABLE_YEARS.includes(y.year))
        .map((y) => [
          cell(f.lever),
          cell(String(y.year)),
          cell(t(y.inflowKg)),
          cell(t(y.stockKg)),
          cell(t(y.endOfLifeKg)),
          cell(t(y.recoverableKg)),
        ]),
    ),
  };
}

function choicesText(p: Portfolio): string {
  return p.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%`).join(", ") || "no levers";
}

function portfolioTable(
  portfolios: readonly Portfolio[],
  evals: readonly PortfolioEvaluation[],
): ReportTable {
  const base = evals[0]!.overall.meanLostTonnes;
  const m = (usd: number) => num(usd / 1e6);
  return {
    kind: "table",
    caption: "Portfolios against no levers: lost magnet over all runs and cost",
    columns: [
      { header: "Portfolio" },
      { header: "Levers" },
      { header: "Capex, USD M", num: true },
      { header: "Running, USD M", num: true },
      { header: "Mean lost, t", num: true },
      { header: "P95 lost, t", num: true },
      { header: "Mean vs none", num: true },
    ],
    rows: evals.map((e, i) => [
      cell(e.portfolio),
      cell(choicesText(portfolios[i]!)),
      cell(m(e.cost.capex)),
      cell(m(e.cost.running)),
      cell(num(e.overall.meanLostTonnes)),
      cell(num(e.overall.p95LostTonnes)),
      cell(i === 0 || base === 0 ? "–" : pctText((e.overall.meanLostTonnes / base - 1) * 100)),
    ]),
  };
}

async function frontierBlocks(
  levers: Lever[],
  network: Network,
  scenario: Scenario,
  o: PlanOptions,
): Promise<ReportBlock[]> {
  const all = levers.reduce((s, l) => s + l.capex.value, 0);
  const names = NAMED_STRATEGIES.filter((n) => shippedPortfolioNames().includes(n));
  // Both the twin and the engine see the same shortened horizon, so their tonnes compare.
  const months = Math.min(FRONTIER_MONTHS, scenario.months);
  const points = await efficientFrontier(
    { network, levers, scenarios: [{ ...scenario, months }], samples: 0, seed: o.seed, months },
    {
      budgets: FRONTIER_BUDGETS.map((f) => f * all),
      strategies: names.map((n) => loadPortfolio(n, levers)),
      evaluateRuns: o.frontierRuns,
    },
  );
  const usd = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    { kind: "heading", text: "Efficient frontier: cost against resilience" },
    {
      kind: "paragraph",
      text:
        `The optimiser (a MILP over the network's linear twin, one deterministic draw of "${scenario.name}" cut to ` +
        `its first ${months} months) chooses the mix that loses least within budgets of ${FRONTIER_BUDGETS.map((f) => usd(f * all)).join(", ")} USD ` +
        `(0, 1/16, 1/4 and all of the levers' capex together); the named single-lever strategies are costed the same way. ` +
        `Each point is then re-run in the engine on ${o.frontierRuns} fresh draws over the same ${months} months. ` +
        gapSentence(points),
    },
    frontierTable(points),
    {
      kind: "chart",
      id: "plan-frontier",
      caption:
        "Cost against expected lost magnet: optimised mixes (line) and named strategies (labelled); filled: " +
        "the twin's in-sample estimate, hollow: the engine's out-of-sample mean.",
      option: frontierChart(points),
      width: 860,
      height: 440,
    },
  ];
}

/** What the twin promised against what the engine delivered, over the points checked in the engine. */
function gapSentence(points: readonly FrontierPoint[]): string {
  const checked = points.filter((p) => p.outOfSample !== null);
  if (checked.length === 0) return "No point was re-run in the engine.";
  const twin = checked.reduce((s, p) => s + p.inSampleMeanTonnes, 0) / checked.length;
  const engine = checked.reduce((s, p) => s + p.outOfSample!.meanTonnes, 0) / checked.length;
  const worse = checked.filter((p) => p.outOfSample!.meanTonnes > p.inSampleMeanTonnes).length;
  return (
    `Averaged over the ${checked.length} points, the twin promises ${num(twin)} t lost and the engine delivers ` +
    `${num(engine)} t; the engine loses more at ${worse} of ${checked.length} points. The twin sees the whole ` +
    "horizon in advance and re-routes at will within contracts, while the engine reacts month by month, so " +
    "in-sample results flatter every plan: read the hollow markers."
  );
}

function frontierTable(points: readonly FrontierPoint[]): ReportTable {
  return {
    kind: "table",
    caption: "Frontier points: lost magnet in sample (linear twin) and out of sample (engine), t",
    columns: [
      { header: "Point" },
      { header: "Kind" },
      { header: "Cost, USD M", num: true },
      { header: "In sample (twin)", num: true },
      { header: "Out of sample (engine), mean", num: true },
      { header: "Engine P95", num: true },
      { header: "Levers" },
    ],
    rows: points.map((p) => [
      cell(p.name),
      cell(p.kind),
      cell(num(p.cost / 1e6)),
      cell(num(p.inSampleMeanTonnes)),
      cell(p.outOfSample ? num(p.outOfSample.meanTonnes) : "–"),
      cell(p.outOfSample ? num(p.outOfSample.p95Tonnes) : "–"),
      cell(choicesText(p.portfolio)),
    ]),
  };
}

/** The text up to `max` characters, cut at a word and marked with an ellipsis. */
function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}
