// The data routes — sources, conflicts, and imports with the bearer token — through app.inject.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { listConflicts, listSources } from "../../src/index.js";
import { asJson, assertBadField, assertParquet, AUTH, csvOf, serve, type Served } from "./helpers.js";

const SMALL = readFileSync("test/fixtures/observations/magnets-small.csv");
const HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note\n";

describe("GET /api/sources and /api/conflicts", () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());

  test("lists every bundled source with its file and row count", async () => {
    const res = await s.app.inject("/api/sources");
    assert.equal(res.statusCode, 200);
    const sources = res.json();
    assert.deepEqual(sources, asJson(await listSources(s.store)));
    assert.ok(sources.length > 50);
    assert.ok(sources.every((x: { bundled: boolean }) => x.bundled));
    assert.equal(sources[0]?.source_id, 1);
  });

  test("downloads the sources as CSV and Parquet", async () => {
    const { header, rows } = csvOf(await s.app.inject("/api/sources?format=csv"), "sources");
    assert.deepEqual(header, [
      "source_id",
      "kind",
      "citation",
      "url",
      "licence",
      "source_date",
      "row_count",
      "file_name",
      "format",
      "sha256_12",
      "imported_at",
      "bundled",
    ]);
    assert.match(rows[0] as string, /^1,press,/);
    assertParquet(await s.app.inject("/api/sources?format=parquet"), "sources");
  });

  test("lists the contested cells with every version and the winner", async () => {
    const res = await s.app.inject("/api/conflicts");
    assert.equal(res.statusCode, 200);
    const conflicts = res.json();
    assert.deepEqual(conflicts, asJson(await listConflicts(s.store)));
    assert.ok(conflicts.length > 0);
    for (const c of conflicts) assert.equal(c.versions.filter((v: { won: boolean }) => v.won).length, 1);
  });

  test("downloads one row per version", async () => {
    const conflicts = (await s.app.inject("/api/conflicts")).json();
    const versions = conflicts.reduce((n: number, c: { versions: unknown[] }) => n + c.versions.length, 0);
    const { header, rows } = csvOf(await s.app.inject("/api/conflicts?format=csv"), "conflicts");
    assert.deepEqual(header.slice(0, 9), [
      "reporter",
      "partner",
      "flow",
      "commodity",
      "period",
      "stat",
      "measure",
      "withinRounding",
      "value",
    ]);
    assert.equal(rows.length, versions);
    assertParquet(await s.app.inject("/api/conflicts?format=parquet"), "conflicts");
  });

  test("reject unknown parameters and formats, naming them", async () => {
    assertBadField(await s.app.inject("/api/sources?format=xml"), "format");
    assertBadField(await s.app.inject("/api/conflicts?kind=press"), "kind");
  });
});

describe("POST /api/imports", () => {
  let s: Served;
  before(async () => {
    s = await serve({ bodyLimit: 64 * 1024 });
  });
  after(() => s.close());

  const post = (url: string, payload: string | Buffer | undefined, headers: Record<string, string> = {}) =>
    s.app.inject({ method: "POST", url, ...(payload !== undefined ? { payload } : {}), headers });

  test("without the token is a 401 problem with a Bearer challenge, and nothing is imported", async () => {
    const before = (await s.app.inject("/api/sources")).json().length;
    const res = await post("/api/imports?name=magnets-small.csv", SMALL, { "content-type": "text/csv" });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers["www-authenticate"], 'Bearer realm="lodestone"');
    assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(res.json().type, "urn:lodestone:problem:unauthorized");
    const wrong = await post("/api/imports?name=magnets-small.csv", SMALL, {
      authorization: "Bearer not-the-token",
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().detail, "the bearer token is not the server's");
    assert.equal((await s.app.inject("/api/sources")).json().length, before);
  });

  test("with the token imports the file, says what it added, and the series shows it at once", async () => {
    const q = "/api/series?partner=USA&from=2024-06&to=2024-06";
    const was = (await s.app.inject(q)).json().rows[0];
    assert.equal(was.status, "derived");
    const res = await post("/api/imports?name=magnets-small.csv", SMALL, {
      ...AUTH,
      "content-type": "text/csv",
    });
    assert.equal(res.statusCode, 200, res.body);
    const outcome = res.json();
    assert.deepEqual(
      { ...outcome, importId: 0, sha256: "" },
      {
        status: "imported",
        importId: 0,
        fileName: "magnets-small.csv",
        format: "observations",
        sha256: "",
        sources: 7,
        flows: 11,
        events: 0,
      },
    );
    assert.match(outcome.sha256, /^[0-9a-f]{64}$/);
    // The cached series was dropped: June 2024 to the US is now the imported, observed figure.
    const now = (await s.app.inject(q)).json().rows[0];
    assert.equal(now.status, "observed");
    assert.equal(now.qty.value, 500_000);
  });

  test("the same bytes again (any content type) are a no-op that says when they were first imported", async () => {
    const res = await post("/api/imports?name=again.csv", SMALL, {
      ...AUTH,
      "content-type": "application/octet-stream",
    });
    assert.equal(res.statusCode, 200);
    const o = res.json();
    assert.equal(o.status, "unchanged");
    assert.equal(o.flows, 0);
    assert.match(o.firstImportedAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("a bad file is a 422 naming its line and field, and leaves the store as it was", async () => {
    const sources = (await s.app.inject("/api/sources")).json().length;
    const bad = `${HEADER}2025-06,CHN,ZZZ,export,re-magnets,1,,,,S,,,1,\n`;
    const res = await post("/api/imports?name=bad.csv", bad, { ...AUTH, "content-type": "text/csv" });
    assert.equal(res.statusCode, 422, res.body);
    const p = res.json();
    assert.deepEqual(
      { type: p.type, status: p.status, file: p.file, line: p.line, field: p.field, detail: p.detail },
      {
        type: "urn:lodestone:problem:import-rejected",
        status: 422,
        file: "bad.csv",
        line: 2,
        field: "partner",
        detail: 'bad.csv:2: partner: unknown country or aggregate code "ZZZ"',
      },
    );
    assert.ok(!res.body.includes("    at "), "no stack trace");
    assert.equal((await s.app.inject("/api/sources")).json().length, sources);
  });

  test("an empty body, a missing name and an unknown format are 400s naming the field", async () => {
    assertBadField(await post("/api/imports?name=x.csv", undefined, AUTH), "body", /is empty/);
    assertBadField(
      await post("/api/imports", SMALL, { ...AUTH, "content-type": "text/csv" }),
      "name",
      /is required/,
    );
    assertBadField(await post("/api/imports?name=../x.csv", SMALL, AUTH), "name", /not a file name/);
    assertBadField(await post("/api/imports?name=x.csv&format=pdf", SMALL, AUTH), "format");
  });

  test("a body over the limit is a 413 problem", async () => {
    const res = await post("/api/imports?name=big.csv", Buffer.alloc(64 * 1024 + 1, 0x61), {
      ...AUTH,
      "content-type": "text/csv",
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().type, "urn:lodestone:problem:payload-too-large");
  });

  test("the token is checked before the body is read: an unauthorised oversized upload is a 401", async () => {
    const res = await post("/api/imports?name=big.csv", Buffer.alloc(64 * 1024 + 1, 0x61), {
      "content-type": "text/csv",
    });
    assert.equal(res.statusCode, 401);
  });

  test("GET on the import route is a 404 problem", async () => {
    const res = await s.app.inject("/api/imports");
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().type, "urn:lodestone:problem:not-found");
  });
});
