import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { importFile } from "../../src/data/import-file.js";
import type { Store } from "../../src/data/store/store.js";
import { UsageError } from "../../src/errors.js";
import {
  importDataHowTo,
  importDependence,
  sourceShares,
  usgsImportSources,
  type ImportDependence,
  type TradeCell,
} from "../../src/risk/import-dependence.js";
import {
  annualTotal,
  displayNir,
  netImportReliance,
  nirFromBalance,
  readBalanceFile,
} from "../../src/risk/net-import-reliance.js";
import { between, point } from "../../src/risk/interval.js";
import { monthOf, type MonthIndex } from "../../src/units/month.js";
import { importError } from "../helpers/errors.js";
import { memoryStore, writeTemp } from "../helpers/store.js";

const FIXTURES = "test/fixtures/risk/imports";
const fixture = (name: string) => join(FIXTURES, name);

function close(actual: number | undefined | null, expected: number, eps = 1e-12): void {
  assert.ok(
    actual !== undefined &&
      actual !== null &&
      Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected)),
    `${actual} ≠ ${expected}`,
  );
}

async function storeWith(...files: string[]): Promise<Store> {
  const store = await memoryStore();
  for (const f of files) await importFile(store, fixture(f));
  return store;
}

async function usStore(): Promise<Store> {
  return storeWith("usitc-annual-8505110070.csv", "usitc-monthly-8505110070.csv");
}

function data(r: Awaited<ReturnType<typeof importDependence>>): ImportDependence {
  assert.equal(r.status, "data", r.status === "no-data" ? r.message : "");
  return r as ImportDependence;
}

// ---- shares, HHI and China's share from fixtures ------------------------------------------------

test("US imports by year: shares, HHI and China's share from the USITC annual and monthly files", async () => {
  const store = await usStore();
  const r = data(await importDependence(store, { reporter: "USA", commodity: "re-magnets" }));
  assert.deepEqual(
    r.periods.map((p) => [p.period, p.months, p.partial]),
    [
      ["2022", 12, false],
      ["2023", 12, false],
      ["2024", 3, true],
    ],
  );
  const [y2022, y2023, y2024] = r.periods;
  assert.equal(y2022?.qty?.total, 8_000_000);
  assert.equal(y2022?.qty?.totalBasis, "sum of countries");
  assert.deepEqual(
    y2022?.partners.map((p) => [p.partner, p.qtyShare, p.valueShare]),
    [
      ["CHN", 0.75, 0.6],
      ["JPN", 0.125, 0.2],
      ["DEU", 0.0625, 0.1],
      ["PHL", 0.0625, 0.1],
    ],
  );
  close(y2022?.qty?.hhi.lo, 0.5859375);
  assert.equal(y2022?.qty?.hhi.lo, y2022?.qty?.hhi.hi);
  close(y2022?.value?.hhi.lo, 0.42);
  assert.equal(y2022?.value?.currency, "USD");
  close(y2023?.qty?.hhi.lo, 0.525);
  close(y2023?.value?.hhi.lo, 0.4521875);
  assert.deepEqual(y2023?.qty?.chinaShare, point(0.7));
  close(y2023?.value?.chinaShare?.lo, 0.6125);
  // 2024 is the sum of January–March.
  assert.equal(y2024?.qty?.total, 3_000_000);
  assert.deepEqual(y2024?.qty?.chinaShare, point(0.5));
  assert.equal(y2024?.partners.find((p) => p.partner === "PHL")?.qtyKg, 300_000);
  // China's share falls 75% → 70% → 50%: −25 points, −14.42 pts/year through the middles of the periods.
  assert.deepEqual(
    r.china.qty?.points.map((p) => [p.period, p.share.lo, p.partial]),
    [
      ["2022", 0.75, false],
      ["2023", 0.7, false],
      ["2024", 0.5, true],
    ],
  );
  close(r.china.qty?.changePts.lo, -25);
  close(r.china.qty?.slopePtsPerYear, -19.375 / 1.34375);
  assert.deepEqual(
    r.sources.map((s) => s.citation),
    [
      "USITC DataWeb, US imports (usitc-annual-8505110070.csv)",
      "USITC DataWeb, US imports (usitc-monthly-8505110070.csv)",
    ],
  );
  assert.ok(r.notes.some((n) => /countries only/.test(n)));
  store.close();
});

