/**
 * `lodestone risk mirror`: China's reported exports against its partners' reported imports from
 * China, the gaps in quantity and value, the discrepancy flags, line warnings and caveats. Thin:
 * parse options, call the core, format.
 * @module
 */
import type { Command } from "commander";
import {
  formatPct,
  formatTonnes,
  type Gap,
  kg,
  type MirrorPair,
  type MirrorResult,
  mirrorStatistics,
  renderTable,
  wrap,
} from "../../../index.js";
import { printJson, stdio, withStore, type GlobalOptions } from "../../context.js";
import { commodityOption, placeOption } from "../../parse.js";
import { money, renderSources } from "./imports.js";

interface MirrorOpts {
  partner?: string;
  commodity?: string;
}

export function registerMirror(risk: Command, globals: () => GlobalOptions): void {
  risk
    .command("mirror")
    .description("China's reported exports against partners' reported imports from China: gaps and flags")
    .option("--partner <iso3>", "one partner (ISO3 or EU27); default every partner with import data")
    .option("--commodity <id>", "catalogue id", "re-magnets")
    .action(async (opts: MirrorOpts) => {
      const g = globals();
      const partner = placeOption("partner", opts.partner);
      const commodity = commodityOption(opts.commodity);
      await withStore(g, async (store) => {
        const m = await mirrorStatistics(store, { commodity, ...(partner ? { partner } : {}) });
        if (g.json) return printJson(stdio, m);
        stdio.out(renderMirror(m));
      });
    });
}

const RELATION_MARK = {
  "same line": "=",
  "same definition, different national lines": "≈",
  "not like with like": "≠",
} as const;

function renderMirror(m: MirrorResult): string {
  const lines: string[] = [];
  lines.push(
    `Mirror statistics, ${m.commodity}: China's reported exports against ${m.partner ?? "each partner"}'s ` +
      "reported imports from China",
  );
  if (m.pairs.length === 0) {
    lines.push("No pair of China's exports and a partner's imports from China for the same line and period.");
    for (const h of m.howTo) lines.push(bullet(h));
  } else {
    lines.push(
      renderTable(
        [
          { header: "Partner", align: "left" },
          { header: "Period", align: "left" },
          { header: "Lines", align: "left" },
          { header: "China qty" },
          { header: "Partner qty" },
          { header: "Gap qty" },
          { header: "China value" },
          { header: "Partner value" },
          { header: "Gap value" },
          { header: "Flag", align: "left" },
        ],
        m.pairs.map((p) => [
          p.partner,
          p.period,
          `${RELATION_MARK[p.relation]} ${p.exports.line.replace(/^\S+ /, "")}/${p.imports.line.replace(/^\S+ /, "")}`,
          p.exports.qtyKg !== null ? formatTonnes(kg(p.exports.qtyKg)) : "–",
          p.imports.qtyKg !== null ? formatTonnes(kg(p.imports.qtyKg)) : "–",
          gapText(p.qtyGap),
          p.exports.value !== null ? money(p.exports.value, p.exports.currency) : "–",
          p.imports.value !== null ? money(p.imports.value, p.imports.currency) : "–",
          gapText(p.valueGap),
          flagText(p),
        ]),
      ),
    );
    lines.push(
      "Lines: = same line; ≈ same definition on different national lines; ≠ not like with like (no flag). " +
        "Gap ranges with the figures' rounding are in the --json output.",
    );
    lines.push(wrap(m.definition));
  }
  if (m.warnings.length) lines.push(`\nWarnings:\n${m.warnings.map((w) => bullet(`! ${w}`)).join("\n")}`);
  if (m.unmatched.length) lines.push(`\nNo counterpart:\n${m.unmatched.map((u) => bullet(u)).join("\n")}`);
  if (m.withoutImporterData.length) {
    lines.push(
      wrap(
        `\nChina reports ${m.commodity} exports to ${m.withoutImporterData.join(", ")}, whose own import ` +
          "figures are not in the store (`lodestone risk imports --reporter <iso3>` says how to get them).",
      ),
    );
  }
  lines.push(`\nCaveats:\n${m.caveats.map((c) => bullet(c)).join("\n")}`);
  lines.push(`\n${renderSources(m.sources)}`);
  const src = m.pairs.map(
    (p) =>
      `${p.partner} ${p.period}: China [${p.exports.sources.join("][")}], ${p.partner} [${p.imports.sources.join("][")}]`,
  );
  if (src.length) lines.push(wrap(`Figures: ${src.join("; ")}.`));
  return lines.join("\n");
}

function gapText(g: Gap | null): string {
  return g ? formatPct(g.pct) : "–";
}

function flagText(p: MirrorPair): string {
  if (p.flag === null) return "n/a: lines differ";
  if (!p.flag) return "ok";
  const what = [p.qtyGap?.flag ? "quantity" : "", p.valueGap?.flag ? "value" : ""].filter(Boolean);
  return `DISCREPANCY (${what.join(", ")})`;
}

function bullet(text: string): string {
  return wrap(text, 78)
    .split("\n")
    .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
    .join("\n");
}
