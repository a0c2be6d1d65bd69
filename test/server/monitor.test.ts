// The monitor routes — series, coverage, top, brief, events — through app.inject (no socket):
// real values, the body equal to the core's result, 400s naming the field, CSV and Parquet.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  brief,
  coverage,
  monthlySeries,
  parseMonth,
  readEvents,
  top,
  type MonthIndex,
} from "../../src/index.js";
import { asJson, assertBadField, assertParquet, csvOf, serve, type Served } from "./helpers.js";

let s: Served;
before(async () => {
  s = await serve();
});
after(() => s.close());

const month = (text: string) => parseMonth(text) as MonthIndex;
const series = { reporter: "CHN", flow: "export", commodity: "re-magnets" };

describe("GET /api/series", () => {
  test("gives one partner's months with their figures, as the core computes them", async () => {
    const res = await s.app.inject("/api/series?partner=USA&from=2025-05&to=2025-06");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const body = res.json();
    assert.deepEqual(
      body.rows.map((r: { month: number; qty: { value: number } | null }) => [r.month, r.qty?.value]),
      [
        [month("2025-05"), 46_400],
        [month("2025-06"), 353_000],
      ],
    );
    assert.equal(body.rows[1].qty.basis, "observed");
    const core = await monthlySeries(s.store, {
      ...series,
      partner: "USA",
      from: month("2025-05"),
      to: month("2025-06"),
    });
    assert.deepEqual(body, asJson(core));
  });

  test("defaults to the world total, and answers the same body again from the cache", async () => {
    const a = await s.app.inject("/api/series?from=2025-06&to=2025-06");
    const b = await s.app.inject("/api/series?from=2025-06&to=2025-06&partner=wld");
    assert.equal(a.json().rows[0].qty.value, 3_188_000);
    assert.equal(a.body, b.body);
  });

  test("rejects a bad month, an unknown partner, commodity or flow, and an unknown parameter, naming each", async () => {
    assertBadField(
      await s.app.inject("/api/series?from=2025-13"),
      "from",
      /"2025-13" is not a month: use YYYY-MM/,
    );
    assertBadField(await s.app.inject("/api/series?partner=ZZZ"), "partner", /not a known ISO3 code/);
    assertBadField(await s.app.inject("/api/series?commodity=gold"), "commodity", /not in the catalogue/);
    assertBadField(await s.app.inject("/api/series?flow=smuggled"), "flow");
    assertBadField(await s.app.inject("/api/series?period=2025-06"), "period", /not a parameter/);
    assertBadField(await s.app.inject("/api/series?format=xlsx"), "format");
  });

  test("downloads as CSV with months as YYYY-MM, and as Parquet", async () => {
    const { header, rows } = csvOf(
      await s.app.inject("/api/series?partner=USA&from=2025-06&to=2025-06&format=csv"),
      "series",
    );
    assert.deepEqual(header.slice(0, 3), ["partner", "month", "status"]);
    assert.ok(
      header.includes("qty.value") && header.includes("qty.sources") && header.includes("yoyPct.value"),
    );
    assert.equal(rows.length, 1);
    const cells = (rows[0] as string).split(",");
    assert.deepEqual(cells.slice(0, 3), ["USA", "2025-06", "observed"]);
    assert.equal(cells[header.indexOf("qty.value")], "353000");
    assertParquet(await s.app.inject("/api/series?partner=USA&format=parquet"), "series");
  });
});

describe("GET /api/coverage", () => {
  test("gives months × partners as observed, derived or missing", async () => {
    const res = await s.app.inject("/api/coverage?from=2025-01&to=2025-06&partner=WLD");
    assert.equal(res.statusCode, 200);
    const c = res.json();
    assert.deepEqual(c.months, ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]);
    assert.equal(c.rows.length, 1);
    assert.equal(c.rows[0].partner, "WLD");
    assert.equal(c.rows[0].cells[5], "observed");
    const core = await coverage(s.store, {
      ...series,
      partner: "WLD",
      from: month("2025-01"),
      to: month("2025-06"),
    });
    assert.deepEqual(c, asJson(core));
  });

  test("rejects a bad month naming it", async () => {
    assertBadField(await s.app.inject("/api/coverage?to=June"), "to", /not a month/);
  });

  test("downloads one row per partner and month", async () => {
    const { header, rows } = csvOf(
      await s.app.inject("/api/coverage?from=2025-05&to=2025-06&partner=WLD&format=csv"),
      "coverage",
    );
    assert.deepEqual(header, ["partner", "month", "state"]);
    assert.deepEqual(rows, ["WLD,2025-05,observed", "WLD,2025-06,observed"]);
    assertParquet(await s.app.inject("/api/coverage?format=parquet"), "coverage");
  });
});