test("US imports by month: each month's shares and HHI, China's monthly trend", async () => {
  const store = await usStore();
  const r = data(await importDependence(store, { reporter: "USA", commodity: "re-magnets", by: "month" }));
  assert.deepEqual(
    r.periods.map((p) => p.period),
    ["2024-01", "2024-02", "2024-03"],
  );
  const hhis = r.periods.map((p) => p.qty?.hhi.lo);
  close(hhis[0], 0.415);
  close(hhis[1], 0.3);
  close(hhis[2], 0.375);
  close(r.periods[0]?.value?.hhi.lo, 0.36 + 0.225 ** 2 + 0.1125 ** 2 + 0.0625 ** 2);
  assert.deepEqual(
    r.china.qty?.points.map((p) => p.share.lo),
    [0.6, 0.4, 0.5],
  );
  assert.deepEqual(
    r.china.value?.points.map((p) => p.share.lo),
    [0.6, 0.4, 0.5],
  );
  close(r.china.qty?.changePts.lo, -10);
  // Slope through (Jan, 60), (Feb, 40), (Mar, 50): −5 points a month = −60 a year.
  close(r.china.qty?.slopePtsPerYear, -60);
  store.close();
});

test("Japan's Comtrade imports: the world total is the denominator and an unallocated remainder makes the HHI a range", async () => {
  const store = await storeWith("comtrade-jpn-imports-850511.csv");
  const r = data(await importDependence(store, { reporter: "JPN", commodity: "pm-metal-hs6", by: "month" }));
  const [jan, feb] = r.periods;
  assert.equal(jan?.qty?.totalBasis, "reported world total");
  assert.equal(jan?.qty?.total, 2_000_000);
  assert.equal(jan?.qty?.unallocated, 200_000);
  assert.deepEqual(
    jan?.partners.map((p) => [p.partner, p.qtyShare]),
    [
      ["CHN", 0.75],
      ["VNM", 0.1],
      ["PHL", 0.05],
    ],
  );
  // [Σs², Σs² + r·min(r, s_min)] = [0.575, 0.575 + 0.1 × 0.05].
  close(jan?.qty?.hhi.lo, 0.575);
  close(jan?.qty?.hhi.hi, 0.58);
  close(jan?.value?.hhi.lo, 0.385);
  close(jan?.value?.hhi.hi, 0.395);
  close(feb?.qty?.hhi.lo, 0.54);
  assert.equal(feb?.qty?.hhi.lo, feb?.qty?.hhi.hi);
  assert.ok(!jan?.partners.some((p) => p.partner === "WLD"), "WLD is the total, not a source");
  assert.ok(
    r.notes.some((n) => /pm-metal-hs6: All metal permanent magnets/.test(n)),
    "the HS6 caveat is stated",
  );
  store.close();
});

const M = (y: number, m: number): MonthIndex => monthOf(y, m);

function cell(partner: string, v: number, over: Partial<TradeCell> = {}): TradeCell {
  return {
    partner,
    periodKind: "month",
    start: M(2024, 1),
    end: M(2024, 1),
    measure: "qty_kg",
    v,
    half: 0,
    currency: null,
    sourceId: 1,
    line: 2,
    ...over,
  };
}

