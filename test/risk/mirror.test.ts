import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { importFile } from "../../src/data/import-file.js";
import type { Store } from "../../src/data/store/store.js";
import { UsageError } from "../../src/errors.js";
import { commodityById, type Commodity } from "../../src/ref/commodities.js";
import { between } from "../../src/risk/interval.js";
import {
  compareMirror,
  DEFAULT_MIRROR_BANDS,
  lineRelation,
  MIRROR_CAVEATS,
  mirrorGap,
  mirrorStatistics,
  type MirrorCell,
  type MirrorPair,
} from "../../src/risk/mirror.js";
import { monthOf } from "../../src/units/month.js";
import { importError } from "../helpers/errors.js";
import { memoryStore, writeTemp } from "../helpers/store.js";

const FIXTURES = "test/fixtures/risk/imports";

function close(actual: number | undefined | null, expected: number, eps = 1e-12): void {
  assert.ok(
    actual !== undefined &&
      actual !== null &&
      Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected)),
    `${actual} ≠ ${expected}`,
  );
}

async function fullStore(): Promise<Store> {
  const store = await memoryStore();
  for (const f of [
    "usitc-annual-8505110070.csv",
    "usitc-monthly-8505110070.csv",
    "comtrade-jpn-imports-850511.csv",
    "comtrade-chn-exports-850511.csv",
    "china-exports-observations.csv",
  ]) {
    await importFile(store, join(FIXTURES, f));
  }
  return store;
}

function byPeriod(pairs: readonly MirrorPair[]): Map<string, MirrorPair> {
  return new Map(pairs.map((p) => [`${p.partner} ${p.period}`, p]));
}

// ---- from fixtures ------------------------------------------------------------------------------

test("US: China's reported exports against US imports from China, gaps and flags per period", async () => {
  const store = await fullStore();
  const m = await mirrorStatistics(store, { partner: "USA" });
  const pairs = byPeriod(m.pairs);
  assert.deepEqual([...pairs.keys()], ["USA 2023", "USA 2024-01", "USA 2024-02", "USA 2024-03"]);

  const y2023 = pairs.get("USA 2023");
  assert.equal(y2023?.exports.qtyKg, 7_700_000);
  assert.equal(y2023?.imports.qtyKg, 7_000_000);
  close(y2023?.qtyGap?.pct, ((7_000_000 - 7_700_000) / 7_700_000) * 100);
  close(y2023?.valueGap?.pct, -12.5);
  // Annual band ±10%; the US values imports FOB, so no CIF room on values.
  assert.deepEqual(y2023?.qtyGap?.band, between(-10, 10));
  assert.deepEqual(y2023?.valueGap?.band, between(-10, 10));
  assert.equal(y2023?.qtyGap?.flag, false);
  assert.equal(y2023?.valueGap?.flag, true);
  assert.equal(y2023?.flag, true);

  const jan = pairs.get("USA 2024-01");
  close(jan?.qtyGap?.pct, -6.25);
  close(jan?.valueGap?.pct, ((24_000_000 - 24_800_000) / 24_800_000) * 100);
  assert.deepEqual(jan?.qtyGap?.band, between(-25, 25));
  assert.equal(jan?.flag, false);

  const feb = pairs.get("USA 2024-02");
  close(feb?.qtyGap?.pct, ((400_000 - 700_000) / 700_000) * 100);
  assert.equal(feb?.qtyGap?.flag, true);
  assert.equal(feb?.valueGap?.flag, true);

  const mar = pairs.get("USA 2024-03");
  close(mar?.qtyGap?.pct, (20_000 / 480_000) * 100);
  assert.equal(mar?.valueGap, null, "China gave no value for March");

  assert.equal(y2023?.relation, "same definition, different national lines");
  assert.equal(y2023?.exports.line, "CN-CHN 85051110");
  assert.equal(y2023?.imports.line, "HTS-USA 8505110070");
  assert.deepEqual(m.warnings, [
    "USA: the national lines differ — China's CN-CHN 85051110 against USA's HTS-USA 8505110070; both are " +
      "catalogue re-magnets under HS 850511, but national definitions can differ at the margin. " +
      "(periods: 2023, 2024-01, 2024-02, 2024-03)",
  ]);
  assert.deepEqual(m.unmatched, ["USA: only USA's imports (re-magnets) for 2022"]);
  assert.deepEqual(
    m.sources.map((s) => s.kind),
    ["official", "official", "press", "press", "press", "press"],
  );
  assert.deepEqual(y2023?.exports.sources.length, 1);
  store.close();
});

