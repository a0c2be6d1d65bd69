// Saved scenarios, networks and portfolios over HTTP, validated like files; and the planner's reads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  listScenarios,
  loadLevers,
  recyclingFlows,
  type JobStatus,
  type SpecListing,
} from "../../src/index.js";
import { asJson, AUTH, serve, type Served } from "./helpers.js";

let s: Served;
before(async () => {
  s = await serve();
});
after(() => s.close());

const shipped = (path: string) => readFileSync(new URL(`../../data/${path}`, import.meta.url), "utf8");
const put = (url: string, yaml: string, headers: Record<string, string> = AUTH) =>
  s.app.inject({ method: "PUT", url, headers, payload: { yaml } });

describe("saved specs", () => {
  test("lists the shipped scenarios with their sourced and assumed counts", async () => {
    const list = (await s.app.inject("/api/specs/scenarios")).json<SpecListing[]>();
    const cli = listScenarios();
    assert.deepEqual(
      list.map((l) => [l.name, l.origin, l.shocks, l.scenarioParams, l.networkParams]),
      cli.map((l) => [l.name, "shipped", l.shocks, l.scenarioParams, l.networkParams]),
    );
    const nets = (await s.app.inject("/api/specs/networks")).json<SpecListing[]>();
    assert.deepEqual(
      nets.map((n) => n.name),
      ["reference"],
    );
    const portfolios = (await s.app.inject("/api/specs/portfolios")).json<SpecListing[]>();
    assert.deepEqual(
      portfolios.map((p) => p.name),
      ["build-domestic", "diversify", "mix-example", "recycle", "stockpile", "substitute"],
    );
  });

  test("gives a spec's text as written, and parsed", async () => {
    const r = (await s.app.inject("/api/specs/scenarios/april-2025")).json();
    assert.equal(r.yaml, shipped("sim/scenarios/april-2025.yaml"));
    assert.equal(r.origin, "shipped");
    assert.equal(r.spec.name, "april-2025");
    assert.equal(r.spec.shocks[0].approval.value, 0.2);
    assert.equal((await s.app.inject("/api/specs/scenarios/nope")).statusCode, 404);
    assert.equal((await s.app.inject("/api/specs/widgets")).statusCode, 400);
  });

  test("validates text without saving: each problem with its line and path", async () => {
    const ok = await s.app.inject({
      method: "POST",
      url: "/api/specs/scenarios/validate",
      payload: { yaml: shipped("sim/scenarios/april-2025.yaml") },
    });
    assert.deepEqual(ok.json(), { ok: true, problems: [] });
    const bad = await s.app.inject({
      method: "POST",
      url: "/api/specs/scenarios/validate",
      payload: { yaml: "name: x\nnetwork: reference\nstart: 2025-13\nmonths: 12\nshocks: []\n" },
    });
    const body = bad.json();
    assert.equal(body.ok, false);
    assert.equal(body.problems[0].line, 3);
    assert.equal(body.problems[0].path, "start");
    const syntax = await s.app.inject({
      method: "POST",
      url: "/api/specs/portfolios/validate",
      payload: { yaml: "name: p\nchoices: [\n" },
    });
    assert.equal(syntax.json().ok, false);
    assert.ok(syntax.json().problems[0].line >= 2);
  });

  test("saves a scenario (token), lists it, runs it by name, and deletes it", async () => {
    const text = shipped("sim/scenarios/full-embargo-us.yaml").replace(/^name: .*$/m, "name: my-embargo");
    const res = await put("/api/specs/scenarios/my-embargo", text);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<SpecListing>().origin, "saved");
    assert.match(res.json<SpecListing>().savedAt!, /^\d{4}-\d\d-\d\dT/);
    const list = (await s.app.inject("/api/specs/scenarios")).json<SpecListing[]>();
    assert.equal(list.at(-1)!.name, "my-embargo");
    const got = (await s.app.inject("/api/specs/scenarios/my-embargo")).json();
    assert.equal(got.yaml, text, "kept as written, comments and all");

    const job = await s.app.inject({
      method: "POST",
      url: "/api/jobs",
      headers: AUTH,
      payload: { kind: "sim-run", scenario: "my-embargo", runs: 2 },
    });
    assert.equal(job.statusCode, 202, job.body);
    assert.equal(job.json<JobStatus>().label, "sim-run my-embargo · 2 runs");

    assert.equal(
      (await s.app.inject({ method: "DELETE", url: "/api/specs/scenarios/my-embargo", headers: AUTH }))
        .statusCode,
      204,
    );
    assert.equal((await s.app.inject("/api/specs/scenarios/my-embargo")).statusCode, 404);
    assert.equal(
      (await s.app.inject({ method: "DELETE", url: "/api/specs/scenarios/my-embargo", headers: AUTH }))
        .statusCode,
      404,
    );
  });

  test("a saved network can carry a saved scenario", async () => {
    const net = shipped("sim/network.yaml");
    assert.equal((await put("/api/specs/networks/my-net", net)).statusCode, 200);
    const sc = shipped("sim/scenarios/april-2025.yaml").replace(/^network: .*$/m, "network: my-net");
    const res = await put("/api/specs/scenarios/on-my-net", sc);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<SpecListing>().network, "my-net");
  });

  test("refuses an invalid spec (400, located), a shipped name (409), a bad name (400) and no token (401)", async () => {
    const bad = await put(
      "/api/specs/portfolios/mine",
      "name: mine\nchoices:\n  - { lever: no-such-lever }\n",
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().line, 3);
    assert.equal(bad.json().field, "choices[0].lever");
    assert.match(bad.json().detail, /unknown lever "no-such-lever"/);
    const clash = await put("/api/specs/scenarios/april-2025", shipped("sim/scenarios/april-2025.yaml"));
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().detail, /shipped scenario/);
    assert.equal((await put("/api/specs/scenarios/Bad_Name", "x: 1")).statusCode, 400);
    assert.equal((await put("/api/specs/scenarios/fine", "x: 1", {})).statusCode, 401);
    assert.equal(
      (await s.app.inject({ method: "DELETE", url: "/api/specs/scenarios/april-2025", headers: AUTH }))
        .statusCode,
      409,
    );
  });
});

describe("the planner's reads", () => {
  test("/api/plan/levers gives every lever with each parameter sourced or assumed", async () => {
    const body = (await s.app.inject("/api/plan/levers")).json();
    assert.equal(body.file, "data/plan/levers.yaml");
    assert.deepEqual(body.levers, asJson(loadLevers().levers));
    assert.equal(body.levers.length, 15);
    assert.ok(
      body.levers.every(
        (l: { capex: { source?: string; assumption?: string } }) => l.capex.source || l.capex.assumption,
      ),
    );
  });

  test("/api/plan/recycling gives the stock model's flows by year", async () => {
    const body = (await s.app.inject("/api/plan/recycling?from=2025&to=2030")).json();
    assert.deepEqual(body, asJson(recyclingFlows(loadLevers().levers, { from: 2025, to: 2030 })));
    assert.equal(body[0]!.years.length, 6);
    assert.equal((await s.app.inject("/api/plan/recycling?from=nope")).statusCode, 400);
  });
});
