// The Scenarios and Plan pages in a real browser, used as a user would: Debian's Chromium driven by
// playwright-core, against the API server with real worker-thread jobs over the bundled data, charts
// forced to SVG. The API is called directly only to fetch the expected answer for a comparison.
// Without Chromium the tests skip with the reason, except under CI=true, where that is a failure.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { FAN_SERIES } from "../../src/charts/fan-chart.js";
import type { FrontierResult, JobStatus, SimRunResult } from "../../src/index.js";
import { ARTIFACTS, browserSuite, DESKTOP, openPage, PHONE, startBrowser } from "./browser.js";

const TOKEN = "browser-jobs-token-0123456789";

browserSuite("the scenario and plan pages in Chromium", 600_000, jobsTests);

function jobsTests(): void {
  let base = "";
  let context: BrowserContext;
  let close: () => Promise<void> = async () => {};

  before(async () => {
    // One job at a time, so a second run queues behind the first.
    ({ base, context, close } = await startBrowser({ token: TOKEN, jobs: { concurrency: 1 } }));
  });

  after(() => close());

  /** A recorded page; the token comes in the fragment, as `lodestone serve` prints it (sessionStorage is per tab). */
  function open(
    path: string,
    opts: { viewport?: { width: number; height: number }; token?: boolean } = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const url = new URL(`${path}${opts.token === false ? "" : `#token=${TOKEN}`}`, base).href;
    return openPage(context, url, opts.viewport ?? DESKTOP);
  }

  /** Waits until the charts named have drawn and nothing on the page is loading. */
  async function settled(page: Page, charts: readonly string[] = []): Promise<void> {
    for (const chart of charts) {
      await page.waitForSelector(`[data-chart="${chart}"][data-ready="true"]`, { timeout: 60_000 });
    }
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, {
      timeout: 60_000,
    });
  }

  /** The scenario's YAML has loaded into the editor and the server has checked it. */
  async function editorReady(page: Page): Promise<void> {
    await page.waitForFunction(
      () => (document.querySelector<HTMLTextAreaElement>("#scenario-yaml")?.value ?? "").length > 0,
      null,
      { timeout: 30_000 },
    );
    await page.waitForSelector("#scenario-problems[data-valid]", { timeout: 30_000 });
  }

  async function apiJson<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, base), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200, `${path} answers 200`);
    return (await res.json()) as T;
  }

  function chartOption(page: Page, name: string): Promise<EchartsOption> {
    return page.evaluate(
      (sel) => (window as unknown as { lodestoneChart(s: string): unknown }).lodestoneChart(sel),
      `[data-chart="${name}"]`,
    ) as Promise<EchartsOption>;
  }

  /** Waits for the job line of a job to reach a state, and returns the job's id. */
  async function jobReaches(page: Page, selector: string, state: string, timeout = 120_000): Promise<string> {
    const job = page.locator(selector);
    await page.waitForSelector(`${selector}[data-state="${state}"]`, { timeout });
    return (await job.getAttribute("data-job-id")) ?? "";
  }

  let runId = "";

  test("runs a shipped scenario to the end: the progress bar fills and a fan chart per product is drawn as SVG", async () => {
    const { page, problems } = await open("./?page=scenarios&renderer=svg");
    await editorReady(page);
    // The token left the address bar for this tab's sessionStorage.
    assert.doesNotMatch(page.url(), /token/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("lodestone.token")), TOKEN);
    assert.equal(await page.getByLabel("Write token (printed by lodestone serve)").count(), 0);
    assert.equal(
      await page.getByRole("combobox", { name: "Scenario", exact: true }).inputValue(),
      "april-2025",
    );

    await page.getByLabel("Runs", { exact: true }).fill("200");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    runId = await jobReaches(page, "#run .job", "succeeded");
    assert.match(runId, /^[0-9a-f]{16}$/);
    const bar = page.locator("#run .job progress");
    assert.equal(await bar.getAttribute("value"), await bar.getAttribute("max"), "the bar is full");
    assert.equal(await bar.getAttribute("max"), "200");
    assert.match((await bar.getAttribute("aria-valuetext")) ?? "", /^100%, 200\/200 runs, done$/);
    assert.match((await page.locator("#run .job .job-state").textContent()) ?? "", /done · 200\/200 runs/);

    const result = await apiJson<SimRunResult>(`api/jobs/${runId}/result`);
    assert.ok(result.summary.products.length > 0);
    await settled(
      page,
      result.summary.products.map((p) => `fan-${p.product}`),
    );
    assert.equal(await page.locator('[data-result="sim-run"]').getAttribute("data-job-id"), runId);
    for (const p of result.summary.products) {
      const el = page.locator(`[data-chart="fan-${p.product}"]`);
      assert.equal(await el.locator("svg").count(), 1, `fan-${p.product} is drawn as SVG`);
      assert.equal(await el.locator("canvas").count(), 0);
    }
    assert.equal(
      await page.locator('[data-table="losses"] tbody tr').count(),
      result.summary.products.length,
    );
    await settled(page, ["inventory"]);
    assert.equal(await page.locator(".error").count(), 0, "no section shows an error");

    // The result's main table downloads as CSV under the server's file name.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#shortfall a[data-download="csv"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), `lodestone-sim-run-${runId}.csv`);
    const csv = readFileSync(await download.path(), "utf8");
    assert.equal(csv.split("\r\n")[0], "product,month,p5,p50,p95,mean,probability");
    await page.screenshot({ path: join(ARTIFACTS, "scenarios-1280x800.png"), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the fan charts reopened from the jobs list have one point per month and the result's P50", async () => {
    assert.ok(runId, "the run of the test before");
    const { page, problems } = await open("./?page=scenarios&renderer=svg");
    await editorReady(page);
    const row = page.locator(`[data-table="jobs"] tr[data-job-id="${runId}"]`);
    await row.getByRole("button", { name: /^Open the result of/ }).click();
    await page.waitForSelector(`[data-result="sim-run"][data-job-id="${runId}"]`);
    const result = await apiJson<SimRunResult>(`api/jobs/${runId}/result`);
    const { months, summary } = result;
    assert.equal(months.length, summary.months);
    await settled(
      page,
      summary.products.map((p) => `fan-${p.product}`),
    );
    for (const p of summary.products) {
      const o = await chartOption(page, `fan-${p.product}`);
      assert.deepEqual(o.xAxis?.[0]?.data, months, `${p.product}: the x axis is the result's months`);
      const names = (o.series ?? []).map((s) => s.name);
      assert.deepEqual(names, [FAN_SERIES.p5, FAN_SERIES.band, FAN_SERIES.p50, FAN_SERIES.mean]);
      for (const s of o.series ?? [])
        assert.equal(s.data?.length, months.length, `${p.product} ${s.name}: one point per month`);
      const p50 = (o.series ?? []).find((s) => s.name === FAN_SERIES.p50);
      assert.deepEqual(p50?.data?.map(valueOf), p.p50, `${p.product}: P50 as in the result`);
      const p5 = (o.series ?? []).find((s) => s.name === FAN_SERIES.p5);
      assert.deepEqual(p5?.data?.map(valueOf), p.p5, `${p.product}: P5 as in the result`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a second run queues behind the first, and Cancel stops each: the page and the API say cancelled", async () => {
    const { page, problems } = await open("./?page=scenarios&renderer=svg");
    await editorReady(page);
    await page.getByLabel("Runs", { exact: true }).fill("30000");
    const run = page.getByRole("button", { name: "Run", exact: true });
    await run.click();
    const first = page.locator("#run .job").first();
    await page.waitForSelector('#run .job[data-state="running"]', { timeout: 30_000 });
    const firstId = (await first.getAttribute("data-job-id")) ?? "";
    await run.click();
    await page.waitForFunction(() => document.querySelectorAll("#run .job").length === 2);
    const second = page.locator("#run .job").first();
    const secondId = (await second.getAttribute("data-job-id")) ?? "";
    assert.notEqual(secondId, firstId);
    await page.waitForSelector(`#run .job[data-job-id="${secondId}"][data-state="queued"]`, {
      timeout: 10_000,
    });
    // The page says how many jobs wait ahead of it, as the server counts them.
    const queued = await apiJson<JobStatus>(`api/jobs/${secondId}`);
    assert.equal(queued.state, "queued");
    assert.match(
      (await second.locator(".job-state").textContent()) ?? "",
      new RegExp(`^queued, ${queued.position} ahead`),
    );

    for (const id of [secondId, firstId]) {
      const job = page.locator(`#run .job[data-job-id="${id}"]`);
      await job.getByRole("button", { name: "Cancel" }).click();
      await page.waitForSelector(`#run .job[data-job-id="${id}"][data-state="cancelled"]`, {
        timeout: 30_000,
      });
      assert.match((await job.locator(".job-state").textContent()) ?? "", /cancelled/);
      assert.equal(await job.getByRole("button", { name: "Cancel" }).count(), 0, "no Cancel once it stopped");
      const status = await apiJson<JobStatus>(`api/jobs/${id}`);
      assert.equal(status.state, "cancelled");
    }
    assert.equal(await page.locator("#run .error").count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("an invalid edit shows the problem the validate route locates, and selecting it goes to its line", async () => {
    const { page, problems } = await open("./?page=scenarios&renderer=svg");
    await editorReady(page);
    const area = page.getByLabel("Scenario YAML");
    const before = await area.inputValue();
    // The form's approval share of the first export control, out of [0, 1].
    await page.getByLabel("Approval share (ann18-licensing)").fill("1.5");
    await page.waitForSelector('#scenario-problems[data-valid="false"]', { timeout: 15_000 });
    const edited = await area.inputValue();
    assert.notEqual(edited, before);
    // Only that value changed: every comment and line of the file is kept.
    assert.equal(edited.split("\n").length, before.split("\n").length);
    assert.equal(edited.split("\n")[0], before.split("\n")[0]);
    assert.match(edited, /approval:\n\s+value: 1\.5\n/);

    const expected = await fetch(new URL("api/specs/scenarios/validate", base), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ yaml: edited }),
    }).then(
      (r) =>
        r.json() as Promise<{ ok: boolean; problems: { line: number; path: string; message: string }[] }>,
    );
    assert.equal(expected.ok, false);
    const want = expected.problems[0];
    assert.ok(want && want.line !== null, "the route locates the problem");
    const shown = page.locator("#scenario-problems button.problem");
    assert.equal(await shown.count(), expected.problems.length);
    const first = shown.first();
    assert.equal(await first.getAttribute("data-line"), String(want.line));
    assert.equal(await first.getAttribute("data-path"), want.path);
    const text = (await first.textContent()) ?? "";
    assert.ok(
      text.includes(`line ${want.line}`) && text.includes(want.path) && text.includes(want.message),
      text,
    );

    await first.click();
    const caretLine = await area.evaluate(
      (el) =>
        (el as HTMLTextAreaElement).value.slice(0, (el as HTMLTextAreaElement).selectionStart).split("\n")
          .length,
    );
    assert.equal(caretLine, want.line, "the caret is on the problem's line");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "scenario-yaml");

    // Running the invalid text is refused with the same location.
    await page.getByRole("button", { name: "Run the edited scenario" }).click();
    const refused = page.locator("#run p.error");
    await refused.waitFor({ timeout: 15_000 });
    assert.match((await refused.textContent()) ?? "", new RegExp(`line ${want.line}`));
    assert.deepEqual(
      problems.filter((p) => !/^HTTP 400: .*\/api\/jobs$/.test(p) && !/status of 400/.test(p)),
      [],
    );
    await page.close();
  });

  test("the export-control form edits the YAML in place: other lines, comments and paragraphs stay", async () => {
    const { page, problems } = await open("./?page=scenarios&renderer=svg");
    await editorReady(page);
    const area = page.getByLabel("Scenario YAML");
    const before = await area.inputValue();
    assert.match(before, /\n {4}to: 2025-11\n/);
    const changed = async (from: string) => {
      await page.waitForFunction(
        (old) => document.querySelector<HTMLTextAreaElement>("#scenario-yaml")?.value !== old,
        from,
      );
      return area.inputValue();
    };
    const to = page.getByLabel("To, empty for open-ended (ann18-licensing)");
    await to.fill("");
    const openEnded = await changed(before);
    assert.equal(openEnded, before.replace(/\n {4}to: 2025-11\n/, "\n"), "clearing To removes its line only");
    await to.fill("2026-01");
    const back = await changed(openEnded);
    assert.equal(back, before.replace("to: 2025-11", "to: 2026-01"), "a new To goes back after From");
    await page.getByLabel("Licensing delay, mean months (ann18-licensing)").fill("1.5");
    const delayed = await changed(back);
    assert.equal(delayed, back.replace(/(mean:\n\s+value: )1\.75/, "$11.5"));
    await page.waitForSelector('#scenario-problems[data-valid="true"]', { timeout: 15_000 });
    assert.match((await page.locator("#scenario-problems").textContent()) ?? "", /Valid \(edited/);
    await page.getByRole("button", { name: "Undo edits" }).click();
    assert.equal(await area.inputValue(), before);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the frontier runs from the plan page's form and draws one point per frontier point", async () => {
    const { page, problems } = await open("./?page=plan&renderer=svg");
    await settled(page);
    const frontier = page.locator("#frontier");
    await frontier.getByLabel("Months", { exact: true }).fill("6");
    await frontier.getByLabel("Samples per scenario").fill("0");
    await frontier.getByLabel("Engine runs per point").fill("10");
    await frontier.getByRole("button", { name: "Trace the frontier" }).click();
    const id = await jobReaches(page, "#frontier .job", "succeeded", 300_000);
    await settled(page, ["frontier"]);
    const result = await apiJson<FrontierResult>(`api/jobs/${id}/result`);
    assert.deepEqual(
      { months: result.request.months, samples: result.request.samples, checkRuns: result.request.checkRuns },
      { months: 6, samples: 0, checkRuns: 10 },
      "the form's inputs reached the job",
    );
    assert.equal(await page.locator('[data-result="frontier"]').getAttribute("data-job-id"), id);
    const el = page.locator('[data-chart="frontier"]');
    assert.equal(await el.locator("svg").count(), 1, "drawn as SVG");
    const o = await chartOption(page, "frontier");
    const optimised = result.points.filter((p) => p.kind === "optimised");
    const strategies = result.points.filter((p) => p.kind === "strategy");
    assert.ok(optimised.length > 0 && strategies.length > 0);
    const series = o.series ?? [];
    // In sample: the optimised line has one point per mix; each strategy is a series whose first point is its own.
    assert.equal(series[0]?.data?.length, optimised.length, "one point per optimised mix");
    const names = series.slice(2).map((s) => s.name);
    assert.deepEqual(
      names,
      strategies.map((p) => p.name),
      "one series per named strategy",
    );
    const drawn = (series[0]?.data?.length ?? 0) + series.slice(2).length;
    assert.equal(drawn, result.points.length, "one in-sample point per frontier point");
    assert.equal(
      series[1]?.data?.length,
      optimised.filter((p) => p.outOfSample !== null).length,
      "and the engine's check of each mix",
    );
    assert.equal(await page.locator('[data-table="frontier"] tbody tr').count(), result.points.length);
    assert.match((await page.locator(".twin-note").textContent()) ?? "", /perfect foresight/);
    await page.screenshot({ path: join(ARTIFACTS, "plan-1280x800.png"), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const name of ["scenarios", "plan"] as const) {
    for (const [label, viewport] of [
      ["1280x800", DESKTOP],
      ["390x844", PHONE],
    ] as const) {
      test(`the ${name} page loads at ${label} with no error, failed request or overflow`, async () => {
        const { page, problems } = await open(`./?page=${name}&renderer=svg`, { viewport });
        if (name === "scenarios") await editorReady(page);
        await settled(page);
        if (name === "plan") {
          const flows = await apiJson<{ lever: string }[]>("api/plan/recycling");
          assert.ok(flows.length > 0);
          await settled(
            page,
            flows.map((f) => `recycling-${f.lever}`),
          );
          const levers = await apiJson<{ levers: unknown[] }>("api/plan/levers");
          assert.equal(await page.locator('[data-table="levers"] tbody tr').count(), levers.levers.length);
          assert.ok((await page.locator("ul.params li.assumed").count()) > 0, "assumptions are labelled");
          assert.ok((await page.locator("ul.params li.sourced").count()) > 0, "sources are labelled");
        }
        assert.equal(await page.locator(".error").count(), 0, "no section shows an error");
        const unlabelled = await page.evaluate(() =>
          [...document.querySelectorAll("select, input, textarea, button")]
            .filter((el) => {
              const c = el as HTMLInputElement;
              const text = c.tagName === "BUTTON" ? (c.textContent ?? "").trim() : "";
              return (c.labels?.length ?? 0) === 0 && !text && !c.getAttribute("aria-label");
            })
            .map((el) => el.outerHTML.slice(0, 80)),
        );
        assert.deepEqual(unlabelled, [], "every control has a label");
        assert.equal(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          true,
          "nothing but the scroll boxes is wider than the screen",
        );
        if (label === "390x844")
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }

  test("without the token the page asks for it, and a refused token shows the field again", async () => {
    const { page, problems } = await open("./?page=scenarios&renderer=svg", { token: false });
    await editorReady(page);
    const field = page.getByLabel("Write token (printed by lodestone serve)");
    await field.waitFor();
    await field.fill("not-the-server-token-000");
    await page.getByRole("button", { name: "Use token" }).click();
    assert.equal(await field.count(), 0, "the field goes once a token is given");
    await page.getByLabel("Runs", { exact: true }).fill("10");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByText("The server refused the write token").first().waitFor({ timeout: 10_000 });
    await field.waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("lodestone.token")), null);
    await field.fill(TOKEN);
    await page.getByRole("button", { name: "Use token" }).click();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await jobReaches(page, "#run .job", "succeeded");
    assert.deepEqual(
      problems.filter((p) => !/^HTTP 401: .*\/api\/jobs$/.test(p) && !/status of 401/.test(p)),
      [],
    );
    await page.close();
  });
}

interface EchartsOption {
  xAxis?: { data?: unknown[] }[];
  series?: { name?: string; type?: string; data?: unknown[] }[];
}

/** A data item's number: plain, or `{value}` when the item carries its own tooltip. */
function valueOf(d: unknown): unknown {
  return d !== null && typeof d === "object" && "value" in d ? (d as { value: unknown }).value : d;
}