test("Japan: China's rare-earth line against Japan's HS6 is not like with like, warned loudly and never flagged", async () => {
  const store = await fullStore();
  const m = await mirrorStatistics(store, { partner: "JPN", commodity: "re-magnets" });
  assert.equal(m.pairs.length, 1);
  const p = m.pairs[0];
  assert.equal(p?.relation, "not like with like");
  assert.equal(p?.exports.line, "CN-CHN 85051110");
  assert.equal(p?.imports.line, "HS 850511");
  close(p?.qtyGap?.pct, ((1_500_000 - 350_000) / 350_000) * 100);
  assert.equal(p?.qtyGap?.flag, null);
  assert.equal(p?.flag, null);
  const w = m.warnings[0] ?? "";
  assert.match(w, /^JPN: NOT LIKE WITH LIKE — China's CN-CHN 85051110/);
  assert.match(w, /about twice the rare-earth line 85051110/);
  assert.match(w, /compare like with like with --commodity pm-metal-hs6/);
  assert.deepEqual(m.unmatched, ["JPN: only JPN's imports (pm-metal-hs6) for 2024-02"]);
  store.close();
});

test("Japan at HS6 on both sides: like with like, with the CIF room on values", async () => {
  const store = await fullStore();
  const m = await mirrorStatistics(store, { partner: "JPN", commodity: "pm-metal-hs6" });
  assert.equal(m.pairs.length, 1);
  const p = m.pairs[0];
  assert.equal(p?.relation, "same line");
  assert.equal(p?.exports.line, "HS 850511");
  close(p?.qtyGap?.pct, (80_000 / 1_420_000) * 100);
  close(p?.valueGap?.pct, (4_000_000 / 56_000_000) * 100);
  // Comtrade figures are exact to the unit (±0.5 kg): the range is all but the point.
  assert.ok((p?.qtyGap?.range.hi ?? 1) - (p?.qtyGap?.range.lo ?? 0) < 1e-3);
  assert.deepEqual(p?.valueGap?.band, between(-25, 35));
  assert.equal(p?.flag, false);
  assert.deepEqual(m.warnings, []);
  store.close();
});

test("every partner: pairs for both importers, and the partners China reports with no import data of their own", async () => {
  const store = await fullStore();
  const m = await mirrorStatistics(store);
  assert.deepEqual(
    m.pairs.map((p) => `${p.partner} ${p.period}`),
    ["JPN 2024-01", "USA 2023", "USA 2024-01", "USA 2024-02", "USA 2024-03"],
  );
  assert.deepEqual(m.withoutImporterData, ["DEU"]);
  assert.equal(m.partner, null);
  assert.deepEqual(m.caveats, MIRROR_CAVEATS);
  assert.ok(m.caveats.some((c) => /Rotterdam or Antwerp/.test(c) && /country of origin|origin/.test(c)));
  assert.match(
    m.definition,
    /\(partner's imports from China − China's exports to the partner\) ÷ China's exports/,
  );
  store.close();
});

test("without any importer data there is no pair and the output says how to get it", async () => {
  const store = await memoryStore();
  await importFile(store, join(FIXTURES, "china-exports-observations.csv"));
  const m = await mirrorStatistics(store, { partner: "DEU" });
  assert.deepEqual(m.pairs, []);
  assert.ok(m.howTo.some((h) => /Eurostat Comext/.test(h)));
  const all = await mirrorStatistics(store);
  assert.deepEqual(all.withoutImporterData, ["DEU", "JPN", "USA"]);
  assert.match(all.howTo[0] ?? "", /USITC DataWeb for the United States/);
  store.close();
});

test("bad input: unknown or aggregate partners are usage errors, a bad importer file a located error", async () => {
  const store = await memoryStore();
  await assert.rejects(mirrorStatistics(store, { partner: "ZZZ" }), UsageError);
  await assert.rejects(mirrorStatistics(store, { partner: "CHN" }), UsageError);
  await assert.rejects(mirrorStatistics(store, { partner: "WLD" }), /aggregate with no customs of its own/);
  await assert.rejects(mirrorStatistics(store, { commodity: "magnets" }), UsageError);
  const bad = writeTemp(
    "dataweb.csv",
    "Data Type,HTS Number,Description,Country,Year,Month,Quantity Description,Value\n" +
      "Customs Value,8505110070,MAGNETS,Atlantis,2024,1,,100\n",
  );
  assert.match(
    await importError(importFile(store, bad)),
    /dataweb\.csv:2: Country: unknown country "Atlantis"/,
  );
  store.close();
});

// ---- the pure comparison ------------------------------------------------------------------------

const JAN = monthOf(2024, 1);

function side(
  flow: "export" | "import",
  partnerOrReporter: string,
  commodity: string,
  measure: "qty_kg" | "value",
  v: number,
  over: Partial<MirrorCell> = {},
): MirrorCell {
  return {
    reporter: flow === "export" ? "CHN" : partnerOrReporter,
    partner: flow === "export" ? partnerOrReporter : "CHN",
    flow,
    commodity,
    code: null,
    periodKind: "month",
    start: JAN,
    end: JAN,
    measure,
    v,
    half: 0,
    currency: measure === "value" ? "USD" : null,
    sourceId: flow === "export" ? 1 : 2,
    ...over,
  };
}

test("gap on small inputs: exact percent, rounding range, band edges", () => {
  const g = mirrorGap({ v: 100, half: 0 }, { v: 125, half: 0 }, between(-25, 25));
  assert.equal(g?.pct, 25);
  assert.equal(g?.flag, false, "on the band's edge is inside");
  assert.equal(mirrorGap({ v: 100, half: 0 }, { v: 126, half: 0 }, between(-25, 25))?.flag, true);
  // Rounding that reaches back into the band clears the flag: 126 ± 1 against 100 ± 0.
  const r = mirrorGap({ v: 100, half: 0 }, { v: 126, half: 1 }, between(-25, 25));
  assert.deepEqual(r?.range, between(25, 27));
  assert.equal(r?.flag, false);
  assert.equal(mirrorGap({ v: 0, half: 0 }, { v: 5, half: 0 }, between(-25, 25)), null);
  assert.equal(mirrorGap(null, { v: 5, half: 0 }, between(-25, 25)), null);
  assert.equal(mirrorGap({ v: 100, half: 0 }, { v: 300, half: 0 }, between(-25, 25), false)?.flag, null);
});

test("the gap has the sign of imports − exports and does not change when both sides scale together", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 1e9, noNaN: true }),
      fc.double({ min: 0, max: 1e9, noNaN: true }),
      fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      (x, m, k) => {
        const a = mirrorGap({ v: x, half: 0 }, { v: m, half: 0 }, between(-10, 10));
        const b = mirrorGap({ v: x * k, half: 0 }, { v: m * k, half: 0 }, between(-10, 10));
        assert.equal(Math.sign(a?.pct ?? NaN), Math.sign(m - x));
        close(b?.pct, a?.pct ?? NaN, 1e-9);
        assert.ok((a?.range.lo ?? NaN) <= (a?.pct ?? NaN) && (a?.pct ?? NaN) <= (a?.range.hi ?? NaN));
      },
    ),
  );
});