test("aggregates are never sources: EU27 is left out, OTH is an unallocated remainder", () => {
  const r = sourceShares([cell("CHN", 60), cell("JPN", 20), cell("OTH", 20), cell("EU27", 10)], {
    reporter: "USA",
    commodity: "re-magnets",
    by: "month",
  });
  const p = r.periods[0];
  assert.deepEqual(
    p?.partners.map((s) => s.partner),
    ["CHN", "JPN"],
  );
  assert.deepEqual(p?.excluded, ["EU27"]);
  assert.equal(p?.qty?.total, 100);
  assert.equal(p?.qty?.unallocated, 20);
  close(p?.qty?.hhi.lo, 0.4);
  close(p?.qty?.hhi.hi, 0.44); // 0.4 + 0.2 × min(0.2, 0.2)
});

test("China absent from a table with a remainder gets a share range, not a zero", () => {
  const r = sourceShares([cell("WLD", 100), cell("JPN", 50), cell("KOR", 30)], {
    reporter: "USA",
    commodity: "re-magnets",
    by: "month",
  });
  assert.deepEqual(r.periods[0]?.qty?.chinaShare, between(0, 0.2));
  const full = sourceShares([cell("JPN", 50), cell("KOR", 50)], {
    reporter: "USA",
    commodity: "re-magnets",
    by: "month",
  });
  assert.deepEqual(full.periods[0]?.qty?.chinaShare, point(0));
});

test("a world total below the sum of its countries is reported and the sum used", () => {
  const r = sourceShares([cell("WLD", 50), cell("CHN", 60), cell("JPN", 40)], {
    reporter: "USA",
    commodity: "re-magnets",
    by: "month",
  });
  assert.equal(r.periods[0]?.qty?.total, 100);
  assert.equal(r.periods[0]?.qty?.totalBasis, "sum of countries");
  assert.match(
    r.warnings[0] ?? "",
    /2024-01: the world total of quantity \(50\) is below the sum of the countries \(100\)/,
  );
});

test("an annual table leaves out a partner with only some months, and says so", () => {
  const year = { periodKind: "year" as const, start: M(2023, 1), end: M(2023, 12) };
  const r = sourceShares(
    [cell("CHN", 80, year), cell("JPN", 20, year), cell("VNM", 5, { start: M(2023, 3), end: M(2023, 3) })],
    { reporter: "USA", commodity: "re-magnets", by: "year" },
  );
  assert.deepEqual(
    r.periods[0]?.partners.map((p) => p.partner),
    ["CHN", "JPN"],
  );
  assert.match(r.warnings[0] ?? "", /2023: VNM has quantities for 1 month\(s\) but no annual figure/);
});

test("values in two currencies give no value shares", () => {
  const r = sourceShares(
    [
      cell("CHN", 60, { measure: "value", currency: "USD" }),
      cell("JPN", 20, { measure: "value", currency: "EUR" }),
    ],
    { reporter: "DEU", commodity: "re-magnets", by: "month" },
  );
  assert.equal(r.periods[0]?.value, null);
  assert.match(r.warnings[0] ?? "", /more than one currency/);
});

test("a negative figure is refused with its source and line", () => {
  assert.throws(
    () => sourceShares([cell("CHN", -1)], { reporter: "USA", commodity: "re-magnets", by: "month" }),
    /qty_kg -1 for CHN \(source 1, line 2\) is negative/,
  );
});

test("shares sum to 1 and the HHI stays within [1/n, 1] and ignores the order of rows", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom("CHN", "JPN", "KOR", "DEU", "VNM", "PHL", "MYS", "THA"), {
        minLength: 1,
        maxLength: 8,
      }),
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 8, maxLength: 8 }),
      (partners, amounts) => {
        const cells = partners.map((p, i) => cell(p, amounts[i] ?? 1));
        const q = { reporter: "USA", commodity: "re-magnets", by: "month" as const };
        const a = sourceShares(cells, q).periods[0];
        const b = sourceShares([...cells].reverse(), q).periods[0];
        const sum = (a?.partners ?? []).reduce((s, p) => s + (p.qtyShare ?? 0), 0);
        close(sum, 1, 1e-9);
        const h = a?.qty?.hhi.lo ?? NaN;
        assert.ok(h >= 1 / partners.length - 1e-12 && h <= 1 + 1e-12);
        close(b?.qty?.hhi.lo, h, 1e-12);
      },
    ),
  );
});

