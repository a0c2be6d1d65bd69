/**
 * `lodestone monitor …` and `lodestone brief`: the monthly series, coverage, top partners and the
 * briefing. Thin: parse options, call the core, format.
 * @module
 */
import type { Command } from "commander";
import {
  brief,
  countryName,
  coverage,
  formatMonth,
  monthlySeries,
  pctCell,
  renderBrief,
  renderTable,
  sparkline,
  tonnes,
  top,
  type MonitorRow,
} from "../../index.js";
import { printJson, stdio, withStore, type GlobalOptions } from "../context.js";
import { commodityOption, countOption, flowOption, monthOption, placeOption } from "../parse.js";

interface SeriesOpts {
  reporter?: string;
  commodity?: string;
  flow?: string;
  partner?: string;
  from?: string;
  to?: string;
}

function seriesOptions(cmd: Command): Command {
  return cmd
    .option("--reporter <iso3>", "reporting country", "CHN")
    .option("--commodity <id>", "catalogue id", "re-magnets")
    .option("--flow <flow>", "export, import, re-export or re-import", "export");
}

function seriesQuery(opts: SeriesOpts) {
  const from = monthOption("from", opts.from);
  const to = monthOption("to", opts.to);
  const partner = placeOption("partner", opts.partner);
  return {
    reporter: placeOption("reporter", opts.reporter) ?? "CHN",
    commodity: commodityOption(opts.commodity),
    flow: flowOption(opts.flow),
    ...(partner ? { partner } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

const STATE_MARK = { observed: "█", derived: "▒", missing: "·" } as const;

export function registerMonitor(program: Command, globals: () => GlobalOptions): void {
  const monitor = program.command("monitor").description("the monthly trade monitor");

  seriesOptions(monitor.command("coverage"))
    .description("which months × partners are observed (█), derived (▒) or missing (·)")
    .option("--from <YYYY-MM>", "first month")
    .option("--to <YYYY-MM>", "last month")
    .action(async (opts: SeriesOpts) => {
      const g = globals();
      await withStore(g, async (store) => {
        const c = await coverage(store, seriesQuery(opts));
        if (g.json) return printJson(stdio, c);
        if (c.months.length === 0) return stdio.out("no monthly figures for this series");
        const lines = [
          `${c.months[0]} … ${c.months.at(-1)} (${c.months.length} months; each mark is one month)`,
        ];
        const ruler = c.months.map((m) => (m.endsWith("-01") ? "|" : " ")).join("");
        lines.push(`${"".padEnd(6)}${ruler}`);
        for (const r of c.rows) {
          const marks = r.cells.map((s) => STATE_MARK[s]).join("");
          lines.push(
            `${r.partner.padEnd(6)}${marks}  ${r.observed} obs, ${r.derived} der, ${r.missing} missing`,
          );
        }
        lines.push("| marks January of each year");
        stdio.out(lines.join("\n"));
      });
    });

  seriesOptions(monitor.command("series"))
    .description("one partner's monthly series with changes, year to date and a sparkline")
    .option("--partner <iso3>", "partner (default WLD, the world total)", "WLD")
    .option("--from <YYYY-MM>", "first month")
    .option("--to <YYYY-MM>", "last month")
    .action(async (opts: SeriesOpts) => {
      const g = globals();
      await withStore(g, async (store) => {
        const s = await monthlySeries(store, seriesQuery(opts));
        if (g.json) return printJson(stdio, s);
        if (s.rows.length === 0) return stdio.out("no monthly figures for this series");
        stdio.out(
          `${countryName(s.query.reporter)} ${s.query.flow}s of ${s.query.commodity} to ${countryName(s.query.partner ?? "WLD")}`,
        );
        stdio.out(sparkline(s.rows.map((r) => (r.status === "observed" ? (r.qty?.value ?? null) : null))));
        stdio.out(seriesTable(s.rows));
        stdio.out("r = as reported; d = derived (interval in the JSON output); – = not known");
        const checks = s.checks.filter((c) => c.partner === (s.query.partner ?? "WLD"));
        const bad = checks.filter((c) => !c.consistent);
        stdio.out(
          `Reconciliation with cumulative figures: ${checks.length} check${checks.length === 1 ? "" : "s"}, ${bad.length} inconsistent` +
            bad
              .map(
                (c) =>
                  `\n  ${formatMonth(c.start)}…${formatMonth(c.end)}: stated ${tonnes(figureKg(c.stated))}, ` +
                  `months sum to ${tonnes(figureKg(c.sumOfMonths))} (tolerance ±${Math.round(c.tolerance)} kg)`,
              )
              .join(""),
        );
      });
    });

  seriesOptions(monitor.command("top"))
    .description("the largest partners in a month")
    .option("--period <YYYY-MM>", "month (default: the latest with partner figures)")
    .option("-n <count>", "how many partners", "10")
    .action(async (opts: SeriesOpts & { period?: string; n?: string }) => {
      const g = globals();
      await withStore(g, async (store) => {
        const period = monthOption("period", opts.period);
        const t = await top(store, {
          ...seriesQuery(opts),
          ...(period !== undefined ? { period } : {}),
          n: countOption("n", opts.n, 10),
        });
        if (g.json) return printJson(stdio, t);
        if (t.rows.length === 0) return stdio.out("no partner figures for this month");
        stdio.out(`${t.period}: world total ${tonnes(t.world)}`);
        stdio.out(
          renderTable(
            [
              { header: "#" },
              { header: "Partner", align: "left" },
              { header: "Quantity" },
              { header: "Share" },
              { header: "m/m" },
              { header: "y/y" },
            ],
            t.rows.map((r) => [
              String(r.rank),
              r.name,
              tonnes(r.qty),
              r.sharePct ? `${r.sharePct.value.toFixed(1)}%` : "–",
              pctCell(r.momPct),
              pctCell(r.yoyPct),
            ]),
          ),
        );
      });
    });

  seriesOptions(program.command("brief"))
    .description("the analyst's briefing for a month, every figure footnoted to its sources")
    .option("--period <YYYY-MM>", "month (default: the latest with a world total)")
    .action(async (opts: SeriesOpts & { period?: string }) => {
      const g = globals();
      await withStore(g, async (store) => {
        const q = seriesQuery(opts);
        const period = monthOption("period", opts.period);
        const b = await brief(store, { ...q, ...(period !== undefined ? { period } : {}) });
        if (g.json) return printJson(stdio, b);
        stdio.out(renderBrief(b));
      });
    });
}

function figureKg(value: number) {
  return { value, unit: "kg", basis: "computed" as const, sources: [] };
}

function seriesTable(rows: readonly MonitorRow[]): string {
  // The unit-value column appears only when some month has both a quantity and a value.
  const withValue = rows.some((r) => r.unitValue);
  return renderTable(
    [
      { header: "Month", align: "left" },
      { header: "Quantity" },
      { header: "m/m" },
      { header: "y/y" },
      { header: "YTD" },
      { header: "vs avg" },
      ...(withValue ? [{ header: "per kg" }] : []),
    ],
    rows.map((r) => [
      formatMonth(r.month),
      r.status === "derived" ? `${tonnes(r.qty)} d` : tonnes(r.qty),
      pctCell(r.momPct),
      pctCell(r.yoyPct),
      tonnes(r.ytd),
      pctCell(r.vsPriorYearAvgPct),
      ...(withValue
        ? [r.unitValue ? `${r.unitValue.value.toFixed(2)} ${r.unitValue.unit.replace("/kg", "")}` : "–"]
        : []),
    ]),
  );
}
