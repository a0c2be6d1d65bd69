// The app as a whole, through app.inject: the OpenAPI document and the docs, 404s, problem
// details with no stack trace, security headers, no CORS, rate limiting, reads off loopback,
// and the dashboard (built or not).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { StoreError, type Store } from "../../src/index.js";
import { buildApp } from "../../src/server/app.js";
import { webRootFor } from "../../src/server/web.js";
import { tempDir } from "../helpers/store.js";
import { AUTH, serve, TOKEN, type Served } from "./helpers.js";

const ROUTES = [
  ["get", "/api/sources"],
  ["get", "/api/conflicts"],
  ["get", "/api/coverage"],
  ["get", "/api/series"],
  ["get", "/api/top"],
  ["get", "/api/brief"],
  ["get", "/api/events"],
  ["get", "/api/risk/stages"],
  ["get", "/api/risk/imports"],
  ["get", "/api/risk/mirror"],
  ["get", "/api/risk/crm"],
  ["get", "/api/risk/exposure"],
  ["get", "/api/risk/prices"],
  ["post", "/api/imports"],
  ["post", "/api/jobs"],
  ["get", "/api/jobs"],
  ["get", "/api/jobs/{id}"],
  ["get", "/api/jobs/{id}/events"],
  ["get", "/api/jobs/{id}/result"],
  ["delete", "/api/jobs/{id}"],
  ["delete", "/api/jobs/{id}/result"],
  ["get", "/api/specs/{kind}"],
  ["get", "/api/specs/{kind}/{name}"],
  ["post", "/api/specs/{kind}/validate"],
  ["put", "/api/specs/{kind}/{name}"],
  ["delete", "/api/specs/{kind}/{name}"],
  ["get", "/api/plan/levers"],
  ["get", "/api/plan/recycling"],
] as const;

/** The media type of a route's answer: JSON, but an event stream for a job's events. */
const bodyType = (path: string) => (path.endsWith("{id}/events") ? "text/event-stream" : "application/json");

let s: Served;
before(async () => {
  s = await serve();
});
after(() => s.close());

