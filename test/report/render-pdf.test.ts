// The PDF goes through the system's Chromium (Debian's package; never a downloaded browser).
// Without it the printing test skips with the reason, except under CI=true, where that fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LodestoneError } from "../../src/errors.js";
import { findChromium, NO_CHROMIUM, renderPdf } from "../../src/report/render-pdf.js";
import { tempDir } from "../helpers/store.js";

const chromium = findChromium();
const missing = chromium ? null : `no Chromium (looked at $CHROMIUM_PATH, /usr/bin/chromium): ${NO_CHROMIUM}`;

const HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>' +
  '<body><h1>Lodestone</h1><svg width="100" height="50" xmlns="http://www.w3.org/2000/svg">' +
  '<rect width="100" height="50" fill="#1f4e79"/></svg></body></html>';

if (missing && process.env.CI === "true") {
  test("the PDF test has Chromium (CI=true)", () => assert.fail(missing));
} else if (missing) {
  console.log(`# skipping the PDF test: ${missing}`);
  test("prints a report to PDF with Chromium", { skip: missing }, () => {});
} else {
  test("prints a report to PDF with the system's Chromium", { timeout: 120_000 }, async () => {
    const out = join(tempDir(), "report.pdf");
    await renderPdf(HTML, out);
    const pdf = readFileSync(out);
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    assert.ok(pdf.length > 500);
  });
}

test("without Chromium, PDF is a clear error that says what to do", async () => {
  const out = join(tempDir(), "none.pdf");
  await assert.rejects(
    renderPdf(HTML, out, { chromium: null }),
    (e: unknown) =>
      e instanceof LodestoneError &&
      e.message ===
        "PDF needs Chromium: install the chromium package (or set CHROMIUM_PATH), or write .html and print it",
  );
});

test("CHROMIUM_PATH names the browser; a path that does not exist finds none", () => {
  const fake = join(tempDir(), "chromium");
  writeFileSync(fake, "");
  assert.equal(findChromium({ CHROMIUM_PATH: fake }), fake);
  assert.equal(findChromium({ CHROMIUM_PATH: join(tempDir(), "absent") }), null);
});

test("a browser that fails is reported with its last line of output", async () => {
  const bad = join(tempDir(), "bad-chromium");
  writeFileSync(bad, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", { mode: 0o755 });
  await assert.rejects(
    renderPdf(HTML, join(tempDir(), "x.pdf"), { chromium: bad }),
    (e: unknown) =>
      e instanceof LodestoneError && /could not print the PDF: cannot open display$/.test(e.message),
  );
});
