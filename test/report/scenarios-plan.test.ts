import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { monthlySeries } from "../../src/monitor/series.js";
import { loadLevers, shippedPortfolioNames } from "../../src/plan/load.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderMarkdown } from "../../src/report/render-markdown.js";
import type { Report, ReportBlock, ReportChart, ReportPart, ReportTable } from "../../src/report/report.js";
import { calibrate, observedMonths } from "../../src/sim/calibrate.js";
import { contentHash } from "../../src/sim/manifest.js";
import { closeSimWorkers, runMonteCarlo } from "../../src/sim/monte-carlo.js";
import { countParams } from "../../src/sim/param.js";
import { listScenarios, loadScenario } from "../../src/sim/reference.js";
import { summarise } from "../../src/sim/summary.js";
import { ttsAnalysis } from "../../src/sim/tts.js";
import { parseMonth, type MonthIndex } from "../../src/units/month.js";
import { num } from "../../src/report/numbers.js";
import { FAN_SERIES } from "../../src/charts/fan-chart.js";
import { read } from "../charts/helpers.js";

const RUNS = 20;
let store: Store;
let report: Report;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  report = await buildReport(store, {
    sections: ["plan", "scenarios"],
    runs: RUNS,
    planRuns: 10,
    frontierRuns: 5,
  });
});
after(async () => {
  await closeSimWorkers();
  store.close();
});

const part = (id: string): ReportPart => {
  const p = report.sections.find((s) => s.id === id);
  assert.ok(p, `no section ${id}`);
  return p;
};
const tables = (p: ReportPart) => p.blocks.filter((b): b is ReportTable => b.kind === "table");
const charts = (p: ReportPart) => p.blocks.filter((b): b is ReportChart => b.kind === "chart");
const paragraphs = (p: ReportPart) =>
  p.blocks.filter((b): b is Extract<ReportBlock, { kind: "paragraph" }> => b.kind === "paragraph");
const table = (p: ReportPart, caption: RegExp): ReportTable => {
  const t = tables(p).find((x) => caption.test(x.caption));
  assert.ok(t, `no table ${caption}`);
  return t;
};
const texts = (t: ReportTable) => t.rows.map((r) => r.map((c) => c.text));

test("scenarios and plan come in the report's order, whatever order they are asked in", () => {
  assert.deepEqual(
    report.sections.map((s) => s.id),
    ["scenarios", "plan"],
  );
  assert.equal(report.title, "Supply shocks and mitigation: rare-earth permanent magnets");
  assert.equal(report.period, null);
});

test("without sections a report holds only the quick ones, monitor and risk", async () => {
  const quick = await buildReport(store, { period: parseMonth("2025-06") as MonthIndex });
  assert.deepEqual(
    quick.sections.map((s) => s.id),
    ["monitor", "risk"],
  );
});

test("lost magnet per product: every product, the run's own quantiles, largest mean first", async () => {
  const t = table(part("scenarios"), /^Lost magnet per product/);
  const { scenario, network } = loadScenario("april-2025");
  const s = summarise(await runMonteCarlo({ network, scenario, runs: RUNS, seed: 1, workers: 1 }));
  assert.equal(t.rows.length, 10);
  const byMean = [...s.products].sort((a, b) => b.lostMagnetTonnes.mean - a.lostMagnetTonnes.mean);
  assert.deepEqual(
    texts(t).map((r) => r[0]),
    byMean.map((p) => p.product),
  );
  const first = byMean[0]!;
  assert.deepEqual(texts(t)[0]?.slice(1, 6), [
    num(first.lostMagnetTonnes.p5),
    num(first.lostMagnetTonnes.p50),
    num(first.lostMagnetTonnes.p95),
    num(first.lostMagnetTonnes.mean),
    `${Math.round(first.probabilityAny * 100)}%`,
  ]);
  assert.match(texts(t)[0]?.[6] ?? "", /^2025-\d\d$/, "the first shortfall as a month");
  assert.equal(texts(t).at(-1)?.[6], "none", "electronics-vnm is never short");
});

test("fan charts for the three products with the most lost magnet, one point per month of 24", () => {
  const p = part("scenarios");
  const fans = charts(p).filter((c) => c.id.startsWith("scenarios-fan-"));
  const order = texts(table(p, /^Lost magnet per product/)).map((r) => r[0]);
  assert.deepEqual(
    fans.map((c) => c.id),
    order.slice(0, 3).map((id) => `scenarios-fan-${id}`),
  );
  for (const c of fans) {
    const o = read(c.option);
    assert.equal(o.xAxis?.data?.length, 24);
    assert.equal(o.xAxis?.data?.[0], "2025-01");
    assert.equal(o.xAxis?.data?.[23], "2026-12");
    assert.deepEqual(
      o.series?.map((s) => s.name),
      Object.values(FAN_SERIES),
    );
    for (const s of o.series ?? []) assert.equal(s.data?.length, 24, `${c.id} ${s.name}`);
  }
});

