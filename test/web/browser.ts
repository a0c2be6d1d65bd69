// What the browser tests share: Debian's Chromium (never a downloaded browser) driven by
// playwright-core, against the API server over the bundled data with a dashboard build of their own;
// pages that record every console error, uncaught exception and failed request. Without Chromium a
// suite skips with the reason, except under CI=true, where that is a failure.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { HEADLESS_CHROMIUM_ARGS } from "../../src/index.js";
import type { AppOptions } from "../../src/server/app.js";

export const CHROMIUM = process.env.LODESTONE_CHROMIUM ?? "/usr/bin/chromium";
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "test/web/artifacts");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Runs `tests` as a suite when Chromium is there; otherwise skips it with the reason (fails under CI=true). */
export function browserSuite(name: string, timeout: number, tests: () => void): void {
  const missing = existsSync(CHROMIUM)
    ? null
    : `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) to run the browser tests`;
  if (missing && process.env.CI === "true") {
    test(`${name}: Chromium is installed (CI=true)`, () => assert.fail(missing));
  } else if (missing) {
    console.log(`# skipping ${name}: ${missing}`);
    test(name, { skip: missing }, () => {});
  } else {
    describe(name, { timeout }, tests);
  }
}

export interface Browser {
  /** The server's root URL, ending in `/`. */
  readonly base: string;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Builds the dashboard into a temporary directory (never racing a developer's web/dist), serves it
 * with the API over an in-memory store with the bundled data, and starts Chromium.
 */
export async function startBrowser(app: Omit<AppOptions, "store" | "webRoot">): Promise<Browser> {
  const [{ build }, { chromium }, { openLodestone, closeSimWorkers }, { buildApp }] = await Promise.all([
    import("vite"),
    import("playwright-core"),
    import("../../src/index.js"),
    import("../../src/server/app.js"),
  ]);
  const dist = mkdtempSync(join(tmpdir(), "lodestone-web-"));
  await build({
    configFile: join(ROOT, "web/vite.config.ts"),
    logLevel: "warn",
    build: { outDir: dist, emptyOutDir: true },
  });
  const { store } = await openLodestone(":memory:");
  const server = await buildApp({ rateLimit: false, ...app, store, webRoot: dist });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const profile = mkdtempSync(join(tmpdir(), "lodestone-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...HEADLESS_CHROMIUM_ARGS],
    headless: true,
    acceptDownloads: true,
    viewport: DESKTOP,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    base: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`,
    context,
    close: async () => {
      await context.close();
      await server.close();
      store.close();
      await closeSimWorkers();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** A new page at `url` that records every console error, uncaught exception and failed request. */
export async function openPage(
  context: BrowserContext,
  url: string,
  viewport = DESKTOP,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A download's blob URL, or a fetch aborted when superseded or when the page closes, is not a failure.
    if (!r.url().startsWith("blob:") && r.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}