test("a flagged pair stays flagged whatever the figures' order in the input", () => {
  const cells = [
    side("export", "KOR", "re-magnets", "qty_kg", 1000),
    side("import", "KOR", "re-magnets", "qty_kg", 600),
    side("export", "KOR", "re-magnets", "value", 50_000),
    side("import", "KOR", "re-magnets", "value", 52_000),
  ];
  const a = compareMirror(cells, { commodity: "re-magnets" });
  const b = compareMirror([...cells].reverse(), { commodity: "re-magnets" });
  assert.deepEqual(a, b);
  const p = a.pairs[0];
  assert.equal(p?.relation, "same line");
  assert.equal(p?.qtyGap?.pct, -40);
  assert.equal(p?.qtyGap?.flag, true);
  close(p?.valueGap?.pct, 4);
  assert.deepEqual(p?.valueGap?.band, between(-25, 35), "Korea values imports CIF");
  assert.equal(p?.flag, true);
});

test("EU27 compares with China's EU27 figure; WLD is never a partner; currencies are never mixed", () => {
  const r = compareMirror(
    [
      side("export", "EU27", "re-magnets", "qty_kg", 1000),
      side("import", "EU27", "re-magnets", "qty_kg", 1050),
      side("export", "EU27", "re-magnets", "value", 1000),
      side("import", "EU27", "re-magnets", "value", 900, { currency: "EUR" }),
      side("export", "WLD", "re-magnets", "qty_kg", 5000),
    ],
    { commodity: "re-magnets" },
  );
  assert.deepEqual(
    r.pairs.map((p) => p.partner),
    ["EU27"],
  );
  close(r.pairs[0]?.qtyGap?.pct, 5);
  assert.equal(r.pairs[0]?.valueGap, null);
  assert.match(r.warnings[0] ?? "", /^EU27: values are in USD and EUR; no value gap without a sourced rate/);
  assert.deepEqual(r.withoutImporterData, []);
});

