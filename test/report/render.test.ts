import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { parseMonth, type MonthIndex } from "../../src/units/month.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderMarkdown } from "../../src/report/render-markdown.js";
import type { Report } from "../../src/report/report.js";
import { assertGolden } from "../helpers/golden.js";

let store: Store;
let report: Report;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  report = await buildReport(store, {
    period: parseMonth("2025-06") as MonthIndex,
    sections: ["monitor", "risk"],
  });
});
after(() => store.close());

test("the HTML report for 2025-06 (monitor, risk) matches its golden file", () => {
  assertGolden("report-2025-06.html", renderHtml(report));
});

test("the HTML report is self-contained: inline CSS and SVG, no scripts, no fetched resources", () => {
  const html = renderHtml(report);
  assert.ok(html.startsWith("<!doctype html>"));
  assert.equal((html.match(/<svg /g) ?? []).length, 6, "six charts inline");
  assert.ok(!/<script|<link|<img|<iframe|url\(http/i.test(html));
  assert.ok(!/\bsrc=/.test(html));
  assert.match(html, /<style>/);
});

test("every note mark links to a source at the end, and the paragraph is the briefing's", () => {
  const html = renderHtml(report);
  const targets = new Set([...html.matchAll(/href="#src-(\d+)"/g)].map((m) => Number(m[1])));
  const anchors = new Set([...html.matchAll(/<li id="src-(\d+)"/g)].map((m) => Number(m[1])));
  assert.deepEqual(
    [...targets].sort((a, b) => a - b),
    [...anchors].sort((a, b) => a - b),
  );
  assert.equal(anchors.size, report.sources.length);
  assert.match(
    html,
    /<p>In June 2025 China exported 3,188&nbsp;t of rare-earth permanent magnets<sup class="n">\[<a href="#src-1">1<\/a>\]<\/sup>/,
  );
  assert.match(
    html,
    /<li id="src-1" value="1"><a href="https:\/\/tradingeconomics\.com\/china\/exports\/news\/471367">Reuters via tradingeconomics\.com<\/a>/,
  );
});

test("the Markdown report matches its golden file; charts are inline SVG folded in <details>", () => {
  const md = renderMarkdown(report);
  assertGolden("report-2025-06.md", md);
  assert.equal((md.match(/^<details>$/gm) ?? []).length, 6);
  // An HTML block ends at a blank line: no SVG may contain one.
  for (const svg of md.match(/<svg [\s\S]*?<\/svg>/g) ?? []) assert.ok(!/\n\s*\n/.test(svg));
  assert.match(
    md,
    /^\| 2025-06 \| 3,188 t \[1\] \| observed \| \+157\.5% \[1,2\] \| −38\.1% r \[1\] \| 22,319 t \[1\] \|$/m,
  );
  assert.match(
    md,
    /^1\. \[Reuters via tradingeconomics\.com\]\(https:\/\/tradingeconomics\.com\/china\/exports\/news\/471367\) — 2025-07-21; store source #16, press$/m,
  );
});

test("rendering twice gives the same bytes", () => {
  assert.equal(renderHtml(report), renderHtml(report));
  assert.equal(renderMarkdown(report), renderMarkdown(report));
});
