import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Command } from "commander";
import { ImportError } from "../../src/errors.js";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import type { MonitorRow, MonitorSeries } from "../../src/monitor/series.js";
import { figure } from "../../src/monitor/figure.js";
import { monthOf } from "../../src/units/month.js";
import {
  chinaExportUnitValues,
  loadOxidePrices,
  loadReportedUnitValues,
  magnetOxidePrices,
  priceStress,
  unitValueSeries,
} from "../../src/risk/prices.js";
import { registerPrices } from "../../src/cli/commands/risk/prices.js";
import type { Output } from "../../src/cli/context.js";
import { writeTemp } from "../helpers/store.js";

let store: Store;
before(async () => {
  store = (await openLodestone(":memory:")).store;
});
after(() => store.close());

test("the bundled USGS oxide prices become yearly series, 2024 marked as USGS's estimate", () => {
  const { file, series } = loadOxidePrices();
  assert.equal(file, "data/reference/usgs_rare_earths.csv");
  assert.deepEqual(
    series.map((s) => [s.name, s.elements.join("+")]),
    [
      ["Cerium oxide 99.5%", "Ce"],
      ["Dysprosium oxide 99.5%", "Dy"],
      ["Europium oxide 99.99%", "Eu"],
      ["Lanthanum oxide 99.5%", "La"],
      ["Mischmetal (65% Ce, 35% La)", "Ce+La"],
      ["Neodymium oxide 99.5%", "Nd"],
      ["Terbium oxide 99.99%", "Tb"],
    ],
  );
  const nd = series.find((s) => s.metric === "price_neodymium_oxide_99.5");
  assert.deepEqual(
    nd?.points.map((p) => [p.year, p.value, p.estimate]),
    [
      [2020, 49, false],
      [2021, 98, false],
      [2022, 134, false],
      [2023, 78, false],
      [2024, 56, true],
    ],
  );
  assert.equal(nd?.unit, "USD/kg");
  assert.equal(nd?.origin, "Argus (annual average)");
  const tb = series.find((s) => s.elements.includes("Tb"));
  assert.deepEqual(
    tb?.points.map((p) => p.value),
    [670, 1346, 2051, 1298, 810],
  );
});

test("price stress: change on the year before and distance from the peak, exact", () => {
  const { series } = loadOxidePrices();
  const nd = priceStress(series.find((s) => s.elements.includes("Nd")) as (typeof series)[number]);
  assert.equal(nd?.latest.year, 2024);
  assert.equal(nd?.changePct, (56 / 78 - 1) * 100);
  assert.equal(nd?.changePct?.toFixed(1), "-28.2");
  assert.deepEqual([nd?.peak.year, nd?.peak.value, nd?.trough.year], [2022, 134, 2020]);
  assert.equal(nd?.vsPeakPct, (56 / 134 - 1) * 100);
  const dy = priceStress(series.find((s) => s.elements.includes("Dy")) as (typeof series)[number]);
  assert.equal(dy?.changePct?.toFixed(1), "-21.2");
  assert.equal(priceStress({ points: [] }), null);
  const one = priceStress({ points: [{ year: 2024, value: 5, estimate: false, edition: "x", line: 2 }] });
  assert.deepEqual([one?.changePct, one?.vsPeakPct], [null, 0]);
});

test("the magnet elements' oxides, Nd before Dy before Tb, for the exposure report", () => {
  const m = magnetOxidePrices(loadOxidePrices().series);
  assert.deepEqual(
    m.map((x) => [x.name, x.stress.latest.value]),
    [
      ["Neodymium oxide 99.5%", 56],
      ["Dysprosium oxide 99.5%", 260],
      ["Terbium oxide 99.99%", 810],
    ],
  );
});

test("a later edition supersedes an earlier one's figure for the same year, which stays listed", () => {
  const { series } = loadOxidePrices("test/fixtures/risk/usgs-prices-editions.csv");
  assert.equal(series.length, 1, "mine_production is not a price");
  const nd = series[0];
  assert.deepEqual(
    nd?.points.map((p) => [p.year, p.value, p.edition]),
    [
      [2022, 134, "MCS2025"],
      [2023, 78, "MCS2025"],
      [2024, 56, "MCS2025"],
    ],
  );
  assert.deepEqual(
    nd?.superseded.map((p) => [p.year, p.value, p.edition, p.estimate, p.line]),
    [[2023, 80, "MCS2024", true, 2]],
  );
});

test("a bad price row is an ImportError naming file, line and field", () => {
  const head = "edition,year,country,metric,value,unit,source_url,source_date,note\n";
  const bad = (row: string) => {
    const f = writeTemp(
      "usgs.csv",
      `${head}MCS2025,2023,USA,price_neodymium_oxide_99.5,78,USD/kg,u,,\n${row}\n`,
    );
    try {
      loadOxidePrices(f);
    } catch (e) {
      assert.ok(e instanceof ImportError);
      return e.message.replace(f, "F");
    }
    assert.fail("expected an ImportError");
  };
  assert.equal(
    bad("MCS2025,20x4,USA,price_neodymium_oxide_99.5,56,USD/kg,u,,"),
    'F:3: year: "20x4" is not a year (YYYY)',
  );
  assert.equal(
    bad("MCS2025,2024,USA,price_neodymium_oxide_99.5,n/a,USD/kg,u,,"),
    'F:3: value: "n/a" is not a number',
  );
  assert.equal(
    bad("MCS2025,2024,USA,price_neodymium_oxide_99.5,56,CNY/t,u,,"),
    "F:3: unit: price_neodymium_oxide_99.5 mixes units: USD/kg, CNY/t",
  );
});

