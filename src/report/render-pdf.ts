/**
 * A report as PDF, printed from its HTML by the system's Chromium (headless `--print-to-pdf`);
 * no browser is downloaded. Without Chromium the error says what to do.
 * @module
 * @example
 * await renderPdf(renderHtml(report), "report.pdf");
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LodestoneError } from "../errors.js";

/** Where Debian, Ubuntu and Fedora put Chromium. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export const NO_CHROMIUM =
  "PDF needs Chromium: install the chromium package (or set CHROMIUM_PATH), or write .html and print it";

/** CHROMIUM_PATH when set, else the first system Chromium found; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface PdfOptions {
  /** The Chromium to run (default: findChromium()). */
  readonly chromium?: string | null;
  /** Milliseconds before Chromium is stopped (default 120,000). */
  readonly timeoutMs?: number;
}

/**
 * The flags Lodestone starts a headless Chromium with (PDFs, browser tests, benchmarks): no GPU,
 * no sandbox (root in CI), and no background connections, which this workplace's network refuses.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Prints `html` to a PDF at `outPath`. Throws a LodestoneError when Chromium is missing or fails. */
export async function renderPdf(html: string, outPath: string, opts: PdfOptions = {}): Promise<void> {
  const chromium = opts.chromium === undefined ? findChromium() : opts.chromium;
  if (!chromium) throw new LodestoneError(NO_CHROMIUM);
  const dir = mkdtempSync(join(tmpdir(), "lodestone-pdf-"));
  const out = resolve(outPath);
  try {
    const page = join(dir, "report.html");
    writeFileSync(page, html);
    const args = [
      ...HEADLESS_CHROMIUM_ARGS,
      "--no-default-browser-check",
      "--no-pdf-header-footer",
      `--user-data-dir=${join(dir, "profile")}`,
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((done, fail) => {
      execFile(chromium, args, { timeout: opts.timeoutMs ?? 120_000 }, (err, _stdout, stderr) => {
        if (!err) return done();
        const last = String(stderr).trim().split("\n").filter(Boolean).at(-1) ?? err.message;
        fail(new LodestoneError(`Chromium (${chromium}) could not print the PDF: ${last}`));
      });
    });
    if (!existsSync(out) || readFileSync(out).subarray(0, 4).toString() !== "%PDF") {
      throw new LodestoneError(`Chromium (${chromium}) wrote no PDF to ${out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