describe("the OpenAPI document and the docs", () => {
  test("/openapi.json is OpenAPI 3.1 and lists every route, and nothing else", async () => {
    const res = await s.app.inject("/openapi.json");
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(doc.info.title, "Lodestone API");
    assert.deepEqual(
      Object.entries(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`))
        .sort(),
      ROUTES.map(([m, p]) => `${m} ${p}`).sort(),
    );
    for (const [method, path] of ROUTES) {
      const op = doc.paths[path][method];
      assert.ok(op.summary, `${path} has a summary`);
      const ok = op.responses["200"] ?? op.responses["202"] ?? op.responses["204"];
      assert.ok(ok.description, `${method} ${path} documents its answer`);
      if (Object.keys(ok.content ?? {}).length > 0)
        assert.ok(ok.content[bodyType(path)].schema, `${method} ${path} documents its body`);
      assert.ok(op.responses["400"].content["application/problem+json"], `${path} documents its problems`);
    }
  });

  test("documents query parameters with their rules, table downloads and the token on writes", async () => {
    const doc = (await s.app.inject("/openapi.json")).json();
    const series = doc.paths["/api/series"].get;
    const from = series.parameters.find((p: { name: string }) => p.name === "from");
    assert.equal(from.in, "query");
    assert.equal(from.required, false);
    assert.match(from.description, /YYYY-MM/);
    assert.ok(series.responses["200"].content["text/csv"]);
    assert.ok(series.responses["200"].content["application/vnd.apache.parquet"]);
    assert.deepEqual(series.responses["200"].content["application/json"].schema, {
      $ref: "#/components/schemas/MonitorSeries",
    });
    const imports = doc.paths["/api/imports"].post;
    assert.deepEqual(imports.security, [{ bearer: [] }]);
    assert.deepEqual(imports.requestBody.content["text/csv"].schema.format, "binary");
    assert.deepEqual(doc.components.securitySchemes.bearer, { type: "http", scheme: "bearer" });
    assert.ok(doc.components.schemas.Figure && doc.components.schemas.Problem);
    assert.ok(
      !Object.keys(doc.components.schemas).some((id) => id.endsWith("Input")),
      "no unused input twins",
    );
  });

  test("/docs is the browsable HTML", async () => {
    const res = await s.app.inject("/docs");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.match(res.body, /Swagger UI/);
    assert.doesNotMatch(String(res.headers["content-security-policy"]), /upgrade-insecure-requests/);
  });
});

describe("errors", () => {
  test("an unknown path, under /api or not, is a 404 problem", async () => {
    for (const url of ["/api/nothing", "/nothing", "/api/risk/everything?x=1"]) {
      const res = await s.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
      const p = res.json();
      assert.deepEqual(
        { type: p.type, title: p.title, status: p.status, instance: p.instance },
        {
          type: "urn:lodestone:problem:not-found",
          title: "Not found",
          status: 404,
          instance: url.split("?")[0],
        },
      );
      assert.match(p.detail, /^no route GET /);
    }
  });

  test("several invalid parameters are all listed, the first one in field", async () => {
    const p = (await s.app.inject("/api/series?from=x&to=y")).json();
    assert.equal(p.field, "from");
    assert.deepEqual(
      p.errors.map((e: { field: string }) => e.field),
      ["from", "to"],
    );
  });

  async function broken(store: object): Promise<Served> {
    const app = await buildApp({ store: store as Store, token: TOKEN, webRoot: null, rateLimit: false });
    return { app, store: store as Store, close: () => app.close() };
  }

  test("an unexpected failure is a 500 that says nothing of the server's insides", async () => {
    const b = await broken({
      all: async () => {
        throw new Error("secret: /home/analyst/lodestone.duckdb is corrupt at block 7");
      },
    });
    try {
      const res = await b.app.inject("/api/sources");
      assert.equal(res.statusCode, 500);
      const p = res.json();
      assert.deepEqual(Object.keys(p).sort(), ["detail", "instance", "status", "title", "type"]);
      assert.equal(p.type, "urn:lodestone:problem:internal");
      assert.equal(p.detail, "the server could not complete this request; the error is in the server's log");
      assert.doesNotMatch(res.body, /secret|duckdb|\bat\s|\.ts:\d/);
    } finally {
      await b.close();
    }
  });

  test("a result that does not fit its schema is a 500 too, not a half-sent body", async () => {
    const b = await broken({ all: async () => [{ source_id: "one", kind: 7 }] });
    try {
      const res = await b.app.inject("/api/sources");
      assert.equal(res.statusCode, 500);
      assert.doesNotMatch(res.body, /source_id|expected|\bat\s/);
    } finally {
      await b.close();
    }
  });

  test("a busy store is a 503 problem with the store's own message", async () => {
    const b = await broken({
      all: async () => {
        throw new StoreError("the database file x.duckdb is busy: another process (PID 7) has it open");
      },
    });
    try {
      const res = await b.app.inject("/api/conflicts");
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().type, "urn:lodestone:problem:store-unavailable");
      assert.match(res.json().detail, /is busy/);
    } finally {
      await b.close();
    }
  });
});

describe("headers", () => {
  test("security headers are set: CSP for the dashboard's own scripts, nosniff, frame denial", async () => {
    const res = await s.app.inject("/api/sources");
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /img-src 'self' data: blob:/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["referrer-policy"], "no-referrer");
    assert.equal(res.headers["cross-origin-resource-policy"], "same-origin");
    assert.equal(res.headers["strict-transport-security"], undefined, "plain HTTP: no HSTS");
  });

  test("no CORS: another origin gets no Access-Control-Allow-Origin, and preflights are not answered", async () => {
    const res = await s.app.inject({ url: "/api/sources", headers: { origin: "https://evil.example" } });
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    const pre = await s.app.inject({
      method: "OPTIONS",
      url: "/api/imports",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(pre.statusCode, 404);
    assert.equal(pre.headers["access-control-allow-origin"], undefined);
  });
});

describe("rate limiting", () => {
  test("past the limit a client gets 429 problems with Retry-After", async () => {
    const r = await serve({ rateLimit: { max: 2, timeWindow: 60_000 } });
    try {
      assert.equal((await r.app.inject("/api/risk/stages")).statusCode, 200);
      assert.equal((await r.app.inject("/api/risk/stages")).statusCode, 200);
      const res = await r.app.inject("/api/risk/stages");
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().type, "urn:lodestone:problem:rate-limited");
      assert.ok(Number(res.headers["retry-after"]) > 0);
    } finally {
      await r.close();
    }
  });
});

describe("reads off loopback", () => {
  test("with open reads off, every /api request needs the token; the docs stay open", async () => {
    const r = await serve({ openReads: false });
    try {
      assert.equal((await r.app.inject("/api/risk/stages")).statusCode, 401);
      assert.equal((await r.app.inject({ url: "/api/risk/stages", headers: AUTH })).statusCode, 200);
      assert.equal((await r.app.inject("/openapi.json")).statusCode, 200);
    } finally {
      await r.close();
    }
  });
});

describe("the dashboard", () => {
  test("when it is not built, / says how to build it and links the docs and the API", async () => {
    const res = await s.app.inject("/");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.match(res.body, /The dashboard is not built/);
    assert.match(res.body, /npm run build:web/);
    assert.match(res.body, /href="\.\/docs"/);
    assert.match(res.body, /href="\.\/api\/brief"/);
  });

  test("when it is built, / serves its index and assets; a missing file is a 404 problem", async () => {
    const root = tempDir();
    mkdirSync(join(root, "assets"));
    writeFileSync(
      join(root, "index.html"),
      '<!doctype html><script type="module" src="./assets/app.js"></script>',
    );
    writeFileSync(join(root, "assets", "app.js"), "console.log('dashboard')");
    const r = await serve({ webRoot: root });
    try {
      const index = await r.app.inject("/");
      assert.equal(index.statusCode, 200);
      assert.match(index.body, /assets\/app\.js/);
      const js = await r.app.inject("/assets/app.js");
      assert.equal(js.statusCode, 200);
      assert.match(String(js.headers["content-type"]), /javascript/);
      const missing = await r.app.inject("/assets/nothing.js");
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().type, "urn:lodestone:problem:not-found");
      assert.equal((await r.app.inject("/api/nothing")).json().status, 404);
      assert.equal((await r.app.inject("/api/risk/stages")).statusCode, 200, "the API still answers");
    } finally {
      await r.close();
    }
  });
});

test("a relative dashboard directory is taken from the working directory", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  const root = webRootFor(relative(process.cwd(), dir));
  assert.ok(root !== null && isAbsolute(root), String(root));
  assert.equal(webRootFor(relative(process.cwd(), join(dir, "missing"))), null);
});