test("reported unit values of China's magnet exports: USD/t with a month, as USD/kg", () => {
  const r = loadReportedUnitValues();
  assert.deepEqual(
    r.map((x) => [x.month, x.value, x.currency, x.line]),
    [
      [monthOf(2024, 7), 48.729, "USD", 72],
      [monthOf(2024, 8), 46.985, "USD", 73],
    ],
  );
  const f = writeTemp(
    "ind.csv",
    "indicator,subject,year,value,unit,source_url\nunit_value,China RE permanent magnet exports,2024,48729,USD/t (mid 2024),u\n",
  );
  assert.throws(
    () => loadReportedUnitValues(f),
    (e) =>
      e instanceof ImportError &&
      e.message ===
        `${f}:2: unit: "USD/t (mid 2024)" is not a currency per t or kg with a month, e.g. "USD/t (July 2024)"`,
  );
});

function row(month: number, qty: number | null, unitValue: number | null): MonitorRow {
  return {
    partner: "WLD",
    month: monthOf(Math.floor(month / 100), month % 100),
    status: qty === null ? "missing" : "observed",
    qty: qty === null ? null : figure(qty, "kg", "observed", [1]),
    momKg: null,
    momPct: null,
    yoyKg: null,
    yoyPct: null,
    ytd: null,
    ytdYoyPct: null,
    roll3: null,
    roll12: null,
    priorYearAvg: null,
    vsPriorYearAvgPct: null,
    sharePct: null,
    rank: null,
    unitValue: unitValue === null ? null : figure(unitValue, "USD/kg", "computed", [7]),
    records: [],
    events: [],
  };
}

test("unit values sit beside the quantities; reported ones fill months the store lacks; y/y is exact", () => {
  const series: MonitorSeries = {
    query: { reporter: "CHN", flow: "export", commodity: "re-magnets", partner: "WLD" },
    rows: [
      row(202407, 5_278_000, null),
      row(202408, 5_325_000, 50),
      row(202508, 6_146_000, 45),
      row(202509, null, null),
    ],
    checks: [],
    derived: [],
  };
  const reported = loadReportedUnitValues();
  const s = unitValueSeries(series, { reported });
  assert.deepEqual(
    s.points.map((p) => [p.month, p.qtyKg, p.unitValue, p.basis]),
    [
      ["2024-07", 5_278_000, 48.729, "reported"],
      ["2024-08", 5_325_000, 50, "computed"],
      ["2025-08", 6_146_000, 45, "computed"],
      ["2025-09", null, null, null],
    ],
  );
  assert.equal(s.points[1]?.reported, 46.985, "the reported figure stays beside the computed one");
  assert.equal(s.latest?.month, "2025-08");
  assert.equal(s.yoyPct, (45 / 50 - 1) * 100);
});

test("China's export unit values on the bundled store: November 2025 computed, 2024 reported", async () => {
  const s = await chinaExportUnitValues(store);
  const nov = s.points.find((p) => p.month === "2025-11");
  assert.deepEqual(
    [nov?.qtyKg, nov?.unit, nov?.basis, nov?.unitValue?.toFixed(2)],
    [6_149_950, "USD/kg", "computed", "49.07"],
  );
  assert.equal(s.points.find((p) => p.month === "2024-07")?.unitValue, 48.729);
  assert.equal(s.latest?.month, "2025-11");
  assert.equal(s.yoyPct, null, "no November 2024 unit value");
  const usa = await chinaExportUnitValues(store, { partner: "USA" });
  assert.equal(
    usa.points.find((p) => p.month === "2024-07")?.unitValue,
    null,
    "world figures never stand in for a partner",
  );
  assert.equal(usa.points.find((p) => p.month === "2025-11")?.unitValue?.toFixed(2), "45.96");
});

test("risk prices prints the oxide table and the export series with their sources", async () => {
  const chunks: string[] = [];
  const io: Output = {
    out: (t) => void chunks.push(t),
    err: (t) => void chunks.push(t),
    color: false,
    isTTY: false,
  };
  const program = new Command("lodestone").option("--db <path>").option("--json").exitOverride();
  const risk = program.command("risk").exitOverride();
  registerPrices(risk, () => program.opts(), io);
  await program.parseAsync(["--db", ":memory:", "risk", "prices", "--from", "2024-06", "--to", "2025-11"], {
    from: "user",
  });
  const out = chunks.join("\n");
  assert.match(out, /^Product +2020 +2021 +2022 +2023 +2024e +Trend +y\/y +vs peak$/m);
  assert.match(out, /^Neodymium oxide 99\.5% +49 +98 +134 +78 +56 +\S+ +−28\.2% +−58\.2% \(2022\)$/m);
  assert.match(
    out,
    /^Terbium oxide 99\.99% +670 +1,346 +2,051 +1,298 +810 +\S+ +−37\.6% +−60\.5% \(2022\)$/m,
  );
  assert.match(out, /^2024-07 +5,278 t +48\.73 USD\/kg r$/m);
  assert.match(out, /^2025-11 +6,150 t +49\.07 USD\/kg c$/m);
  assert.doesNotMatch(out, /^2024-05/m, "--from");
  assert.match(out, /^Source: https:\/\/metalnomist\.com\/2024\/08\//m);
});
