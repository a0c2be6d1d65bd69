/**
 * `lodestone risk stages`: concentration by supply-chain stage, with bars for shares and ranges.
 * @module
 */
import type { Command } from "commander";
import {
  countryName,
  loadStageShares,
  pctRange,
  renderTable,
  shareBar,
  stageConcentration,
} from "../../../index.js";
import { printJson, stdio, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";

export function registerStages(risk: Command, globals: () => GlobalOptions): void {
  risk
    .command("stages")
    .description("concentration by stage (HHI, top-1/top-3, N-1) and the bottleneck of the chain")
    .option("--year <yyyy>", "year of the shares (default: the latest each stage has)")
    .action(async (opts: { year?: string }) => {
      const g = globals();
      const year = opts.year === undefined ? undefined : countOption("year", opts.year, 0);
      const chain = stageConcentration(loadStageShares(year === undefined ? {} : { year }));
      if (g.json) return printJson(stdio, chain);
      const lines: string[] = [];
      lines.push(
        renderTable(
          [
            { header: "Stage", align: "left" },
            { header: "Year" },
            { header: "Leader", align: "left" },
            { header: "Top-1" },
            { header: "Top-3" },
            { header: "HHI (0–10,000)" },
            { header: "N-1" },
          ],
          chain.stages.map((m) =>
            m.noData
              ? [m.stage, "–", "no data", "–", "–", "–", "–"]
              : [
                  m.stage,
                  String(m.year),
                  m.leader ? countryName(m.leader) : "–",
                  m.top1 ? pctRange(m.top1.lo, m.top1.hi) : "–",
                  m.top3 ? pctRange(m.top3.lo, m.top3.hi) : "–",
                  m.hhiPoints ? rangeText(m.hhiPoints.lo, m.hhiPoints.hi) : "–",
                  m.nMinus1 ? pctRange(m.nMinus1.lo, m.nMinus1.hi) : "–",
                ],
          ),
        ),
      );
      if (chain.bottleneck) {
        const b = chain.bottleneck;
        lines.push(
          `\nBottleneck: ${b.stage} (HHI ${rangeText(b.hhi.lo * 10_000, b.hhi.hi * 10_000)})` +
            (b.ambiguousWith.length
              ? `; its range overlaps ${b.ambiguousWith.join(", ")}, so the ranking is not certain`
              : ""),
        );
      }
      for (const m of chain.stages) {
        lines.push(`\n${m.stage} — ${m.basis}${m.year ? `, ${m.year}` : ""}`);
        for (const e of m.shares.entries.slice(0, 6)) {
          lines.push(
            `  ${countryName(e.country).padEnd(14).slice(0, 14)} ${shareBar(e.share.lo, e.share.hi)} ${pctRange(e.share.lo, e.share.hi, 1)}`,
          );
        }
        if (m.shares.entries.length > 6) lines.push(`  … ${m.shares.entries.length - 6} more`);
        if (!m.noData && m.shares.remainder.hi > 0) {
          lines.push(
            `  ${"unexplained".padEnd(14)} ${shareBar(m.shares.remainder.lo, m.shares.remainder.hi)} ${pctRange(m.shares.remainder.lo, m.shares.remainder.hi, 1)}`,
          );
        }
        for (const n of m.shares.notes) lines.push(`  note: ${n}`);
        for (const s of m.shares.sources) lines.push(`  source: ${s}`);
      }
      lines.push(`\n${chain.stages[0]?.otherRule ?? ""}`);
      lines.push(
        "N-1 takes each stage's output as its demand (the IEA's test: can the rest of the world cover it?).",
      );
      stdio.out(lines.join("\n"));
    });
}

function rangeText(lo: number, hi: number): string {
  const f = (x: number) => Math.round(x).toLocaleString("en-US");
  return f(lo) === f(hi) ? f(lo) : `${f(lo)}–${f(hi)}`;
}
