// The risk routes — stages, imports, mirror, crm, exposure, prices — through app.inject: the
// bundled data's real values, the body equal to the core's result, 400s naming the field, tables.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  chinaMagnetDependence,
  EI_THRESHOLD,
  EU_CRM_METHOD,
  exposure,
  importDependence,
  loadIntensities,
  loadOxidePrices,
  loadStageShares,
  loadVolumes,
  magnetOxidePrices,
  mirrorStatistics,
  netImportReliance,
  recomputeEuCrm,
  SR_THRESHOLD,
  stageConcentration,
} from "../../src/index.js";
import { asJson, assertBadField, assertParquet, csvOf, serve, type Served } from "./helpers.js";

let s: Served;
before(async () => {
  s = await serve();
});
after(() => s.close());

describe("GET /api/risk/stages", () => {
  test("gives 2023 separation an HHI of 8,489–8,498 and magnet making as the bottleneck", async () => {
    const res = await s.app.inject("/api/risk/stages?year=2023");
    assert.equal(res.statusCode, 200);
    const chain = res.json();
    const sep = chain.stages.find((m: { stage: string }) => m.stage === "separation");
    assert.equal(sep.year, 2023);
    assert.equal(sep.leader, "CHN");
    assert.equal(Math.round(sep.hhiPoints.lo), 8489);
    assert.equal(Math.round(sep.hhiPoints.hi), 8498);
    assert.equal(chain.stages.find((m: { stage: string }) => m.stage === "metal").noData, true);
    assert.equal(chain.bottleneck.stage, "magnet");
    assert.deepEqual(chain, asJson(stageConcentration(loadStageShares({ year: 2023 }))));
  });

  test("rejects a year that is not YYYY, naming it", async () => {
    assertBadField(await s.app.inject("/api/risk/stages?year=23"), "year", /not a year: use YYYY/);
  });

  test("downloads one row per stage", async () => {
    const { header, rows } = csvOf(await s.app.inject("/api/risk/stages?year=2023&format=csv"), "stages");
    assert.deepEqual(header.slice(0, 4), ["stage", "year", "basis", "noData"]);
    assert.ok(header.includes("hhiPoints.lo") && header.includes("nMinus1.hi"));
    assert.deepEqual(
      rows.map((r) => r.split(",")[0]),
      ["mining", "separation", "metal", "magnet"],
    );
    const sep = (rows[1] as string).split(",");
    assert.equal(sep[header.indexOf("hhiPoints.lo")], "8489");
    assertParquet(await s.app.inject("/api/risk/stages?format=parquet"), "stages");
  });
});

describe("GET /api/risk/imports", () => {
  test("says the store has no US import data, gives the USGS context and net import reliance", async () => {
    const res = await s.app.inject("/api/risk/imports?reporter=usa");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.imports.status, "no-data");
    assert.equal(body.imports.reporter, "USA");
    assert.deepEqual(body.imports.context.chinaShare, { lo: 0.695, hi: 0.705 });
    assert.deepEqual(
      body.netImportReliance.years.map((y: { year: number; display: string }) => [y.year, y.display]),
      [
        [2020, "100%"],
        [2021, "95–100%"],
        [2022, "95–100%"],
        [2023, "95–100%"],
        [2024, "80%"],
      ],
    );
    const q = { reporter: "USA", commodity: "re-magnets" };
    assert.deepEqual(
      body,
      asJson({
        imports: await importDependence(s.store, { ...q, by: "year" }),
        netImportReliance: await netImportReliance(s.store, q),
      }),
    );
  });

  test("needs a reporter, and rejects an unknown one or a bad period view, naming each", async () => {
    assertBadField(await s.app.inject("/api/risk/imports"), "reporter", /is required/);
    assertBadField(await s.app.inject("/api/risk/imports?reporter=XXX"), "reporter");
    assertBadField(await s.app.inject("/api/risk/imports?reporter=USA&by=week"), "by");
  });

  test("downloads an empty table when there is no import data, and Parquet", async () => {
    const res = await s.app.inject("/api/risk/imports?reporter=USA&format=csv");
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, "");
    assertParquet(await s.app.inject("/api/risk/imports?reporter=USA&format=parquet"), "imports");
  });
});

