// The job lifecycle over HTTP: submit, progress as server-sent events, result with its manifest
// (equal to the same run in-process), CSV download, cancel, a bad scenario (400 with its line and
// path), no token (401), a full queue (503), reads answered while a job runs, and results kept in
// the store. Jobs run in real worker threads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import {
  closeSimWorkers,
  loadScenario,
  runMonteCarlo,
  summarise,
  type JobStatus,
  type SimRunResult,
} from "../../src/index.js";
import { AUTH, csvOf, serve, type Served } from "./helpers.js";

interface Event {
  event: string;
  data: unknown;
}

/** Reads a server-sent event stream to its end. */
async function readEvents(url: string): Promise<Event[]> {
  const res = await fetch(url, { headers: AUTH });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event:"))
    .map((block) => {
      const [e, d] = block.split("\n");
      return { event: e!.slice("event: ".length), data: JSON.parse(d!.slice("data: ".length)) };
    });
}

async function waitFinished(s: Served, id: string): Promise<JobStatus> {
  for (;;) {
    const st = (await s.app.inject({ url: `/api/jobs/${id}` })).json<JobStatus>();
    if (st.finishedAt) return st;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const submit = (s: Served, body: unknown, headers: Record<string, string> = AUTH) =>
  s.app.inject({ method: "POST", url: "/api/jobs", headers, payload: body as object });

describe("jobs over HTTP", { timeout: 180_000 }, () => {
  let s: Served;
  let base = "";
  before(async () => {
    s = await serve({ jobs: { concurrency: 1, maxQueued: 2, cancelGraceMs: 2000 } });
    await s.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await s.close();
    await closeSimWorkers();
  });

  test("a sim-run job streams progress and gives the same result as the run in-process, with its manifest", async () => {
    const res = await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 300, seed: 7 });
    assert.equal(res.statusCode, 202, res.body);
    const queued = res.json<JobStatus>();
    assert.match(queued.id, /^[0-9a-f]{16}$/);
    assert.equal(res.headers.location, `/api/jobs/${queued.id}`);
    assert.equal(queued.kind, "sim-run");
    assert.deepEqual(queued.request, { kind: "sim-run", scenario: "april-2025", runs: 300, seed: 7 });

    const events = await readEvents(`${base}/api/jobs/${queued.id}/events`);
    const states = events.filter((e) => e.event === "status").map((e) => (e.data as JobStatus).state);
    assert.equal(states.at(-1), "succeeded");
    const progress = events
      .filter((e) => e.event === "progress")
      .map((e) => e.data as { done: number; total: number; unit: string });
    assert.ok(progress.length >= 1, "at least one progress event");
    for (const p of progress) assert.equal(p.total, 300);
    assert.equal(progress[0]!.unit, "runs");
    assert.deepEqual(
      progress.map((p) => p.done),
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
      "progress never goes back",
    );
    assert.deepEqual((events.at(-1)!.data as JobStatus).progress, { done: 300, total: 300, unit: "runs" });

    const result = (await s.app.inject({ url: `/api/jobs/${queued.id}/result` })).json<SimRunResult>();
    const { scenario, network } = loadScenario("april-2025");
    const local = summarise(await runMonteCarlo({ network, scenario, runs: 300, seed: 7 }));
    assert.deepEqual(result.summary, JSON.parse(JSON.stringify(local)), "same seed, same runs: same summary");
    assert.equal(result.months.length, 24);
    assert.equal(result.months[0], "2025-01");
    assert.equal(result.months[23], "2026-12");
    assert.equal(result.manifest.kind, "sim-run");
    assert.equal(result.manifest.seed, 7);
    assert.equal(result.manifest.runs, 300);
    assert.equal(result.manifest.scenario?.name, "april-2025");
    assert.match(result.manifest.network.sha256, /^[0-9a-f]{64}$/);
    assert.ok(Object.keys(result.manifest.data).length > 0, "the cited data files are hashed");

    const csv = csvOf(
      await s.app.inject({ url: `/api/jobs/${queued.id}/result?format=csv` }),
      `sim-run-${queued.id}`,
    );
    assert.deepEqual(csv.header, ["product", "month", "p5", "p50", "p95", "mean", "probability"]);
    assert.equal(csv.rows.length, local.products.length * 24);

    const dl = await s.app.inject({ url: `/api/jobs/${queued.id}/result?download=1` });
    assert.equal(
      dl.headers["content-disposition"],
      `attachment; filename="lodestone-sim-run-${queued.id}.json"`,
    );
  });

  test("a finished job's result is kept in the store", async () => {
    const list = (await s.app.inject({ url: "/api/jobs" })).json<JobStatus[]>();
    const id = list.find((j) => j.kind === "sim-run" && j.state === "succeeded")!.id;
    const rows = await s.store.all<{ state: string; n: number }>(
      "SELECT state, length(result_json) AS n FROM job_results WHERE job_id = ?",
      [id],
    );
    assert.equal(rows[0]?.state, "succeeded");
    assert.ok(rows[0]!.n > 1000);
  });

  test("a running job is cancelled through DELETE, its result is a 409, and reads are answered meanwhile", async () => {
    const res = await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 100_000, seed: 1 });
    const { id } = res.json<JobStatus>();
    // Wait until it has started and reported progress.
    for (;;) {
      const st = (await s.app.inject({ url: `/api/jobs/${id}` })).json<JobStatus>();
      if (st.state === "running" && st.progress && st.progress.done > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const read = await s.app.inject({ url: "/api/brief?period=2025-06" });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().world.qty.value, 3_188_000);
    assert.equal(
      (await s.app.inject({ url: `/api/jobs/${id}` })).json<JobStatus>().state,
      "running",
      "the read did not wait for the job",
    );

    const del = await s.app.inject({ method: "DELETE", url: `/api/jobs/${id}`, headers: AUTH });
    assert.equal(del.statusCode, 200, del.body);
    const st = del.json<JobStatus>();
    assert.equal(st.state, "cancelled");
    assert.equal(
      st.error,
      "cancelled while running",
      "the core stopped on its AbortSignal, no thread was killed",
    );
    assert.ok(st.progress!.done < 100_000);
    const r = await s.app.inject({ url: `/api/jobs/${id}/result` });
    assert.equal(r.statusCode, 409);
    assert.match(r.json().detail, /was cancelled/);
  });

  test("a queued job is cancelled before it starts; the queue refuses a job beyond its limit (503)", async () => {
    const a = (await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 50_000 })).json<JobStatus>();
    const b = (await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 10 })).json<JobStatus>();
    const c = (await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 10 })).json<JobStatus>();
    assert.equal(b.state, "queued");
    assert.equal(c.position, 2, "the running job and the one queued before it are ahead");
    const full = await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 10 });
    assert.equal(full.statusCode, 503, full.body);
    assert.equal(full.json().type, "urn:lodestone:problem:queue-full");
    const del = await s.app.inject({ method: "DELETE", url: `/api/jobs/${b.id}`, headers: AUTH });
    assert.equal(del.json<JobStatus>().state, "cancelled");
    assert.equal(del.json<JobStatus>().error, "cancelled before it started");
    await s.app.inject({ method: "DELETE", url: `/api/jobs/${a.id}`, headers: AUTH });
    const cs = await waitFinished(s, c.id);
    assert.equal(cs.state, "succeeded");
    // Cancelling a finished job changes nothing; removing its result does, and then it is gone.
    const late = await s.app.inject({ method: "DELETE", url: `/api/jobs/${c.id}`, headers: AUTH });
    assert.equal(late.statusCode, 200);
    assert.equal(late.json<JobStatus>().state, "succeeded");
    assert.equal((await s.app.inject({ url: `/api/jobs/${c.id}/result` })).statusCode, 200);
    assert.equal(
      (await s.app.inject({ method: "DELETE", url: `/api/jobs/${c.id}/result`, headers: AUTH })).statusCode,
      204,
    );
    assert.equal((await s.app.inject({ url: `/api/jobs/${c.id}` })).statusCode, 404);
  });

  test("a bad inline scenario is a 400 naming its line and path; nothing is queued", async () => {
    // The shipped scenario with its approval pushed out of [0, 1].
    const lines = readFileSync(
      new URL("../../data/sim/scenarios/april-2025.yaml", import.meta.url),
      "utf8",
    ).split("\n");
    const at = lines.findIndex((l) => l.trim() === "value: 0.2");
    assert.ok(at > 0 && lines[at - 1]!.trim() === "approval:", "the shipped scenario's approval line");
    lines[at] = lines[at]!.replace("0.2", "1.5");
    const yaml = lines.join("\n");
    const before = (await s.app.inject({ url: "/api/jobs" })).json<JobStatus[]>().length;
    const res = await submit(s, { kind: "sim-run", scenario: { yaml } });
    assert.equal(res.statusCode, 400, res.body);
    const p = res.json();
    assert.equal(p.file, "scenario");
    assert.equal(p.line, at + 1);
    assert.equal(p.field, "shocks[0].approval.value");
    assert.match(p.detail, new RegExp(`^scenario:${at + 1}: shocks\\[0\\]\\.approval\\.value: `));
    assert.equal((await s.app.inject({ url: "/api/jobs" })).json<JobStatus[]>().length, before);
  });

  test("a run too big for the server's memory is refused with the runs it allows", async () => {
    const text = readFileSync(new URL("../../data/sim/scenarios/april-2025.yaml", import.meta.url), "utf8");
    const yaml = text.replace(/^months: 24$/m, "months: 120");
    const res = await submit(s, { kind: "sim-run", scenario: { yaml }, runs: 100_000 });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().field, "runs");
    assert.match(res.json().detail, /need 1\.7 GiB .* use at most 58,867 runs$/);
  });

  test("a scenario may not name a network by path", async () => {
    const yaml = "name: sneaky\nnetwork: ../../etc/passwd\nstart: 2025-01\nmonths: 6\nshocks: []\n";
    const res = await submit(s, { kind: "sim-run", scenario: { yaml } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, "network");
    assert.equal(res.json().line, 2);
  });

  test("a request that breaks the schema is a 400 with the field", async () => {
    const res = await submit(s, { kind: "sim-run", scenario: "april-2025", runs: 0 });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, "runs");
    const unknown = await submit(s, { kind: "sim-run", scenario: "no-such-scenario" });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, "scenario");
    assert.match(unknown.json().detail, /april-2025/);
  });

  test("no token: 401 for submitting, cancelling and saving", async () => {
    const res = await submit(s, { kind: "sim-run", scenario: "april-2025" }, {});
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers["www-authenticate"], 'Bearer realm="lodestone"');
    const wrong = await submit(
      s,
      { kind: "sim-run", scenario: "april-2025" },
      { authorization: "Bearer nope-nope-nope-nope" },
    );
    assert.equal(wrong.statusCode, 401);
    assert.equal(
      (await s.app.inject({ method: "DELETE", url: "/api/jobs/0123456789abcdef" })).statusCode,
      401,
    );
    assert.equal(
      (await s.app.inject({ method: "PUT", url: "/api/specs/scenarios/x", payload: { yaml: "a: 1" } }))
        .statusCode,
      401,
    );
  });

  test("an unknown job is a 404; its events and result too", async () => {
    for (const url of [
      "/api/jobs/0123456789abcdef",
      "/api/jobs/0123456789abcdef/events",
      "/api/jobs/0123456789abcdef/result",
    ])
      assert.equal((await s.app.inject({ url })).statusCode, 404, url);
    assert.equal((await s.app.inject({ url: "/api/jobs/nope" })).statusCode, 400);
  });
});
