/**
 * `lodestone risk imports`: where a reporter's imports come from (shares by quantity and value, with
 * bars), the HHI of its sources, China's share and its trend, and net import reliance — or "no data"
 * and how to get it. Thin: parse options, call the core, format.
 * @module
 */
import type { Command } from "commander";
import {
  countryName,
  countryNameInText,
  formatPct,
  formatTonnes,
  importDependence,
  type ImportDependence,
  type Interval,
  kg,
  netImportReliance,
  type NetImportReliance,
  type NoImportData,
  pctRange,
  renderTable,
  shareBar,
  type ShareTrend,
  type SourceRef,
  type UsgsImportSources,
  wrap,
} from "../../../index.js";
import { printJson, stdio, usage, withStore, type GlobalOptions } from "../../context.js";
import { commodityOption, placeOption } from "../../parse.js";

interface ImportsOpts {
  reporter: string;
  commodity?: string;
  by?: string;
  balance?: string;
}

export function registerImports(risk: Command, globals: () => GlobalOptions): void {
  risk
    .command("imports")
    .description("import sources by quantity and value, HHI, China's share and trend; net import reliance")
    .requiredOption("--reporter <iso3>", "importing country (ISO3) or EU27")
    .option("--commodity <id>", "catalogue id", "re-magnets")
    .option("--by <period>", "year or month", "year")
    .option(
      "--balance <csv>",
      "your balance file (production, exports, stock change…) for net import reliance",
    )
    .action(async (opts: ImportsOpts) => {
      const g = globals();
      const reporter = placeOption("reporter", opts.reporter) as string;
      const commodity = commodityOption(opts.commodity);
      const by = opts.by ?? "year";
      if (by !== "year" && by !== "month") usage(`--by "${by}" is not year or month`);
      await withStore(g, async (store) => {
        const imports = await importDependence(store, { reporter, commodity, by });
        const nir = await netImportReliance(store, {
          reporter,
          commodity,
          ...(opts.balance !== undefined ? { balance: opts.balance } : {}),
        });
        if (g.json) return printJson(stdio, { imports, netImportReliance: nir });
        const text = imports.status === "data" ? renderImports(imports) : renderNoData(imports);
        const sources = new Map(
          [...(imports.status === "data" ? imports.sources : []), ...nir.sources].map((x) => [x.id, x]),
        );
        stdio.out(
          [text, renderNir(nir), renderSources([...sources.values()].sort((a, b) => a.id - b.id))].join(
            "\n\n",
          ),
        );
      });
    });
}