describe("GET /api/risk/mirror", () => {
  test("finds no pair on the bundled data and lists who lacks importer-side figures", async () => {
    const res = await s.app.inject("/api/risk/mirror");
    assert.equal(res.statusCode, 200);
    const m = res.json();
    assert.equal(m.commodity, "re-magnets");
    assert.deepEqual(m.pairs, []);
    assert.ok(m.withoutImporterData.includes("USA"));
    assert.deepEqual(m, asJson(await mirrorStatistics(s.store, { commodity: "re-magnets" })));
  });

  test("rejects an unknown partner or commodity, naming it", async () => {
    assertBadField(await s.app.inject("/api/risk/mirror?partner=Narnia"), "partner");
    assertBadField(await s.app.inject("/api/risk/mirror?commodity=tea"), "commodity");
  });

  test("downloads the pairs", async () => {
    const res = await s.app.inject("/api/risk/mirror?format=csv");
    assert.equal(res.headers["content-disposition"], 'attachment; filename="lodestone-mirror.csv"');
    assertParquet(await s.app.inject("/api/risk/mirror?format=parquet"), "mirror");
  });
});

describe("GET /api/risk/crm", () => {
  test("recomputes neodymium's supply risk beside the EU's published 4.5", async () => {
    const res = await s.app.inject("/api/risk/crm?material=nd");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.method, EU_CRM_METHOD);
    assert.deepEqual(body.thresholds, { sr: SR_THRESHOLD, ei: EI_THRESHOLD });
    assert.equal(body.recomputations.length, 1);
    const nd = body.recomputations[0];
    assert.equal(nd.material, "Neodymium");
    assert.equal(nd.published.sr, 4.5);
    assert.equal(nd.result.sr.lo.toFixed(2), "4.24");
    assert.equal(nd.result.sr.hi.toFixed(2), "4.67");
    assert.equal(nd.result.verdict, "critical");
    assert.deepEqual(body.recomputations, asJson(recomputeEuCrm({ materials: ["Neodymium"] })));
  });

  test("rejects a material that is not recomputed, naming it", async () => {
    assertBadField(await s.app.inject("/api/risk/crm?material=Gold"), "material", /is not recomputed/);
    assertBadField(await s.app.inject("/api/risk/crm?whatIf=x.csv"), "whatIf", /not a parameter/);
  });

  test("applies what-if rows given as CSV text, and refuses a bad row with its line and field", async () => {
    const csv =
      "material,stage,field,country,value\nNd,processing,share,CHN,75\nNd,processing,share,AUS,12\n";
    const res = await s.app.inject(`/api/risk/crm?material=Nd&what-if=${encodeURIComponent(csv)}`);
    assert.equal(res.statusCode, 200);
    const nd = res.json().recomputations[0];
    // China 75% and Australia 12% of processing: SR falls from 4.24–4.67 to 3.10–3.26.
    assert.equal(nd.whatIf.result.sr.lo.toFixed(2), "3.10");
    assert.equal(nd.whatIf.result.sr.hi.toFixed(2), "3.26");
    const bad = await s.app.inject(
      `/api/risk/crm?what-if=${encodeURIComponent("material,stage,field,country,value\nNd,processing,share,XXX,75\n")}`,
    );
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(
      [bad.json().detail, bad.json().line, bad.json().field],
      ['what-if:2: country: unknown country "XXX"', 2, "country"],
    );
  });

  test("downloads one row per material", async () => {
    const { header, rows } = csvOf(await s.app.inject("/api/risk/crm?format=csv"), "crm");
    assert.deepEqual(header.slice(0, 3), ["material", "symbol", "srPublished"]);
    assert.equal(rows.length, 7);
    assert.match(rows.find((r) => r.startsWith("Neodymium,")) as string, /^Neodymium,Nd,4\.5,4\.2353/);
    assertParquet(await s.app.inject("/api/risk/crm?format=parquet"), "crm");
  });
});

