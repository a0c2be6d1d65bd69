import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import { listSources } from "../../src/data/provenance.js";
import type { Store } from "../../src/data/store/store.js";
import { monthlySeries, type MonitorSeries } from "../../src/monitor/series.js";
import { formatMonth, parseMonth, type MonthIndex } from "../../src/units/month.js";
import { SERIES_NAMES, seriesChart } from "../../src/charts/series-chart.js";
import type { SourceLabel } from "../../src/charts/common.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

let store: Store;
let series: MonitorSeries;
let labels: SourceLabel[];
before(async () => {
  store = (await openLodestone(":memory:")).store;
  series = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
  labels = (await listSources(store)).map((s) => ({
    id: s.source_id,
    citation: s.citation,
    date: s.source_date,
  }));
});
after(() => store.close());

const m = (text: string) => parseMonth(text) as MonthIndex;

test("the world series has one category per month and the core's observed values, in tonnes", () => {
  const rows = series.rows.filter((r) => r.partner === "WLD");
  const o = read(seriesChart(series));
  const months = o.xAxis?.data ?? [];
  assert.equal(months.length, rows.length);
  assert.equal(months.length, 33);
  assert.equal(months[0], "2023-07");
  assert.equal(months.at(-1), "2026-03");
  const observed = (seriesNamed(o, SERIES_NAMES.observed).data ?? []).map(valueOf);
  assert.equal(observed.length, months.length, "aligned with the months");
  assert.equal(observed.filter((v) => v !== null).length, 16, "16 observed months");
  assert.equal(observed[months.indexOf("2025-06")], 3188, "June 2025: 3,188 t observed");
  assert.equal(observed[months.indexOf("2024-02")], 3326, "the first observed month");
  assert.equal(observed[months.indexOf("2026-03")], 5238, "the last observed month");
  for (const r of rows) {
    const v = observed[months.indexOf(formatMonth(r.month))];
    assert.equal(v, r.status === "observed" ? (r.qty?.value ?? NaN) / 1000 : null, formatMonth(r.month));
  }
});

test("derived months are hollow markers with the core's value and interval; missing months are gaps", () => {
  const o = read(seriesChart(series));
  const months = o.xAxis?.data ?? [];
  const derived = seriesNamed(o, SERIES_NAMES.derived);
  assert.equal(derived.type, "scatter");
  assert.equal(derived.symbol, "emptyCircle");
  const rows = series.rows.filter((r) => r.partner === "WLD" && r.status === "derived");
  assert.equal(rows.length, 9);
  assert.deepEqual(
    (derived.data ?? []).map(valueOf),
    rows.map((r) => [formatMonth(r.month), (r.qty?.value ?? NaN) / 1000]),
  );
  const base = seriesNamed(o, SERIES_NAMES.intervalBase).data ?? [];
  const width = seriesNamed(o, SERIES_NAMES.interval).data ?? [];
  const i = months.indexOf("2023-07");
  const first = rows[0]?.qty;
  assert.equal(base[i], (first?.low ?? NaN) / 1000);
  assert.ok(Math.abs((base[i] as number) + (width[i] as number) - (first?.high ?? NaN) / 1000) < 1e-9);
  assert.equal(base[months.indexOf("2025-06")], null, "no interval on an observed month");
  const missing = months.indexOf("2023-09");
  assert.equal(
    (seriesNamed(o, SERIES_NAMES.observed).data ?? [])[missing],
    null,
    "2023-09 is missing: a gap",
  );
  assert.ok(!(derived.data ?? []).some((d) => (valueOf(d) as string[])[0] === "2023-09"));
  assert.match(o.title?.subtext ?? "", /16 observed, 9 derived, 8 missing months/);
});

test("policy events sit on the time axis with their ids, a dashed line and their source in the tooltip", () => {
  const o = read(seriesChart(series, "WLD", { sources: labels }));
  const events = seriesNamed(o, SERIES_NAMES.events);
  const pins = (events.data ?? []) as {
    name: string;
    value: [string, number];
    tooltip: { formatter: string };
  }[];
  const ann18 = pins.find((p) => p.name === "CHN-2025-04-04-ann18");
  assert.deepEqual(ann18?.value, ["2025-04", 0]);
  assert.match(ann18?.tooltip.formatter ?? "", /2025-04-04: CHN export control/);
  assert.match(ann18?.tooltip.formatter ?? "", /source: osencmagnet\.com \(2025-04\)/);
  const london = pins.find((p) => p.name === "USA-CHN-2025-06-10-london");
  assert.deepEqual(london?.value, ["2025-06", 0]);
  const lines = events.markLine?.data ?? [];
  const june = lines.find((l) => l.xAxis === "2025-06");
  assert.deepEqual(june?.eventIds, ["USA-CHN-2025-06-10-london"]);
  assert.equal(june?.label?.formatter, "USA/CHN truce");
  assert.match(june?.name ?? "", /investors\.catenaa\.com/);
  // Every event that starts in a shown month is marked, once.
  const starts = series.rows
    .filter((r) => r.partner === "WLD")
    .flatMap((r) => r.events.filter((e) => e.relation === "starts").map((e) => e.event.id));
  assert.deepEqual(pins.map((p) => p.name).sort(), [...new Set(starts)].sort());
  assert.ok(pins.length >= 8);
});

test("a window keeps only its months; without citations tooltips name source ids", () => {
  const o = read(seriesChart(series, "WLD", { from: m("2025-01"), to: m("2025-06") }));
  assert.deepEqual(o.xAxis?.data, ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]);
  const obs = seriesNamed(o, SERIES_NAMES.observed).data ?? [];
  assert.match((obs[5] as { tooltip: { formatter: string } }).tooltip.formatter, /source: #16/);
  const names = ((seriesNamed(o, SERIES_NAMES.events).data ?? []) as { name: string }[]).map((p) => p.name);
  assert.deepEqual(names, ["CHN-2025-04-04-ann18", "USA-CHN-2025-06-10-london"]);
});

test("another partner's series, and a partner with no rows says so", () => {
  const usa = read(seriesChart(series, "USA"));
  assert.match(usa.title?.text ?? "", /^United States/);
  const obs = (seriesNamed(usa, SERIES_NAMES.observed).data ?? []).map(valueOf);
  assert.equal(obs[(usa.xAxis?.data ?? []).indexOf("2025-06")], 353);
  const none = read(seriesChart(series, "FRA"));
  assert.deepEqual(none.xAxis?.data, []);
  assert.equal(none.title?.subtext, "no figures for this series");
});

test("the option is plain JSON and the same every time", () => {
  const a = seriesChart(series, "WLD", { sources: labels });
  assertPlainJson(a);
  assert.deepEqual(seriesChart(series, "WLD", { sources: labels }), a);
});
