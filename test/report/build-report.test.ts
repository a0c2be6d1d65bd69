import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { UsageError } from "../../src/errors.js";
import { brief } from "../../src/monitor/briefing.js";
import { parseMonth, type MonthIndex } from "../../src/units/month.js";
import { buildReport } from "../../src/report/build-report.js";
import type { Report, ReportBlock, ReportChart, ReportTable } from "../../src/report/report.js";

let store: Store;
let report: Report;
const june = parseMonth("2025-06") as MonthIndex;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  report = await buildReport(store, { period: june, sections: ["monitor", "risk"] });
});
after(() => store.close());

const blocks = (r: Report): ReportBlock[] => r.sections.flatMap((s) => s.blocks);
const tables = (r: Report) => blocks(r).filter((b): b is ReportTable => b.kind === "table");
const charts = (r: Report) => blocks(r).filter((b): b is ReportChart => b.kind === "chart");

/** Every note a report uses: marks in paragraphs and the notes of table cells. */
function usedNotes(r: Report): Set<number> {
  const used = new Set<number>();
  for (const b of blocks(r)) {
    if (b.kind === "paragraph")
      for (const m of b.text.matchAll(/\[(\d+(?:,\d+)*)\]/g))
        for (const n of (m[1] ?? "").split(",")) used.add(Number(n));
    if (b.kind === "table")
      for (const row of b.rows) for (const c of row) for (const n of c.notes ?? []) used.add(n);
  }
  return used;
}

test("the monitor section opens with the briefing, whose footnotes keep their numbers", async () => {
  const b = await brief(store, { period: june });
  const first = report.sections[0];
  assert.equal(first?.id, "monitor");
  assert.deepEqual(first?.blocks[0], { kind: "paragraph", text: b.text });
  assert.match(b.text, /^In June 2025 China exported 3,188 t of rare-earth permanent magnets\[1\]/);
  for (const s of b.sources) {
    const r = report.sources[s.note - 1];
    assert.equal(r?.note, s.note);
    assert.equal(r?.storeId, s.id);
    assert.equal(r?.label, s.citation);
  }
  assert.equal(report.title, "China's exports of rare-earth permanent magnets: June 2025");
  assert.equal(report.period, "2025-06");
});

test("every note in the report is a listed source, and every listed source is cited", () => {
  const used = usedNotes(report);
  const listed = new Set(report.sources.map((s) => s.note));
  assert.deepEqual(
    [...used].filter((n) => !listed.has(n)),
    [],
  );
  assert.deepEqual(
    [...listed].filter((n) => !used.has(n)),
    [],
  );
  assert.deepEqual(
    report.sources.map((s) => s.note),
    report.sources.map((_, i) => i + 1),
    "numbered 1…n in order",
  );
  assert.ok(
    report.sources.some((s) => s.storeId === null && /USGS Mineral Commodity Summaries 2025/.test(s.label)),
  );
});

test("tables carry the charts' numbers: the world month by month, with the derived months' intervals", () => {
  const world = tables(report).find((t) => t.caption.startsWith("World total by month"));
  assert.ok(world);
  assert.equal(world.rows.length, 24, "2023-07 to 2025-06");
  const row = (month: string) => world.rows.find((r) => r[0]?.text === month)?.map((c) => c.text);
  assert.deepEqual(row("2025-06"), ["2025-06", "3,188 t", "observed", "+157.5%", "−38.1% r", "22,319 t"]);
  assert.deepEqual(row("2023-09"), ["2023-09", "–", "missing", "–", "–", "–"]);
  assert.match(
    row("2023-07")?.[2] ?? "",
    /^derived 4,733–4,777 t \(reported y\/y change applied backwards\)$/,
  );
  const dest = tables(report).find((t) => t.caption.startsWith("Observed exports by destination"));
  assert.deepEqual(
    dest?.rows.filter((r) => r[0]?.text === "2025-06").map((r) => [r[1]?.text, r[2]?.text]),
    [
      ["United States", "353 t"],
      ["India", "172 t"],
    ],
  );
});

test("the charts are the dashboard's options over the report's window", () => {
  assert.deepEqual(
    charts(report).map((c) => c.id),
    ["monitor-series", "monitor-destinations", "risk-stages", "risk-chain", "risk-exposure", "risk-prices"],
  );
  const series = charts(report)[0]?.option as { xAxis: { data: string[] } };
  assert.equal(series.xAxis.data[0], "2023-07");
  assert.equal(series.xAxis.data.at(-1), "2025-06");
});

test("events, coverage, stages, exposure and prices are all there", () => {
  const events = tables(report).find((t) => t.caption.startsWith("Policy events"));
  assert.deepEqual(
    events?.rows.map((r) => [r[0]?.text, r[2]?.text]),
    [
      ["2025-04-04", "in force since 2025-04-04"],
      ["2025-06-10", "starts: dated 2025-06-10"],
    ],
  );
  const cov = tables(report).find((t) => t.caption.startsWith("Which months"));
  assert.deepEqual(
    cov?.rows[0]?.map((c) => c.text),
    ["World (WLD)", "▒▒·▒···█·▒▒▒████▒·█·▒███", "9", "8", "7"],
  );
  const stages = tables(report).find((t) => t.caption === "Concentration by supply-chain stage");
  assert.deepEqual(
    stages?.rows[1]?.slice(0, 7).map((c) => c.text),
    ["separation/refining", "2025", "China", "88–91%", "88–100%", "7,744–8,425", "9–12%"],
  );
  const exp = tables(report).find((t) => t.caption.startsWith("End-use exposure"));
  assert.deepEqual(
    exp?.rows[0]?.slice(0, 8).map((c) => c.text),
    [
      "1",
      "wind turbines, all types",
      "2024",
      "117,000 MW",
      "500 kg magnet/MW",
      "58,500 t magnet",
      "80–100%",
      "13,572–18,720 t",
    ],
  );
  const prices = tables(report).find((t) => t.caption.startsWith("Oxide prices"));
  assert.deepEqual(
    prices?.rows[0]?.map((c) => c.text),
    ["Neodymium oxide 99.5%", "49", "98", "134", "78", "56", "−28.2%", "−58.2% (2022)"],
  );
});

test("sections can be chosen; a risk-only report needs no month", async () => {
  const risk = await buildReport(store, { sections: ["risk"] });
  assert.deepEqual(
    risk.sections.map((s) => s.id),
    ["risk"],
  );
  assert.equal(risk.period, null);
  assert.equal(risk.title, "Dependence on China for rare-earth permanent magnets");
  assert.ok(!risk.sources.some((s) => s.storeId !== null), "no store figures in the risk section");
  const latest = await buildReport(store, { sections: ["monitor"] });
  assert.equal(latest.period, "2026-03", "default: the latest month with an observed world total");
});

test("a month without an observed world total is a usage error naming the months that have one", async () => {
  await assert.rejects(
    buildReport(store, { period: parseMonth("2025-02") as MonthIndex }),
    (e: unknown) => e instanceof UsageError && /no observed world total for 2025-02/.test(e.message),
  );
});

test("the same store gives the same report", async () => {
  assert.deepEqual(await buildReport(store, { period: june }), report);
});