test("the TTS ranking: the ten most exposed nodes, those with TTS < 3 months flagged", async () => {
  const t = table(part("scenarios"), /most exposed nodes/);
  const r = await ttsAnalysis(loadScenario("april-2025").network, { ttr: 3 });
  assert.equal(t.rows.length, 10);
  assert.deepEqual(
    texts(t).map((row) => [row[1], row[6]]),
    r.nodes.slice(0, 10).map((n) => [n.node, n.flagged ? "flagged" : ""]),
  );
  assert.deepEqual(texts(t)[0]?.slice(4, 6), [
    `${r.nodes[0]!.tts.toFixed(1)} months`,
    num(r.nodes[0]!.impact.total / 1000),
  ]);
  const flagged = r.nodes.filter((n) => n.flagged).length;
  assert.ok(
    paragraphs(part("scenarios")).some((b) =>
      b.text.includes(`${flagged} of ${r.nodes.length} nodes have a time to survive shorter than 3 months`),
    ),
  );
});

test("the calibration states the in- and out-of-sample RMSE that calibrate() gives", async () => {
  const { scenario, network } = loadScenario("april-2025");
  const series = await monthlySeries(store, {
    reporter: "CHN",
    commodity: "re-magnets",
    flow: "export",
    partner: "WLD",
  });
  const observed = observedMonths(series.rows);
  const m = (s: string) => parseMonth(s) as MonthIndex;
  const fit = calibrate({
    network,
    scenario,
    observed,
    fit: [m("2025-01"), m("2025-08")],
    test: [m("2025-09"), m("2025-12")],
    wholeLine: true,
  });
  const sentence = paragraphs(part("scenarios")).find((b) => b.text.includes("RMSE"))?.text ?? "";
  assert.ok(
    sentence.includes(
      `In sample (2025-01 to 2025-08) the RMSE of the index is ${fit.inSample.rmse.toFixed(3)} (${fit.inSample.months} months); ` +
        `out of sample (2025-09 to 2025-12) it is ${fit.outOfSample.rmse.toFixed(3)} (${fit.outOfSample.months} months).`,
    ),
    sentence,
  );
  assert.ok(fit.params.approval.atEdge, "the bundled data do not pin the approval level down");
  assert.match(sentence, /The intervals of approval, delay, recovery reach the edge of the search range/);
  assert.match(sentence, /to the world\[[\d,]+\]/, "the observed series cites its sources");
  const chart = charts(part("scenarios")).find((c) => c.id === "scenarios-calibration");
  assert.ok(chart);
  assert.equal(read(chart.option).xAxis?.data?.length, fit.series.length);
});

test("the scenario's parameters are counted as listScenarios counts them, and its manifest is stated", () => {
  const listing = listScenarios().find((s) => s.name === "april-2025")!;
  const texts_ = paragraphs(part("scenarios")).map((b) => b.text);
  const n = listing.networkParams;
  const s = listing.scenarioParams;
  assert.ok(
    texts_.some((x) =>
      x.includes(
        `Its parameters are mostly assumptions: of the network's ${n.sourced + n.assumed}, ${n.sourced} cite a source and ${n.assumed} are assumptions; ` +
          `of the scenario's ${s.sourced + s.assumed}, ${s.sourced} cite a source and ${s.assumed} are assumptions.`,
      ),
    ),
  );
  const { scenario, network } = loadScenario("april-2025");
  const manifest = texts_.find((x) => x.startsWith("Manifest:")) ?? "";
  assert.match(manifest, new RegExp(`^Manifest: seed 1, ${RUNS} runs;`));
  assert.ok(manifest.includes(`network reference (SHA-256 ${contentHash(network)})`));
  assert.ok(manifest.includes(`scenario april-2025 (SHA-256 ${contentHash(scenario)})`));
});