describe("GET /api/risk/exposure", () => {
  test("puts US wind first: 2,600 t of magnet a year, 2,080–2,600 t of it at risk", async () => {
    const res = await s.app.inject("/api/risk/exposure?region=USA");
    assert.equal(res.statusCode, 200);
    const e = res.json();
    const [wind, ev] = e.endUses;
    assert.equal(wind.key, "wind");
    assert.equal(wind.rank, 1);
    assert.deepEqual(wind.demand.kg, { lo: 2_600_000, hi: 2_600_000 });
    assert.deepEqual(wind.atRisk.kg, { lo: 2_080_000, hi: 2_600_000 });
    assert.equal(ev.key, "ev-traction");
    assert.deepEqual(ev.demand.kg, { lo: 1_270_000, hi: 2_550_000 });
    assert.equal(
      e.endUses.find((u: { key: string }) => u.key === "f35").noData,
      "no volume for USA (volumes for WLD)",
    );
    const core = exposure({
      intensities: loadIntensities(),
      volumes: loadVolumes(),
      region: "USA",
      dependence: chinaMagnetDependence(loadStageShares()),
    });
    assert.deepEqual(e, asJson({ ...core, oxidePrices: magnetOxidePrices(loadOxidePrices().series) }));
  });

  test("takes an inventory and one end use: months of cover for wind", async () => {
    const res = await s.app.inject("/api/risk/exposure?region=USA&end-use=wind&inventory-t=260");
    assert.equal(res.statusCode, 200, res.body);
    const e = res.json();
    assert.deepEqual(e.inventory, { kind: "mass", endUse: "wind", basis: "magnet", kg: 260_000 });
    assert.equal(e.endUses.length, 1);
    // 260 t against 2,080–2,600 t a year at risk: 1.2–1.5 months.
    assert.equal(e.endUses[0].cover.ofShortfall.lo.toFixed(2), "1.20");
    assert.equal(e.endUses[0].cover.ofShortfall.hi.toFixed(2), "1.50");
  });

  test("rejects bad values and combinations, naming the field", async () => {
    assertBadField(await s.app.inject("/api/risk/exposure?region=Mars"), "region");
    assertBadField(await s.app.inject("/api/risk/exposure?end-use=toaster"), "end-use", /not an end use/);
    assertBadField(await s.app.inject("/api/risk/exposure?inventory-months=-1"), "inventory-months");
    assertBadField(await s.app.inject("/api/risk/exposure?inventory-t=5"), "end-use", /needs end-use/);
    assertBadField(
      await s.app.inject("/api/risk/exposure?end-use=wind&inventory-t=5&inventory-months=2"),
      "inventory-t",
      /not both/,
    );
    assertBadField(await s.app.inject("/api/risk/exposure?china-share=120"), "china-share", /not a share/);
    assertBadField(await s.app.inject("/api/risk/exposure?inventory-basis=gold"), "inventory-basis");
  });

  test("takes the user's own China share as an assumption", async () => {
    const e = (await s.app.inject("/api/risk/exposure?region=USA&china-share=60-80")).json();
    assert.deepEqual(e.dependence.share, { lo: 0.6, hi: 0.8 });
    assert.equal(e.dependence.via, "assumption");
    assert.deepEqual(e.endUses[0].atRisk.kg, { lo: 1_560_000, hi: 2_080_000 });
  });

  test("downloads one row per end use", async () => {
    const { header, rows } = csvOf(
      await s.app.inject("/api/risk/exposure?region=USA&format=csv"),
      "exposure",
    );
    assert.deepEqual(header.slice(0, 3), ["key", "name", "rank"]);
    assert.match(rows[0] as string, /^wind,"wind turbines, all types",1,/);
    assertParquet(await s.app.inject("/api/risk/exposure?format=parquet"), "exposure");
  });
});

describe("GET /api/risk/prices", () => {
  test("gives neodymium oxide down 28.2% in 2024 and China's export unit values", async () => {
    const res = await s.app.inject("/api/risk/prices?from=2025-01&to=2025-03");
    assert.equal(res.statusCode, 200);
    const p = res.json();
    const nd = p.oxides.stress.find((x: { metric: string }) => x.metric === "price_neodymium_oxide_99.5");
    assert.equal(nd.stress.changePct.toFixed(1), "-28.2");
    assert.deepEqual(
      p.exports.points.map((x: { month: string; qtyStatus: string }) => [x.month, x.qtyStatus]),
      [
        ["2025-01", "observed"],
        ["2025-02", "missing"],
        ["2025-03", "derived"],
      ],
    );
    assert.equal(p.exports.partner, "WLD");
  });

  test("rejects a bad month or table, naming it", async () => {
    assertBadField(await s.app.inject("/api/risk/prices?from=2025"), "from", /not a month/);
    assertBadField(await s.app.inject("/api/risk/prices?table=metals"), "table");
  });

  test("downloads the oxide price points or the export unit values", async () => {
    const oxides = csvOf(await s.app.inject("/api/risk/prices?format=csv"), "prices-oxides");
    assert.deepEqual(oxides.header, [
      "metric",
      "name",
      "unit",
      "year",
      "value",
      "estimate",
      "edition",
      "line",
    ]);
    assert.equal(oxides.rows[0], "price_cerium_oxide_99.5,Cerium oxide 99.5%,USD/kg,2020,2,false,MCS2025,47");
    const exports = csvOf(
      await s.app.inject("/api/risk/prices?format=csv&table=exports&from=2025-01&to=2025-01"),
      "prices-exports",
    );
    assert.deepEqual(exports.rows, ["WLD,2025-01,6357000,observed,,,,,,,"]);
    assertParquet(await s.app.inject("/api/risk/prices?format=parquet&table=exports"), "prices-exports");
  });
});
