/**
 * `lodestone report`: a self-contained report — the briefing, tables, charts (inline SVG) and the
 * sources — written as HTML, Markdown or PDF (through the system's Chromium), chosen by the
 * extension of --out. Thin: parse options, call the core, write the file.
 * @module
 */
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import {
  buildReport,
  closeSimWorkers,
  findChromium,
  LodestoneError,
  NO_CHROMIUM,
  REPORT_SECTIONS,
  renderHtml,
  renderMarkdown,
  renderPdf,
  type ReportSection,
} from "../../index.js";
import { printJson, stdio, usage, withStore, type GlobalOptions, type Output } from "../context.js";
import { monthOption, placeOption } from "../parse.js";

interface ReportOpts {
  period?: string;
  sections?: string;
  region?: string;
  out: string;
}

type Format = "html" | "md" | "pdf";

const FORMATS: Record<string, Format> = { ".html": "html", ".htm": "html", ".md": "md", ".pdf": "pdf" };

export function registerReport(program: Command, globals: () => GlobalOptions, io: Output = stdio): void {
  program
    .command("report")
    .description("write a self-contained report (briefing, tables, charts, sources) as .html, .md or .pdf")
    .option("--period <YYYY-MM>", "month reported on (default: the latest with an observed world total)")
    .option(
      "--sections <list>",
      `comma-separated sections: ${REPORT_SECTIONS.join(",")} (default: the quick ones, monitor and risk; ` +
        "scenarios and plan run simulations and an optimiser, tens of seconds, so ask for them: --sections scenarios,plan)",
    )
    .option("--region <iso3>", "region of the end-use exposure (WLD for the world)", "WLD")
    .requiredOption("--out <file>", "output file: .html, .md or .pdf (the extension picks the format)")
    .action(async (opts: ReportOpts) => {
      const g = globals();
      const format = formatOption(opts.out);
      const sections = sectionsOption(opts.sections);
      const period = monthOption("period", opts.period);
      const region = placeOption("region", opts.region) ?? "WLD";
      // Say so before the work: a PDF without Chromium cannot be made.
      if (format === "pdf" && !findChromium()) throw new LodestoneError(NO_CHROMIUM);
      const report = await withStore(g, (store) =>
        buildReport(store, {
          region,
          ...(sections ? { sections } : {}),
          ...(period !== undefined ? { period } : {}),
        }),
      ).finally(() => void closeSimWorkers());
      if (format === "pdf") await renderPdf(renderHtml(report), opts.out);
      else write(opts.out, format === "html" ? renderHtml(report) : renderMarkdown(report));
      const summary = {
        out: opts.out,
        format,
        period: report.period,
        sections: report.sections.map((s) => s.id),
        charts: report.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "chart").length,
        sources: report.sources.length,
      };
      if (g.json) return printJson(io, summary);
      io.out(
        `wrote ${opts.out} (${format}): ${summary.sections.join(", ")}${report.period ? ` for ${report.period}` : ""}; ` +
          `${summary.charts} charts, ${summary.sources} sources`,
      );
    });
}

function formatOption(out: string): Format {
  const ext = extname(out).toLowerCase();
  return (
    FORMATS[ext] ??
    usage(`--out "${out}": unknown format "${ext || "(no extension)"}"; use .html, .md or .pdf`)
  );
}

/** The sections asked for; undefined leaves the choice to the report's default. */
function sectionsOption(text: string | undefined): ReportSection[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) usage(`--sections is empty; known: ${REPORT_SECTIONS.join(", ")}`);
  for (const n of names) {
    if (!(REPORT_SECTIONS as readonly string[]).includes(n)) {
      usage(`--sections: "${n}" is not a section; known: ${REPORT_SECTIONS.join(", ")}`);
    }
  }
  return names as ReportSection[];
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new LodestoneError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
