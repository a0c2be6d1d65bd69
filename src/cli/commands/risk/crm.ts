/**
 * `lodestone risk crm`: the EU Critical Raw Materials supply risk of the rare-earth groups and the
 * magnet elements, recomputed from the bundled shares beside the EU's published 2023 figure, with
 * the difference, its reasons and every input's source; `--what-if` applies a what-if file.
 * @module
 */
import type { Command } from "commander";
import {
  countryName,
  EI_THRESHOLD,
  EU_CRM_METHOD,
  findRecomputedMaterial,
  type InputSource,
  type Interval,
  type Recomputation,
  RECOMPUTED_MATERIALS,
  recomputeEuCrm,
  renderTable,
  SR_THRESHOLD,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";
import { countOption } from "../../parse.js";

interface CrmOpts {
  material?: string;
  whatIf?: string;
  year?: string;
}

const f2 = (x: number) => x.toFixed(2);
const range = (i: Interval | null, f = f2) =>
  !i ? "–" : f(i.lo) === f(i.hi) ? f(i.lo) : `${f(i.lo)}–${f(i.hi)}`;
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
const diff = (i: Interval | null) =>
  !i ? "–" : signed(i.lo) === signed(i.hi) ? signed(i.lo) : `${signed(i.lo)} to ${signed(i.hi)}`;
const pct = (i: Interval) => range(i, (x) => `${(x * 100).toFixed(1)}%`);

export function registerCrm(risk: Command, globals: () => GlobalOptions): void {
  risk
    .command("crm")
    .description("EU CRM supply risk recomputed from the bundled shares, beside the EU's 2023 figures")
    .option(
      "--material <name>",
      `one of ${RECOMPUTED_MATERIALS.map((m) => m.symbol ?? m.name).join(", ")} (name or symbol)`,
    )
    .option(
      "--what-if <file>",
      "a what-if CSV: material,stage,field,country,value; fields share, eu_share, t, t_eu, wgi, wgi_mean, ir, eol_rir, si_sr (shares, IR and EOL_RIR in percent)",
    )
    .option("--year <yyyy>", "year of the bundled shares (default: the latest each stage has)")
    .action((opts: CrmOpts) => {
      const g = globals();
      const m = opts.material === undefined ? undefined : findRecomputedMaterial(opts.material);
      if (opts.material !== undefined && !m)
        usage(
          `--material "${opts.material}" is not recomputed: choose ${RECOMPUTED_MATERIALS.map((x) => x.symbol ?? x.name).join(", ")}`,
        );
      const year = opts.year === undefined ? undefined : countOption("year", opts.year, 0);
      const recs = recomputeEuCrm({
        ...(m ? { materials: [m.name] } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(opts.whatIf ? { whatIfPath: opts.whatIf } : {}),
      });
      if (g.json)
        return printJson(stdio, {
          method: EU_CRM_METHOD,
          thresholds: { sr: SR_THRESHOLD, ei: EI_THRESHOLD },
          recomputations: recs,
        });
      stdio.out(renderText(recs));
    });
}

function renderText(recs: readonly Recomputation[]): string {
  const lines: string[] = [
    "EU Critical Raw Materials: supply risk (SR) recomputed from the bundled shares, beside the EU's 2023 figures",
    `Method: ${EU_CRM_METHOD}.`,
    `Critical when SR ≥ ${SR_THRESHOLD.toFixed(1)} and EI ≥ ${EI_THRESHOLD}. EI is shown as published (its sector inputs are not bundled).`,
    "",
    renderTable(
      [
        { header: "Material", align: "left" },
        { header: "SR published" },
        { header: "SR recomputed" },
        { header: "Difference" },
        { header: "Bottleneck EU / here", align: "left" },
        { header: "EI published" },
        { header: "Verdict published / recomputed", align: "left" },
      ],
      recs.map((r) => [
        r.symbol ? `${r.material} (${r.symbol})` : r.material,
        String(r.published.sr),
        range(r.result.sr),
        diff(r.difference),
        `${r.published.stageUsed} / ${r.result.bottleneck.join(" or ")}`,
        String(r.ei.value),
        `${r.publishedCheck.verdict} / ${r.result.verdict}`,
      ]),
    ),
  ];
  const common = (pick: (r: Recomputation) => readonly string[]) =>
    recs.length > 1
      ? pick(recs[0] as Recomputation).filter((x) => recs.every((r) => pick(r).includes(x)))
      : [];
  const inputText = (i: InputSource) =>
    `${i.input}: ${i.range ? range(i.range, (x) => String(Number(x.toFixed(4)))) : "–"} (${i.unit}) — ${i.source}`;
  const commonReasons = common((r) => r.reasons);
  const commonInputs = common((r) => r.inputs.map(inputText));
  for (const r of recs) {
    lines.push(
      "",
      `${r.symbol ? `${r.material} (${r.symbol})` : r.material}: published SR ${r.published.sr} (${r.published.stageUsed}), EI ${r.ei.value} — ${r.published.file}:${r.published.line}`,
    );
    const table = renderTable(
      [
        { header: "Stage", align: "left" },
        { header: "Basis", align: "left" },
        { header: "HHI_WGI,t GS" },
        { header: "IR" },
        { header: "1−EOL_RIR" },
        { header: "SI_SR" },
        { header: "SR recomputed" },
        { header: "SR published" },
        { header: "Difference" },
      ],
      r.stages.map((c) => {
        const s = r.result.stages.find((x) => x.stage === c.stage);
        return [
          c.stage,
          s?.basis ?? "–",
          range(s?.hhiGlobal?.value ?? null),
          range(s?.ir ?? null),
          range(s?.recyclingFactor ?? null),
          range(s?.siSr ?? null),
          range(c.recomputed),
          c.published === null ? "–" : String(c.published),
          diff(c.difference),
        ];
      }),
    );
    lines.push(...table.split("\n").map((l) => `  ${l}`));
    for (const s of r.result.stages) {
      const terms = [...(s.hhiGlobal?.terms ?? [])].sort((a, b) => b.term.hi - a.term.hi).slice(0, 3);
      const rem = s.hhiGlobal?.remainder;
      lines.push(
        `  ${s.stage} HHI_WGI,t = Σ share² × WGI × t: ` +
          terms
            .map(
              (t) => `${countryName(t.country)} ${pct(t.share)} × ${f2(t.wgi)} × ${t.t} = ${range(t.term)}`,
            )
            .join("; ") +
          (rem && rem.share.hi > 0 ? `; unexplained ${pct(rem.share)} adds ${range(rem.term)}` : ""),
      );
    }
    if (r.whatIf) {
      const w = r.whatIf;
      lines.push(
        `  What-if (${w.changes[0]?.file} lines ${w.changes.map((c) => c.line).join(", ")}): SR ${range(r.result.sr)} → ${range(w.result.sr)} (low bound ${signed(w.srChange.lo)}, high bound ${signed(w.srChange.hi)}), verdict ${r.result.verdict} → ${w.result.verdict}`,
      );
      for (const c of w.changes)
        lines.push(
          `    ${c.field}${c.stage ? ` ${c.stage}` : ""}${c.country ? ` ${c.country}` : ""} = ${c.text}${c.note ? ` (${c.note})` : ""}`,
        );
      for (const s of w.result.stages) lines.push(`    ${s.stage}: SR ${range(s.sr)}`);
    }
    const own = r.reasons.filter((x) => !commonReasons.includes(x));
    if (own.length) lines.push("  Why recomputed and published differ:", ...own.map((x) => `  - ${x}`));
    const ownInputs = r.inputs.map(inputText).filter((x) => !commonInputs.includes(x));
    if (ownInputs.length) lines.push("  Inputs:", ...ownInputs.map((x) => `  - ${x}`));
  }
  if (commonReasons.length)
    lines.push(
      "",
      "Why recomputed and published differ (every material):",
      ...commonReasons.map((x) => `- ${x}`),
    );
  if (commonInputs.length) lines.push("", "Inputs (every material):", ...commonInputs.map((x) => `- ${x}`));
  return lines.join("\n");
}