describe("GET /api/top", () => {
  test("ranks the partners of a month with shares", async () => {
    const res = await s.app.inject("/api/top?period=2025-06&n=1");
    assert.equal(res.statusCode, 200);
    const t = res.json();
    assert.equal(t.period, "2025-06");
    assert.equal(t.world.value, 3_188_000);
    assert.equal(t.rows.length, 1);
    assert.deepEqual(t.rows[0], { ...t.rows[0], rank: 1, partner: "USA", name: "United States" });
    assert.equal(t.rows[0].qty.value, 353_000);
    assert.equal(t.rows[0].sharePct.value.toFixed(1), "11.1");
    const core = await top(s.store, { ...series, period: month("2025-06"), n: 1 });
    assert.deepEqual(t, asJson(core));
    assert.equal((await s.app.inject("/api/top?period=2025-06")).json().rows.length, 2, "both June partners");
  });

  test("rejects a count that is not a positive whole number, naming n", async () => {
    assertBadField(await s.app.inject("/api/top?n=0"), "n", /not a positive whole number/);
    assertBadField(await s.app.inject("/api/top?n=ten"), "n");
    assertBadField(await s.app.inject("/api/top?period=2025-6"), "period");
  });

  test("downloads the ranked rows", async () => {
    const { header, rows } = csvOf(await s.app.inject("/api/top?period=2025-06&n=2&format=csv"), "top");
    assert.deepEqual(header.slice(0, 4), ["period", "rank", "partner", "name"]);
    assert.equal(rows.length, 2);
    assert.match(rows[0] as string, /^2025-06,1,USA,United States,353000,/);
    assertParquet(await s.app.inject("/api/top?format=parquet"), "top");
  });
});

describe("GET /api/brief", () => {
  test("gives the June 2025 briefing with its figures and sources", async () => {
    const res = await s.app.inject("/api/brief?period=2025-06");
    assert.equal(res.statusCode, 200);
    const b = res.json();
    assert.equal(b.world.qty.value, 3_188_000);
    assert.equal(b.world.qty.basis, "observed");
    assert.equal(b.world.mom_pct.value.toFixed(1), "157.5");
    assert.equal(b.world.yoy_pct.value, -38.1);
    assert.equal(b.world.ytd.value, 22_319_000);
    assert.match(b.text, /^In June 2025 China exported 3,188 t of rare-earth permanent magnets\[1\]/);
    assert.deepEqual(b, asJson(await brief(s.store, { period: month("2025-06") })));
  });

  test("rejects a bad period naming it; a month without a world total is a 400 that says which months have one", async () => {
    assertBadField(await s.app.inject("/api/brief?period=2025-13"), "period", /not a month/);
    assertBadField(await s.app.inject("/api/brief?format=csv"), "format", /not a parameter/);
    const res = await s.app.inject("/api/brief?period=1999-01");
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /^no observed world total for 1999-01; months with one: /);
    assert.equal(res.json().field, "period");
  });
});

describe("GET /api/events", () => {
  test("lists the policy events with scope, status and source", async () => {
    const res = await s.app.inject("/api/events");
    assert.equal(res.statusCode, 200);
    const events = res.json();
    assert.deepEqual(events, asJson(await readEvents(s.store)));
    const quota = events.find((e: { id: string }) => e.id === "CHN-2006-quota");
    assert.equal(quota?.type, "export_control");
    assert.equal(quota?.status, "ended");
  });

  test("rejects an unknown parameter naming it", async () => {
    assertBadField(await s.app.inject("/api/events?actor=CHN"), "actor");
  });

  test("downloads with lists joined and text quoted as RFC 4180 asks", async () => {
    const { header, rows } = csvOf(await s.app.inject("/api/events?format=csv"), "events");
    assert.deepEqual(header.slice(0, 5), ["id", "date", "start", "actor", "type"]);
    assert.equal(
      rows.find((r) => r.startsWith("CHN-2006-quota,")),
      'CHN-2006-quota,2006,2006-01-01,CHN,export_control,,,,,rare earths (all),"Export quota 61,560 t (start of a halving to 30,259 t by 2010).",ended,,false,,64',
    );
    assertParquet(await s.app.inject("/api/events?format=parquet"), "events");
  });
});