test("the levers table lists every lever with its sourced and assumed numbers", () => {
  const { levers } = loadLevers();
  const t = table(part("plan"), /^Mitigation levers/);
  assert.equal(t.rows.length, levers.length);
  assert.deepEqual(
    texts(t).map((r) => [r[0], r[1], r[3], r[4]]),
    levers.map((l) => {
      const c = countParams(l);
      return [l.id, l.kind, String(c.sourced), String(c.assumed)];
    }),
  );
  for (const r of texts(t)) {
    assert.match(r[6] ?? "", /^(source|assumption): /);
    assert.ok((r[6] ?? "").length <= 110, r[6]);
  }
});

test("one recycling chart per recycling lever, each year from 2020 (or its first inflow) to 2040", () => {
  const { levers } = loadLevers();
  const ids = levers.filter((l) => l.kind === "recycling").map((l) => `plan-recycling-${l.id}`);
  const got = charts(part("plan")).filter((c) => c.id.startsWith("plan-recycling-"));
  assert.deepEqual(
    got.map((c) => c.id),
    ids,
  );
  for (const c of got) {
    const years = read(c.option).xAxis?.data ?? [];
    assert.ok((years[0] ?? "") >= "2020", `${c.id} starts ${years[0]}`);
    assert.equal(years.at(-1), "2040");
    assert.equal(years.length, 2040 - Number(years[0]) + 1, "every year");
  }
});

test("portfolios: none first, then every shipped one, with lost magnet against none", () => {
  const t = table(part("plan"), /^Portfolios against no levers/);
  assert.deepEqual(
    texts(t).map((r) => r[0]),
    ["none", ...shippedPortfolioNames()],
  );
  assert.equal(t.rows.length, 7);
  assert.deepEqual(texts(t)[0]?.slice(1, 4), ["no levers", "0", "0"]);
  assert.equal(texts(t)[0]?.[6], "–");
  for (const r of texts(t).slice(1)) assert.match(r[6] ?? "", /^[+−]?\d+\.\d%$/);
  const chart = charts(part("plan")).find((c) => c.id === "plan-portfolios");
  assert.deepEqual(read(chart?.option).xAxis?.data, ["none", ...shippedPortfolioNames()]);
});

test("the frontier: four budgets and the five named strategies, in sample against out of sample", () => {
  const t = table(part("plan"), /^Frontier points/);
  assert.equal(t.rows.length, 9);
  assert.deepEqual(
    texts(t).map((r) => r[1]),
    [...Array(4).fill("optimised"), ...Array(5).fill("strategy")],
  );
  assert.deepEqual(
    texts(t)
      .slice(4)
      .map((r) => r[0]),
    ["diversify", "build-domestic", "recycle", "substitute", "stockpile"],
  );
  for (const r of texts(t)) assert.notEqual(r[4], "–", "every point re-run in the engine");
  assert.ok(
    paragraphs(part("plan")).some((b) =>
      /Averaged over the 9 points, the twin promises [\d,.]+ t lost and the engine delivers [\d,.]+ t/.test(
        b.text,
      ),
    ),
  );
  assert.ok(charts(part("plan")).some((c) => c.id === "plan-frontier"));
});

test("HTML and Markdown carry the new sections, their tables and charts", () => {
  const html = renderHtml(report);
  assert.ok(html.includes('<section id="scenarios">'));
  assert.ok(html.includes('<section id="plan">'));
  assert.ok(html.includes("<h2>Scenarios: april-2025</h2>"));
  for (const id of ["scenarios-calibration", "scenarios-tts", "plan-portfolios", "plan-frontier"])
    assert.ok(html.includes(`<figure id="${id}">`), id);
  assert.ok(
    html.includes(
      "<caption>Frontier points: lost magnet in sample (linear twin) and out of sample (engine), t</caption>",
    ),
  );
  const md = renderMarkdown(report);
  assert.ok(md.includes("## Scenarios: april-2025"));
  assert.ok(md.includes("## Plan: what to do"));
  assert.ok(md.includes("**Portfolios against no levers: lost magnet over all runs and cost**"));
  assert.equal(
    (md.match(/<details>/g) ?? []).length,
    charts(part("scenarios")).length + charts(part("plan")).length,
  );
});

test("a scenario with no export control runs, and says why it has no calibration", async () => {
  const r = await buildReport(store, {
    sections: ["scenarios"],
    scenario: "outage-single-refinery",
    runs: 5,
  });
  const p = r.sections[0]!;
  assert.equal(p.title, "Scenarios: outage-single-refinery");
  assert.ok(
    paragraphs(p).some(
      (b) =>
        b.text ===
        'No calibration for "outage-single-refinery": scenario "outage-single-refinery" has no export control to calibrate.',
    ),
  );
  assert.ok(!charts(p).some((c) => c.id === "scenarios-calibration"));
});