test("only lines that nest are compared, and like with like wins where it exists", () => {
  const cells = [
    side("export", "KOR", "re-magnets", "qty_kg", 100),
    side("export", "KOR", "pm-metal-hs6", "qty_kg", 210),
    side("import", "KOR", "pm-metal-hs6", "qty_kg", 220),
    side("import", "KOR", "re-magnets", "qty_kg", 104),
    side("import", "KOR", "re-metals", "qty_kg", 999),
  ];
  const like = compareMirror(cells, { commodity: "re-magnets" });
  assert.deepEqual(
    like.pairs.map((p) => [p.exports.commodity, p.imports.commodity, p.relation]),
    [["re-magnets", "re-magnets", "same line"]],
  );
  const cross = compareMirror(
    cells.filter((c) => !(c.flow === "import" && c.commodity === "re-magnets")),
    { commodity: "re-magnets" },
  );
  assert.deepEqual(
    cross.pairs.map((p) => [p.exports.commodity, p.imports.commodity, p.relation]),
    [["re-magnets", "pm-metal-hs6", "not like with like"]],
  );
  const metals = compareMirror(cells, { commodity: "re-metals" });
  assert.deepEqual(metals.pairs, [], "re-metals has no China side and nests with nothing here");
  assert.throws(
    () => compareMirror([side("export", "KOR", "re-magnets", "qty_kg", -1)], { commodity: "re-magnets" }),
    /negative/,
  );
});

test("line relations through the crosswalk", () => {
  const magnets = commodityById("re-magnets") as Commodity;
  const hs6 = commodityById("pm-metal-hs6") as Commodity;
  const chn = { scheme: "CN-CHN" as const, code: "85051110" };
  assert.equal(lineRelation(magnets, chn, magnets, chn), "same line");
  assert.equal(
    lineRelation(magnets, chn, magnets, { scheme: "HTS-USA", code: "8505110070" }),
    "same definition, different national lines",
  );
  assert.equal(lineRelation(magnets, chn, hs6, { scheme: "HS", code: "850511" }), "not like with like");
  assert.deepEqual(DEFAULT_MIRROR_BANDS, { annualPct: 10, monthlyPct: 25, cifFobPct: 10 });
});