// ---- no data ------------------------------------------------------------------------------------

test("without importer data the answer is no data, how to get it, and for the US the USGS shares as context", async () => {
  const store = await memoryStore();
  const r = await importDependence(store, { reporter: "usa", commodity: "re-magnets", by: "month" });
  assert.equal(r.status, "no-data");
  if (r.status !== "no-data") return;
  assert.match(
    r.message,
    /^No importer-side data for the United States' imports of rare-earth permanent magnets/,
  );
  assert.ok(r.howTo.some((h) => /dataweb\.usitc\.gov.*HTS 8505110070/.test(h)));
  assert.ok(
    r.howTo.some((h) => /loads as pm-metal-hs6/.test(h)),
    "Comtrade HS6 is not re-magnets",
  );
  const u = r.context;
  assert.ok(u);
  assert.equal(u.period, "2020–2023");
  assert.match(u.scope, /compounds and metals \(not magnets\)/);
  assert.deepEqual(
    u.shares.map((s) => s.country),
    ["CHN", "MYS", "JPN", "EST"],
  );
  assert.deepEqual(u.chinaShare, between(0.695, 0.705));
  close(u.hhi.lo, 0.695 ** 2 + 0.125 ** 2 + 0.055 ** 2 + 0.045 ** 2);
  close(u.hhi.hi, 0.705 ** 2 + 0.135 ** 2 + 0.065 ** 2 + 0.055 ** 2 + 0.065 * 0.055);
  store.close();
});

test("a reporter with only world totals gets no data, said as such; Japan gets no USGS context", async () => {
  const store = await memoryStore();
  const obs = writeTemp(
    "wld-only.csv",
    "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note\n" +
      "2024-01,JPN,WLD,import,re-magnets,1000000,,,,Test,,2024-02,1,\n",
  );
  await importFile(store, obs);
  const r = await importDependence(store, { reporter: "JPN", commodity: "re-magnets" });
  assert.equal(r.status, "no-data");
  if (r.status !== "no-data") return;
  assert.match(r.message, /Only totals .* \(WLD\): no breakdown by source country/);
  assert.equal(r.context, null);
  store.close();
});

test("how-to text names the right place for each reporter", () => {
  const eu = importDataHowTo("DEU", "re-magnets").join("\n");
  assert.match(eu, /Eurostat Comext.*CN8 85051110/s);
  assert.match(eu, /values are in EUR/);
  assert.match(eu, /tariff-line data for Germany/);
  const kr = importDataHowTo("KOR", "re-magnets").join("\n");
  assert.doesNotMatch(kr, /USITC|Eurostat/);
  assert.match(kr, /reporter South Korea, flow Import.*HS 850511/s);
  const metals = importDataHowTo("USA", "re-metals").join("\n");
  assert.doesNotMatch(metals, /loads as/, "HS 280530 is re-metals itself");
});

test("an unknown reporter or commodity is a usage error", async () => {
  const store = await memoryStore();
  await assert.rejects(importDependence(store, { reporter: "ZZZ", commodity: "re-magnets" }), UsageError);
  await assert.rejects(importDependence(store, { reporter: "USA", commodity: "magnets" }), UsageError);
  await assert.rejects(importDependence(store, { reporter: "WLD", commodity: "re-magnets" }), UsageError);
  store.close();
});

test("a bad USGS share is refused with file, line and field", () => {
  const header = "edition,year,country,metric,value,unit,source_url,source_date,note\n";
  const bad = writeTemp(
    "usgs.csv",
    header +
      "MCS2025,2020-2023,USA,import_source_share_CHN,70,%,u,2025-01,\n" +
      "MCS2025,2020-2023,USA,import_source_share_MYS,lots,%,u,2025-01,\n",
  );
  assert.throws(() => usgsImportSources(bad), /usgs\.csv:3: value: "lots" is not a percentage/);
});

