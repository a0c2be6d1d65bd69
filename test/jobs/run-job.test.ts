// Each job kind gives what its core call gives for the same inputs (the job adds only the manifest
// and the request), reports progress up to its total, and stops on an aborted signal.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  calibrate,
  observedMonths,
  closeSimWorkers,
  efficientFrontier,
  evaluatePortfolio,
  jobRequestSchema,
  loadLevers,
  loadPortfolio,
  loadScenario,
  monthlySeries,
  openLodestone,
  optimisePlan,
  parseMonth,
  parseNetwork,
  resolveJob,
  runJob,
  SpecLibrary,
  ttsAnalysis,
  type JobProgress,
  type JobRequestInput,
  type JobResult,
  type MonthIndex,
  type Store,
} from "../../src/index.js";

let store: Store;
let lib: SpecLibrary;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  lib = new SpecLibrary(store);
});
after(async () => {
  store.close();
  await closeSimWorkers();
});

/** Runs a request as the server would (resolve, then run), collecting its progress. */
async function job<K extends JobResult["kind"]>(
  request: JobRequestInput & { kind: K },
  signal = new AbortController().signal,
): Promise<{ result: Extract<JobResult, { kind: K }>; progress: JobProgress[] }> {
  const input = await resolveJob(jobRequestSchema.parse(request), lib, store);
  const progress: JobProgress[] = [];
  const result = await runJob(input, { onProgress: (p) => progress.push(p), signal });
  // What the API serves: the result through JSON.
  return { result: JSON.parse(JSON.stringify(result)), progress };
}

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const month = (s: string) => parseMonth(s) as MonthIndex;

describe("job kinds give their core call's result", { timeout: 120_000 }, () => {
  test("calibrate: the core's fit on the store's series, with progress over the grid", async () => {
    const { result, progress } = await job({ kind: "calibrate", scenario: "april-2025" });
    const { scenario, network } = loadScenario("april-2025");
    const series = await monthlySeries(store, {
      reporter: "CHN",
      commodity: "re-magnets",
      flow: "export",
      partner: "WLD",
    });
    const observed = observedMonths(series.rows);
    const direct = calibrate({
      network,
      scenario,
      observed,
      fit: [month("2025-01"), month("2025-08")],
      test: [month("2025-09"), month("2025-12")],
      wholeLine: true,
    });
    assert.deepEqual(result.calibration, json(direct));
    assert.equal(result.observedMonths, observed.length);
    assert.equal(result.manifest.scenario?.name, "april-2025");
    assert.equal(progress.at(-1)!.done, progress.at(-1)!.total);
    assert.equal(progress[0]!.unit, "grid points");
  });

  test("tts: an inline network's ranking, one progress step per node", async () => {
    const yaml = readFileSync(new URL("../fixtures/sim/chain.yaml", import.meta.url), "utf8");
    const { result, progress } = await job({ kind: "tts", network: { yaml }, ttr: 2 });
    const direct = await ttsAnalysis(parseNetwork(yaml, "network"), { ttr: 2 });
    assert.deepEqual(result.report, json(direct));
    assert.equal(progress.length, direct.nodes.length);
    assert.equal(result.manifest.scenario, null);
    assert.deepEqual(result.manifest.scenarios, []);
  });

  test("evaluate: 'none' first, then each portfolio as evaluatePortfolio gives it", async () => {
    const { result, progress } = await job({
      kind: "evaluate",
      portfolios: ["stockpile"],
      scenarios: ["full-embargo-us"],
      runs: 12,
      seed: 3,
    });
    assert.deepEqual(
      result.evaluations.map((e) => e.portfolio),
      ["none", "stockpile"],
    );
    const { levers, network } = loadLevers();
    const { scenario } = loadScenario("full-embargo-us");
    const direct = await evaluatePortfolio({
      network,
      levers,
      portfolio: loadPortfolio("stockpile", levers),
      scenarios: [scenario],
      runs: 12,
      seed: 3,
    });
    assert.deepEqual(result.evaluations[1], json(direct));
    assert.deepEqual(progress.at(-1), { done: 24, total: 24, unit: "runs" });
    assert.equal(result.manifest.scenarios[0]?.name, "full-embargo-us");
  });

  test("optimize and frontier: the planner's answers on a short horizon", async () => {
    const { levers, network } = loadLevers();
    const { scenario } = loadScenario("full-embargo-us");
    const pb = { network, levers, scenarios: [scenario], samples: 0, seed: 1, months: 6 };
    const objective = { kind: "min-loss", budget: 1e8, penaltyPerKg: 1e6 } as const;
    const opt = await job({ kind: "optimize", samples: 0, months: 6, objective, checkRuns: 0 });
    const direct = await optimisePlan({ ...pb, objective, timeLimit: 60 });
    assert.deepEqual(opt.result.solution.portfolio, json(direct.portfolio));
    assert.equal(opt.result.solution.cost.total, direct.cost.total);
    assert.equal(opt.result.solution.inSample.mean, direct.inSample.mean);
    assert.equal(opt.result.outOfSample, null);
    assert.deepEqual(opt.progress.at(-1), { done: 1, total: 1, unit: "steps" });

    const fr = await job({
      kind: "frontier",
      samples: 0,
      months: 6,
      budgets: [0, 1e8],
      checkRuns: 0,
      strategies: true,
    });
    const points = await efficientFrontier(pb, {
      budgets: [0, 1e8],
      strategies: ["diversify", "build-domestic", "recycle", "substitute", "stockpile"].map((n) =>
        loadPortfolio(n, levers),
      ),
      evaluateRuns: 0,
    });
    assert.deepEqual(
      fr.result.points.map((p) => [p.name, p.kind, p.cost, p.inSampleMeanTonnes]),
      points.map((p) => [p.name, p.kind, p.cost, p.inSampleMeanTonnes]),
    );
    assert.equal(fr.progress.at(-1)!.done, 7);
  });
});

describe("an aborted signal stops every kind of job", { timeout: 60_000 }, () => {
  const requests: JobRequestInput[] = [
    { kind: "sim-run", scenario: "april-2025", runs: 50 },
    { kind: "calibrate", scenario: "april-2025" },
    { kind: "tts" },
    { kind: "evaluate", portfolios: ["stockpile"], runs: 5 },
    { kind: "optimize", samples: 0, months: 6 },
    { kind: "frontier", samples: 0, months: 6, budgets: [0], checkRuns: 0 },
  ];
  for (const request of requests)
    test(request.kind, async () => {
      const ctl = new AbortController();
      ctl.abort(new Error("stop"));
      await assert.rejects(job(request as JobRequestInput & { kind: JobResult["kind"] }, ctl.signal), /stop/);
    });
});
