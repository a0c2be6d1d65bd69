// The dashboard in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser), against the API server over the bundled data, with charts forced to the SVG renderer.
// Without Chromium the tests skip with the reason, except under CI=true, where that is a failure.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { COLORS } from "../../src/charts/common.js";
import { SERIES_NAMES } from "../../src/charts/series-chart.js";
import type { MonitorSeries } from "../../src/index.js";
import { ARTIFACTS, browserSuite, DESKTOP, openPage, PHONE, startBrowser } from "./browser.js";

/** The charts each page draws (data-chart names). */
const CHARTS = {
  monitor: ["series", "destinations"],
  risk: ["stages", "sankey", "exposure", "prices"],
} as const;
type PageName = keyof typeof CHARTS;

browserSuite("the dashboard in Chromium", 240_000, dashboardTests);

function dashboardTests(): void {
  let base = "";
  let context: BrowserContext;
  let close: () => Promise<void> = async () => {};

  before(async () => {
    ({ base, context, close } = await startBrowser({ token: "browser-test-token-0123456789" }));
  });

  after(() => close());

  /** A page that records every console error, uncaught exception and failed request. */
  function open(path: string, viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
    return openPage(context, new URL(path, base).href, viewport);
  }

  /** Waits until the page's charts have drawn and no section is loading. */
  async function settled(page: Page, name: PageName): Promise<void> {
    for (const chart of CHARTS[name]) {
      await page.waitForSelector(`[data-chart="${chart}"][data-ready="true"]`, { timeout: 30_000 });
    }
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, {
      timeout: 30_000,
    });
  }

  async function apiJson<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, base));
    assert.equal(res.status, 200, `${path} answers 200`);
    return (await res.json()) as T;
  }

  function chartOption(page: Page, name: string): Promise<EchartsOption> {
    return page.evaluate(
      (sel) => (window as unknown as { lodestoneChart(s: string): unknown }).lodestoneChart(sel),
      `[data-chart="${name}"]`,
    ) as Promise<EchartsOption>;
  }

  for (const name of ["monitor", "risk"] as const) {
    for (const [label, viewport] of [
      ["1280x800", DESKTOP],
      ["390x844", PHONE],
    ] as const) {
      test(`the ${name} page loads with data at ${label}, draws SVG and logs no error`, async () => {
        const { page, problems } = await open(`./?page=${name}&renderer=svg`, viewport);
        await settled(page, name);
        assert.equal(await page.locator(".error").count(), 0, "no section shows an error");
        for (const chart of CHARTS[name]) {
          const el = page.locator(`[data-chart="${chart}"]`);
          assert.equal(await el.locator("svg").count(), 1, `${chart} is drawn as SVG`);
          assert.equal(await el.locator("canvas").count(), 0, `${chart} has no canvas`);
        }
        assert.equal(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          true,
          "nothing but the scroll boxes is wider than the screen",
        );
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }

  test("the series chart draws the points /api/series returns, first and last values equal", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    const api = await apiJson<MonitorSeries>("api/series?partner=WLD");
    const expected = apiPoints(api, "WLD");
    const drawn = seriesPoints(await chartOption(page, "series"));
    assert.ok(expected.length > 10, "the bundled world series has more than ten known months");
    assert.equal(drawn.length, expected.length, "one point per known month");
    assert.deepEqual(drawn[0], expected[0], "first point");
    assert.deepEqual(drawn.at(-1), expected.at(-1), "last point");
    assert.deepEqual(drawn, expected);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("hovering a policy event on the time axis shows the event and its source", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    const series = await apiJson<MonitorSeries>("api/series?partner=WLD");
    const sources = await apiJson<{ source_id: number; citation: string }[]>("api/sources");
    const events = new Map(
      series.rows.flatMap((r) =>
        r.events.filter((e) => e.relation === "starts").map((e) => [e.event.id, e.event]),
      ),
    );
    assert.ok(events.size > 0, "the bundled world series has events");
    // The markers on the axis (the legend's sample is drawn in the same colour, above the plot).
    const pins = page.locator(`[data-chart="series"] svg path[fill="${COLORS.event}"]`);
    const last = pins.last();
    await last.scrollIntoViewIfNeeded();
    await last.hover({ force: true });
    const tooltip = page.locator('[data-chart="series"] > div').filter({ hasText: "source" }).last();
    await tooltip.waitFor({ state: "visible", timeout: 5_000 });
    const text = (await tooltip.textContent()) ?? "";
    const event = [...events.values()].find((e) => text.includes(e.description));
    assert.ok(event, `the tooltip names an event of the series: ${text}`);
    const citation = sources.find((s) => s.source_id === event.sourceId)?.citation;
    assert.ok(citation && text.includes(`source: ${citation}`), `and its source: ${text}`);
    await page.locator("#series").screenshot({ path: join(ARTIFACTS, "series-event-tooltip.png") });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("picking a partner redraws the series with that partner's points and keeps it in the URL", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    const world = seriesPoints(await chartOption(page, "series"));
    await page.getByLabel("Partner", { exact: true }).selectOption("USA");
    await page.waitForFunction(
      () => /United States/.test(document.querySelector("#series h2")?.textContent ?? ""),
      null,
      { timeout: 15_000 },
    );
    await settled(page, "monitor");
    const expected = apiPoints(await apiJson<MonitorSeries>("api/series?partner=USA"), "USA");
    // The heading changes before the chart gets its new option: wait for the option, not the heading.
    let usa = seriesPoints(await chartOption(page, "series"));
    for (let waited = 0; JSON.stringify(usa) !== JSON.stringify(expected) && waited < 15_000; waited += 100) {
      await page.waitForTimeout(100);
      usa = seriesPoints(await chartOption(page, "series"));
    }
    assert.notDeepEqual(usa, world, "the chart changed");
    assert.deepEqual(usa, expected);
    assert.match(page.url(), /[?&]partner=USA\b/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the series CSV download holds one row per month as the API gives them", async () => {
    const { page, problems } = await open("./?renderer=svg&partner=USA");
    await settled(page, "monitor");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-download="series-csv"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "lodestone-re-magnets-USA.csv");
    const path = await download.path();
    const text = readFileSync(path, "utf8");
    writeFileSync(join(ARTIFACTS, download.suggestedFilename()), text);
    const lines = text.trimEnd().split("\r\n");
    const api = await apiJson<MonitorSeries>("api/series?partner=USA");
    assert.equal(
      lines[0],
      "month,partner,status,qty_kg,qty_low_kg,qty_high_kg,basis,mom_pct,yoy_pct,ytd_kg,sources",
    );
    assert.equal(lines.length, api.rows.length + 1, "a header and one line per month");
    const first = api.rows[0];
    assert.ok(first);
    const cells = (lines[1] ?? "").split(",");
    assert.equal(cells[0], monthText(first.month));
    assert.equal(cells[1], "USA");
    assert.equal(cells[2], first.status);
    assert.equal(cells[3], first.qty ? String(first.qty.value) : "");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the PNG download is a PNG image", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-download="series-png"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "lodestone-re-magnets-WLD.png");
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(bytes.length > 5_000, "a drawn chart, not an empty image");
    writeFileSync(join(ARTIFACTS, download.suggestedFilename()), bytes);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the briefing follows the month picker, and its footnotes link to numbered sources", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    await page.getByLabel("Briefing month", { exact: true }).selectOption("2025-06");
    await page.waitForFunction(() => document.querySelector("#brief h2")?.textContent?.includes("Jun 2025"));
    await settled(page, "monitor");
    const brief = await apiJson<{ text: string; sources: { note: number }[] }>("api/brief?period=2025-06");
    const shown = (await page.locator("#brief .brief > p").first().textContent()) ?? "";
    // The page shows the API's paragraph; only the footnote marks' brackets are drawn as links.
    assert.equal(shown.replace(/\s+/g, " "), brief.text.replace(/\s+/g, " "));
    assert.match(shown, /3,188 t/);
    const notes = await page
      .locator("#brief sup.notes a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href")));
    assert.ok(notes.length > 0);
    for (const href of notes) assert.equal(await page.locator(href ?? "#none").count(), 1, `${href} exists`);
    assert.equal(await page.locator("ol.sources > li").count(), brief.sources.length);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("every control has a label and the pickers work from the keyboard", async () => {
    const { page, problems } = await open("./?renderer=svg");
    await settled(page, "monitor");
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("select, input, button")]
        .filter((el) => {
          const c = el as HTMLInputElement;
          const text = c.tagName === "BUTTON" ? (c.textContent ?? "").trim() : "";
          return (c.labels?.length ?? 0) === 0 && !text && !c.getAttribute("aria-label");
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
    await page.getByLabel("Partner", { exact: true }).focus();
    await page.keyboard.press("End");
    await page.waitForFunction(() => /[?&]partner=(?!WLD)/.test(location.search), null, { timeout: 15_000 });
    await settled(page, "monitor");
    const partner = new URL(page.url()).searchParams.get("partner") ?? "";
    const expected = apiPoints(await apiJson<MonitorSeries>(`api/series?partner=${partner}`), partner);
    assert.deepEqual(seriesPoints(await chartOption(page, "series")), expected);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the exposure what-if slider asks the API for that China share and shows its answer", async () => {
    const { page, problems } = await open("./?page=risk&renderer=svg");
    await settled(page, "risk");
    const slider = page.getByLabel("China's share of magnet making", { exact: true });
    const start = Number(await slider.inputValue());
    const answered = page.waitForResponse((r) => /\/api\/risk\/exposure\?china-share=\d+/.test(r.url()));
    await slider.focus();
    for (let i = 0; i < 5; i++) await slider.press("ArrowLeft");
    const res = await answered;
    assert.equal(new URL(res.url()).searchParams.get("china-share"), String(start - 5));
    const body = (await res.json()) as { dependence: { share: { lo: number; hi: number } } };
    assert.deepEqual(body.dependence.share, { lo: (start - 5) / 100, hi: (start - 5) / 100 });
    await page.waitForFunction(
      (pct) => document.querySelector('[data-table="exposure"] caption')?.textContent?.includes(`${pct}%`),
      start - 5,
      { timeout: 10_000 },
    );
    await settled(page, "risk");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the risk page says how to get data where there is none, and draws each stage", async () => {
    const { page, problems } = await open("./?page=risk&renderer=svg&reporter=USA");
    await settled(page, "risk");
    const imports = await apiJson<{ imports: { status: string; howTo: string[] } }>(
      "api/risk/imports?reporter=USA",
    );
    assert.equal(imports.imports.status, "no-data");
    const noData = page.locator("#imports .no-data");
    assert.equal(await noData.count(), 1);
    assert.match((await noData.textContent()) ?? "", /How to get data/);
    assert.equal(await noData.locator("li").count(), imports.imports.howTo.length);
    const stages = await apiJson<{ stages: { stage: string }[] }>("api/risk/stages");
    const categories = (await chartOption(page, "stages")).xAxis?.[0]?.data ?? [];
    assert.equal(categories.length, stages.stages.length, "one bar position per stage");
    const crmRows = await page.locator('[data-table="crm"] tbody tr').count();
    const crm = await apiJson<{ recomputations: unknown[] }>("api/risk/crm");
    assert.equal(crmRows, crm.recomputations.length);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

interface EchartsOption {
  xAxis?: { data?: unknown[] }[];
  series?: { name?: string; type?: string; data?: unknown[] }[];
}

/** `YYYY-MM` of a MonthIndex (year × 12 + month − 1). */
function monthText(m: number): string {
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
}

/** [month, tonnes] of every month the API gives a quantity for, observed or derived. */
function apiPoints(s: MonitorSeries, partner: string): [string, number][] {
  return s.rows
    .filter((r) => r.partner === partner && r.qty !== null)
    .map((r) => [monthText(r.month), (r.qty?.value ?? 0) / 1000]);
}

/** [month, tonnes] of every point drawn: the observed line's and the derived markers', by month. */
function seriesPoints(o: EchartsOption): [string, number][] {
  const months = (o.xAxis?.[0]?.data ?? []) as string[];
  const value = (d: unknown) => (d !== null && typeof d === "object" && "value" in d ? d.value : d);
  const out: [string, number][] = [];
  for (const s of o.series ?? []) {
    if (s.name === SERIES_NAMES.observed) {
      (s.data ?? []).forEach((d, i) => {
        const v = value(d);
        if (typeof v === "number") out.push([months[i] ?? "?", v]);
      });
    } else if (s.name === SERIES_NAMES.derived) {
      for (const d of s.data ?? []) {
        const [m, v] = value(d) as [string, number];
        out.push([m, v]);
      }
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