// ---- net import reliance ------------------------------------------------------------------------

test("net import reliance on small balances: exact, with ranges, net exporters and stock changes", () => {
  const a = nirFromBalance({ imports: point(10_000), exports: point(1_000), production: between(500, 800) });
  close(a.nir.lo, 9_000 / 9_800);
  close(a.nir.hi, 9_000 / 9_500);
  assert.equal(a.status, "net importer");
  assert.deepEqual(a.apparentConsumption, between(9_500, 9_800));
  assert.equal(displayNir(a.nir, a.status), "92–95%");

  const e = nirFromBalance({ imports: point(100), exports: point(300), production: point(1_000) });
  assert.equal(e.status, "net exporter");
  close(e.nir.lo, -0.25);
  assert.equal(displayNir(e.nir, e.status), "E");

  // A stock draw-down (negative build-up) counts as supply: net 10 − 2 + 2 = 10 of 15.
  const d = nirFromBalance({
    imports: point(10),
    exports: point(2),
    stockChange: point(-2),
    production: point(5),
  });
  close(d.nir.lo, 10 / 15);
  // Apparent consumption as given wins over production.
  const c = nirFromBalance({
    imports: point(10),
    exports: point(2),
    stockChange: point(1),
    production: point(99),
    consumption: point(10),
  });
  close(c.nir.lo, 0.7);
  assert.equal(displayNir(point(1), "net importer"), "100%");
  assert.throws(
    () => nirFromBalance({ imports: point(1), exports: point(5), production: point(2) }),
    /not positive/,
  );
  assert.throws(
    () => nirFromBalance({ imports: point(1), exports: point(0) }),
    /production or apparent consumption/,
  );
});

test("the ratio stays within its corner bounds for every balance inside the ranges", () => {
  const range = (lo: number, hi: number) =>
    fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
  fc.assert(
    fc.property(range(100, 1000), range(0, 90), range(1, 500), ([i, wi], [e, we], [p, wp]) => {
      const b = nirFromBalance({
        imports: between(i, i * 1.1),
        exports: between(e, e * 1.1),
        production: between(p, p * 1.1),
      });
      const ii = i * (1 + 0.1 * wi);
      const ee = e * (1 + 0.1 * we);
      const pp = p * (1 + 0.1 * wp);
      const x = (ii - ee) / (pp + ii - ee);
      assert.ok(x >= b.nir.lo - 1e-12 && x <= b.nir.hi + 1e-12, `${x} outside [${b.nir.lo}, ${b.nir.hi}]`);
    }),
  );
});

test("net import reliance from the user's data where complete, else the bundled USGS figure, saying which", async () => {
  const store = await usStore();
  const n = await netImportReliance(store, {
    reporter: "USA",
    commodity: "re-magnets",
    balance: fixture("balance-usa-magnets.csv"),
  });
  assert.deepEqual(
    n.years.map((y) => [y.year, y.basis, y.display]),
    [
      [2020, "bundled USGS", "100%"],
      [2021, "bundled USGS", "95–100%"],
      // USITC DataWeb figures are exact; only the balance file's rounded figures widen the range.
      [2022, "user data", "95%"],
      [2023, "user data", "92–95%"],
      [2024, "bundled USGS", "80%"],
    ],
  );
  assert.equal(n.basisSummary, "user data for 2022, 2023; bundled USGS for 2020, 2021, 2024");
  const y2023 = n.years[3];
  // Imports: 10,000 t from the USITC file; DataWeb figures are exact, so only ±0.5 kg per row.
  const imports = y2023?.inputs.find((i) => i.metric === "imports");
  assert.equal(imports?.from, "store");
  assert.deepEqual(imports?.value, between(9_999_998, 10_000_002));
  assert.deepEqual(imports?.sources, ["USITC DataWeb, US imports (usitc-annual-8505110070.csv)"]);
  assert.match(
    y2023?.inputs.find((i) => i.metric === "production")?.from ?? "",
    /balance-usa-magnets\.csv:4$/,
  );
  // (imports − exports) ÷ (production + imports − exports), production 500–800 t.
  close(y2023?.nir?.lo, 8_999_998 / 9_799_998);
  close(y2023?.nir?.hi, 9_000_002 / 9_500_002);
  assert.ok(n.years[2]?.notes.includes("No stock change given: taken as 0."));
  const usgs2024 = n.years[4];
  assert.equal(usgs2024?.estimate, true);
  assert.equal(usgs2024?.scope, "US rare-earth compounds and metals, t REO");
  assert.ok(usgs2024?.notes.some((t) => /not re-magnets as such/.test(t)));
  assert.deepEqual(n.years[1]?.nir, between(0.95, 1));
  store.close();
});