function renderImports(d: ImportDependence): string {
  const lines: string[] = [];
  lines.push(`${d.commodityName} (${d.commodity}): imports of ${countryNameInText(d.reporter)}, by ${d.by}`);
  lines.push(
    renderTable(
      [
        { header: d.by === "year" ? "Year" : "Month", align: "left" },
        { header: "Months" },
        { header: "Quantity" },
        { header: "China, quantity", align: "left" },
        { header: "Value" },
        { header: "China, value" },
        { header: "HHI qty" },
        { header: "HHI value" },
      ],
      d.periods.map((p) => [
        p.period,
        p.partial ? `${p.months} of 12` : String(p.months),
        p.qty ? formatTonnes(kg(p.qty.total)) : "–",
        p.qty?.chinaShare
          ? `${pctRange(p.qty.chinaShare.lo, p.qty.chinaShare.hi, 1).padStart(6)} ${bar(p.qty.chinaShare)}`
          : "–",
        p.value ? money(p.value.total, p.value.currency) : "–",
        p.value?.chinaShare ? pctRange(p.value.chinaShare.lo, p.value.chinaShare.hi, 1) : "–",
        p.qty ? hhiText(p.qty.hhi) : "–",
        p.value ? hhiText(p.value.hhi) : "–",
      ]),
    ),
  );
  lines.push("HHI on the 0–1 scale (0–10,000 in brackets); a range where part of the total is unallocated.");
  if (d.china.qty) lines.push(trendText("quantity", d.china.qty));
  if (d.china.value) lines.push(trendText("value", d.china.value));

  const latest = d.periods.at(-1);
  if (latest) {
    const cover = latest.partial ? ` (${latest.months} months)` : "";
    lines.push(`\nSources of ${latest.period}${cover}:`);
    const rows = latest.partners.map((s) => [
      s.name,
      s.qtyKg !== null ? formatTonnes(kg(s.qtyKg)) : "–",
      s.qtyShare !== null
        ? `${pctRange(s.qtyShare, s.qtyShare, 1).padStart(6)} ${shareBar(s.qtyShare, s.qtyShare)}`
        : "–",
      s.value !== null ? money(s.value, latest.value?.currency ?? null) : "–",
      s.valueShare !== null
        ? `${pctRange(s.valueShare, s.valueShare, 1).padStart(6)} ${shareBar(s.valueShare, s.valueShare)}`
        : "–",
      s.sources.map((id) => `[${id}]`).join(""),
    ]);
    const unallocated = (m: typeof latest.qty) => (m && m.unallocated > 0 ? m.unallocated / m.total : null);
    const uq = unallocated(latest.qty);
    const uv = unallocated(latest.value);
    if (uq !== null || uv !== null) {
      rows.push([
        "unallocated",
        latest.qty && uq !== null ? formatTonnes(kg(latest.qty.unallocated)) : "–",
        uq !== null ? `${pctRange(uq, uq, 1).padStart(6)} ${shareBar(0, uq)}` : "–",
        latest.value && uv !== null ? money(latest.value.unallocated, latest.value.currency) : "–",
        uv !== null ? `${pctRange(uv, uv, 1).padStart(6)} ${shareBar(0, uv)}` : "–",
        "",
      ]);
    }
    lines.push(
      renderTable(
        [
          { header: "Partner", align: "left" },
          { header: "Quantity" },
          { header: "Share of quantity", align: "left" },
          { header: "Value" },
          { header: "Share of value", align: "left" },
          { header: "Src", align: "left" },
        ],
        rows,
      ),
    );
    const totals = [latest.qty, latest.value]
      .filter((m) => m !== null)
      .map((m) => `${m === latest.qty ? "quantity" : "value"}: ${m.totalBasis}`);
    lines.push(`Shares of: ${totals.join("; ")}.`);
    if (latest.excluded.length) lines.push(`Left out (aggregates): ${latest.excluded.join(", ")}.`);
  }
  if (d.warnings.length) lines.push(`\nWarnings:\n${d.warnings.map((w) => bullet(`! ${w}`)).join("\n")}`);
  lines.push(`\nNotes:\n${d.notes.map((n) => bullet(n)).join("\n")}`);
  return lines.join("\n");
}

function renderNoData(d: NoImportData): string {
  const lines = [wrap(d.message), "\nHow to get it:", ...d.howTo.map((h) => bullet(h))];
  if (d.context) lines.push("", renderUsgs(d.context));
  return lines.join("\n");
}

function renderUsgs(u: UsgsImportSources): string {
  const lines = [
    wrap(`For context — bundled USGS import sources, ${u.period}: ${u.scope}.`),
    ...u.shares.map(
      (s) =>
        `  ${s.name.padEnd(14).slice(0, 14)} ${shareBar(s.share.lo, s.share.hi)} ${pctRange(s.share.lo, s.share.hi, 1)}`,
    ),
    `  ${"other".padEnd(14)} ${shareBar(0, u.other.hi)} ${pctRange(u.other.lo, u.other.hi, 1)}`,
    wrap(
      `HHI of sources ${hhiText(u.hhi)}; China ${pctRange(u.chinaShare.lo, u.chinaShare.hi, 1)}. ` +
        "Whole-percent shares carry ±0.5 points; 'other' counts as sources no larger than the smallest listed.",
    ),
    wrap(`Source: ${u.source.citation}, ${u.source.file} (${u.source.url}). ${u.note}`),
  ];
  return lines.join("\n");
}

