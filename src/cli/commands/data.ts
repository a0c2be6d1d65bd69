/**
 * `lodestone data …`: import files, list sources and conflicts, export.
 * @module
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import {
  EXPORT_FORMATS,
  FORMAT_IDS,
  exportFlowRows,
  exportFlowsToFile,
  importFile,
  listConflicts,
  listSources,
  renderTable,
  type ExportFormat,
  type ProgressFn,
} from "../../index.js";
import { printJson, stdio, usage, withStore, type GlobalOptions, type Output } from "../context.js";

/** A progress bar on stderr for imports big enough to take a moment. */
function progressBar(io: Output, label: string): { fn: ProgressFn; stop(): void } {
  if (!io.isTTY) return { fn: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    fn: (done, total) => {
      if (total < 20_000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total} rows`, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export function registerData(program: Command, globals: () => GlobalOptions): void {
  const data = program.command("data").description("import, list and export the data behind the monitor");

  data
    .command("import")
    .description("import files (each one whole or not at all; the same bytes twice are a no-op)")
    .argument("<file...>", "files to import")
    .option("--format <format>", `auto, or one of: ${FORMAT_IDS.join(", ")}`, "auto")
    .action(async (files: string[], opts: { format: string }) => {
      const g = globals();
      await withStore(g, async (store) => {
        const results = [];
        for (const file of files) {
          const bar = progressBar(stdio, file);
          try {
            const r = await importFile(store, file, { format: opts.format, progress: bar.fn });
            results.push(r);
            if (!g.json) {
              stdio.out(
                r.status === "unchanged"
                  ? `${file}: already imported (import #${r.importId}, ${r.firstImportedAt}); nothing to do`
                  : `${file}: imported as ${r.format} — ${r.flows} flow rows, ${r.events} events, ${r.sources} sources (import #${r.importId})`,
              );
            }
          } finally {
            bar.stop();
          }
        }
        if (g.json) printJson(stdio, results);
      });
    });

  data
    .command("sources")
    .description("list every source with its file, kind, date and row count")
    .action(async () => {
      const g = globals();
      await withStore(g, async (store) => {
        const rows = await listSources(store);
        if (g.json) return printJson(stdio, rows);
        stdio.out(
          renderTable(
            [
              { header: "id" },
              { header: "kind", align: "left" },
              { header: "date", align: "left" },
              { header: "rows" },
              { header: "citation", align: "left" },
            ],
            rows.map((s) => [
              String(s.source_id),
              s.kind,
              s.source_date ?? "",
              String(s.row_count),
              clip(s.citation, 48),
            ]),
          ),
        );
      });
    });

  data
    .command("conflicts")
    .description("list cells where sources disagree: every version and the one the best view picked")
    .action(async () => {
      const g = globals();
      await withStore(g, async (store) => {
        const conflicts = await listConflicts(store);
        if (g.json) return printJson(stdio, conflicts);
        const lines: string[] = [];
        for (const c of conflicts) {
          lines.push(
            `${c.reporter}→${c.partner} ${c.commodity} ${c.flow} ${c.period} ${c.measure}` +
              `${c.stat !== "total" ? ` (${c.stat})` : ""}${c.withinRounding ? " — within rounding" : ""}`,
          );
          for (const v of c.versions) {
            lines.push(
              `  ${v.won ? "✓" : " "} ${String(v.value).padStart(12)}  [${v.source_id}] ${clip(v.citation, 40)}` +
                `${v.preferred ? " (preferred)" : ""}${v.source_date ? `, ${v.source_date}` : ""}, line ${v.line}`,
            );
          }
        }
        stdio.out(lines.length ? lines.join("\n") : "no conflicts: every cell has one value");
        if (conflicts.length)
          stdio.out(`\n${conflicts.length} contested cells; ✓ marks the version the best view uses`);
      });
    });

  data
    .command("export")
    .description("export every trade-flow row with its source")
    .option("--format <format>", `one of: ${EXPORT_FORMATS.join(", ")}`, "csv")
    .option("-o, --out <file>", "write to a file (required for parquet); default: standard output")
    .action(async (opts: { format: string; out?: string }) => {
      const g = globals();
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        usage(`--format "${opts.format}" is not one of ${EXPORT_FORMATS.join(", ")}`);
      }
      const format = opts.format as ExportFormat;
      if (format === "parquet" && !opts.out) usage("parquet needs --out <file>");
      await withStore(g, async (store) => {
        if (opts.out) {
          const n = await exportFlowsToFile(store, format, opts.out);
          stdio.err(`wrote ${n} rows to ${opts.out}`);
          return;
        }
        const rows = await exportFlowRows(store);
        if (format === "json" || g.json) return printJson(stdio, rows);
        stdio.out(toCsv(rows));
      });
    });
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function toCsv(rows: readonly Record<string, unknown>[]): string {
  const first = rows[0];
  if (!first) return "";
  const cols = Object.keys(first);
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n");
}