test("without a balance file the US falls back to USGS for every year and says what the user data lacks", async () => {
  const store = await usStore();
  const n = await netImportReliance(store, { reporter: "USA", commodity: "re-magnets" });
  assert.ok(n.years.every((y) => y.basis === "bundled USGS"));
  assert.ok(
    n.years
      .find((y) => y.year === 2023)
      ?.notes.some((t) => /lacks exports, production or apparent consumption/.test(t)),
  );
  assert.equal(n.howTo.length, 1);
  const jp = await netImportReliance(store, { reporter: "JPN", commodity: "re-magnets" });
  assert.deepEqual(jp.years, []);
  assert.equal(jp.basisSummary, "no figures");
  store.close();
});

test("yearly trade totals come from the annual figure, else from all twelve months", () => {
  const months = Array.from({ length: 12 }, (_, i) =>
    cell("CHN", 10, { start: M(2024, i + 1), end: M(2024, i + 1) }),
  );
  assert.deepEqual(annualTotal(months, 2024)?.kg, point(120));
  assert.equal(annualTotal(months.slice(1), 2024), null);
  const year = cell("WLD", 500, { periodKind: "year", start: M(2024, 1), end: M(2024, 12), half: 5 });
  assert.deepEqual(annualTotal([...months, year], 2024)?.kg, between(495, 505));
});

test("a bad balance file is refused with file, line, field and reason", () => {
  const header = "year,country,commodity,metric,value,unit,source\n";
  const cases: [string, RegExp][] = [
    ["2023,USA,re-magnets,production,lots,t,S\n", /:2: value: "lots" is not a number or a closed range/],
    ["2023,USA,re-magnets,output,5,t,S\n", /:2: metric: "output" is not one of production, imports/],
    [
      "2023,USA,re-magnets,production,5,t REO,S\n",
      /:2: unit: "t REO" is not kg or t of the commodity as traded/,
    ],
    ["2023,USA,re-magnets,production,>5,t,S\n", /:2: value: ">5" is not a number or a closed range/],
    ["23,USA,re-magnets,production,5,t,S\n", /:2: year: "23" is not a year/],
    ["2023,USA,re-magnets,exports,-5,t,S\n", /:2: value: -5 is negative/],
    [
      "2023,USA,re-magnets,production,5,t,S\n2023,USA,re-magnets,production,6,t,S\n",
      /:3: metric: duplicate production for 2023 \(first at line 2\)/,
    ],
  ];
  for (const [rows, reason] of cases) {
    const path = writeTemp("balance.csv", header + rows);
    assert.throws(() => readBalanceFile(path, "USA", "re-magnets"), reason);
  }
});

test("a bad balance file fails the store path too, as an ImportError", async () => {
  const store = await memoryStore();
  const path = writeTemp(
    "balance.csv",
    "year,country,commodity,metric,value,unit,source\n2023,XXX,re-magnets,production,5,t,S\n",
  );
  const msg = await importError(
    netImportReliance(store, { reporter: "USA", commodity: "re-magnets", balance: path }),
  );
  assert.match(msg, /balance\.csv:2: country: unknown country "XXX"/);
  store.close();
});