function renderNir(n: NetImportReliance): string {
  const lines = [`Net import reliance — ${n.basisSummary}`, wrap(n.definition)];
  if (n.years.length === 0) {
    lines.push(`No figures for ${countryName(n.reporter)} and ${n.commodity}.`);
  } else {
    lines.push(
      renderTable(
        [
          { header: "Year", align: "left" },
          { header: "NIR" },
          { header: "Status", align: "left" },
          { header: "Basis", align: "left" },
          { header: "Scope", align: "left" },
        ],
        n.years.map((y) => [`${y.year}${y.estimate ? " e" : ""}`, y.display, y.status, y.basis, y.scope]),
      ),
    );
    if (n.years.some((y) => y.estimate)) lines.push("e = estimate by its source");
    for (const y of n.years) {
      const inputs = y.inputs.map(
        (i) =>
          `${i.metric.replace("_", " ")} ${i.unit === "kg" ? rangeTonnes(i.value) : `${rangeNum(i.value)} ${i.unit}`} (${i.from})`,
      );
      const text = [...(inputs.length ? [`${inputs.join("; ")}.`] : []), ...y.notes].join(" ");
      if (text) lines.push(wrap(`${y.year}: ${text}`));
    }
  }
  for (const h of n.howTo) lines.push(wrap(`To compute it from your data: ${h}`));
  return lines.join("\n");
}

/** Numbered source list, as every output ends. */
export function renderSources(sources: readonly SourceRef[]): string {
  if (sources.length === 0) return "Sources: none from the store.";
  return [
    "Sources:",
    ...sources.map(
      (s) => `[${s.id}] ${s.citation} (${s.kind}${s.date ? `, ${s.date}` : ""})${s.url ? ` ${s.url}` : ""}`,
    ),
  ].join("\n");
}

/** "USD 400.0 m" / "USD 1.25 bn" / "USD 9,000". */
export function money(v: number, currency: string | null): string {
  const c = currency ? `${currency} ` : "";
  if (Math.abs(v) >= 1e9) return `${c}${(v / 1e9).toFixed(2)} bn`;
  if (Math.abs(v) >= 1e6) return `${c}${(v / 1e6).toFixed(1)} m`;
  return `${c}${Math.round(v).toLocaleString("en-US")}`;
}

function bar(i: Interval): string {
  return shareBar(i.lo, i.hi);
}

function hhiText(h: Interval): string {
  const pts = (x: number) => Math.round(x * 10_000).toLocaleString("en-US");
  return h.lo === h.hi
    ? `${h.lo.toFixed(3)} (${pts(h.lo)})`
    : `${h.lo.toFixed(3)}–${h.hi.toFixed(3)} (${pts(h.lo)}–${pts(h.hi)})`;
}

function trendText(measure: string, t: ShareTrend): string {
  const pts = t.points.map(
    (p) => `${pctRange(p.share.lo, p.share.hi, 1)} (${p.period}${p.partial ? ", part" : ""})`,
  );
  const change =
    t.changePts.lo === t.changePts.hi
      ? `${formatPct(t.changePts.lo).replace("%", " pts")}`
      : `${formatPct(t.changePts.lo).replace("%", "")} to ${formatPct(t.changePts.hi).replace("%", " pts")}`;
  const slope =
    t.slopePtsPerYear !== null
      ? `; linear trend ${formatPct(t.slopePtsPerYear).replace("%", " pts/year")}`
      : "";
  const shown = pts.length > 8 ? [...pts.slice(0, 3), "…", ...pts.slice(-3)] : pts;
  return wrap(`China's share of ${measure}: ${shown.join(" → ")}; change ${change}${slope}.`);
}

function rangeTonnes(i: Interval): string {
  return i.lo === i.hi
    ? formatTonnes(kg(i.lo))
    : `${formatTonnes(kg(i.lo)).replace(" t", "")}–${formatTonnes(kg(i.hi))}`;
}

function rangeNum(i: Interval): string {
  const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return i.lo === i.hi ? f(i.lo) : `${f(i.lo)}–${f(i.hi)}`;
}

function bullet(text: string): string {
  return wrap(text, 78)
    .split("\n")
    .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
    .join("\n");
}
