import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { monthlySeries, type MonitorSeries } from "../../src/monitor/series.js";
import { countryName } from "../../src/ref/countries.js";
import { parseMonth, type MonthIndex } from "../../src/units/month.js";
import { destinationsChart, REMAINDER_NAME, WORLD_NAME } from "../../src/charts/destinations-chart.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

let store: Store;
let series: MonitorSeries;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  series = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
});
after(() => store.close());

const m = (text: string) => parseMonth(text) as MonthIndex;
const AGGREGATES = ["WLD", "EU27", "EUR", "OTH"].map(countryName);

test("destinations are countries only, largest first, stacked; never an aggregate", () => {
  const o = read(destinationsChart(series));
  const stacked = (o.series ?? []).filter((s) => s.stack === "destinations");
  const names = stacked.map((s) => s.name);
  assert.deepEqual(names, [
    "United States",
    "Germany",
    "South Korea",
    "Japan",
    "India",
    "Vietnam",
    REMAINDER_NAME,
  ]);
  for (const a of AGGREGATES) assert.ok(!names.includes(a), `${a} is an aggregate`);
  assert.ok(stacked.every((s) => s.type === "bar"));
  assert.deepEqual(
    stacked.slice(0, -1).map((s) => s.partner),
    ["USA", "DEU", "KOR", "JPN", "IND", "VNM"],
  );
});

test("June 2025: the United States 353 t and India 172 t, the rest of the 3,188 t world total on top", () => {
  const o = read(destinationsChart(series, 6, { from: m("2023-07"), to: m("2025-06") }));
  const months = o.xAxis?.data ?? [];
  assert.equal(months.length, 24);
  const i = months.indexOf("2025-06");
  const at = (name: string) => valueOf((seriesNamed(o, name).data ?? [])[i]);
  assert.equal(at("United States"), 353);
  assert.equal(at("India"), 172);
  assert.equal(at("Germany"), null, "no figure for Germany in June 2025: not a zero");
  assert.equal(at(REMAINDER_NAME), 3188 - 353 - 172);
  assert.deepEqual(at(WORLD_NAME), undefined, "the world marker is a [month, t] scatter");
  const world = (seriesNamed(o, WORLD_NAME).data ?? []) as { value: [string, number]; symbol?: string }[];
  assert.deepEqual(world.find((w) => w.value[0] === "2025-06")?.value, ["2025-06", 3188]);
  assert.equal(world.find((w) => w.value[0] === "2024-05")?.symbol, "emptyDiamond", "a derived world total");
  // Only four countries have observed figures in this window.
  assert.equal((o.series ?? []).filter((s) => s.stack === "destinations").length, 5);
});

test("top limits the countries; the remainder can be left out; areas on request", () => {
  const two = read(destinationsChart(series, 2, { remainder: false, kind: "area" }));
  const stacked = (two.series ?? []).filter((s) => s.stack === "destinations");
  assert.deepEqual(
    stacked.map((s) => s.name),
    ["United States", "Germany"],
  );
  assert.ok(stacked.every((s) => s.type === "line" && s.areaStyle));
});

test("the option is plain JSON and the same every time", () => {
  const a = destinationsChart(series);
  assertPlainJson(a);
  assert.deepEqual(destinationsChart(series), a);
});
