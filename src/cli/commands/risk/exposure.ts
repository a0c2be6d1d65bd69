/**
 * `lodestone risk exposure`: magnet demand per end use in a region, the share that depends on
 * China, tonnes at risk, months of cover for a stated inventory, and the ranking. Thin: parse
 * options, call the core, format; every output names its inputs' sources and keeps ranges.
 * @module
 */
import type { Command } from "commander";
import {
  assumedDependence,
  type BasisMass,
  between,
  chinaMagnetDependence,
  countryName,
  ELEMENTS,
  END_USES,
  endUseByKey,
  type EndUseExposure,
  exposure,
  type Exposure,
  formatPct,
  type Interval,
  type Inventory,
  loadIntensities,
  loadOxidePrices,
  loadStageShares,
  loadVolumes,
  magnetOxidePrices,
  type MaterialBasis,
  type OxideStress,
  parseBound,
  pctRange,
  renderTable,
  shareBar,
  wrap,
} from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions, type Output } from "../../context.js";
import { placeOption } from "../../parse.js";

interface ExposureOpts {
  region?: string;
  year?: string;
  intensities?: string;
  volumes?: string;
  inventoryMonths?: string;
  inventoryT?: string;
  inventoryBasis?: string;
  endUse?: string;
  chinaShare?: string;
}

export function registerExposure(risk: Command, globals: () => GlobalOptions, io: Output = stdio): void {
  risk
    .command("exposure")
    .description("magnet demand per end use, the China-dependent share, tonnes at risk and months of cover")
    .option("--region <iso3>", "region of the volumes (WLD for the world)", "WLD")
    .option("--year <yyyy>", "year of the volumes (default: each end use's latest year)")
    .option("--intensities <file>", "your own intensities, in the layout of magnet_demand_intensity.csv")
    .option("--volumes <file>", "your own volumes, in the layout of end_use_volumes.csv")
    .option("--inventory-months <n>", "inventory held, in months of each end use's demand")
    .option("--inventory-t <t>", "inventory held for one end use (--end-use), in tonnes")
    .option(
      "--inventory-basis <basis>",
      "material basis of --inventory-t: magnet, RE-metal, REO, Nd…",
      "magnet",
    )
    .option("--end-use <key>", `only this end use (${END_USES.map((e) => e.key).join(", ")})`)
    .option(
      "--china-share <pct>",
      'your own China share, e.g. "70", "60-80" or ">90" (default: stage shares)',
    )
    .action((opts: ExposureOpts) => {
      const g = globals();
      const region = placeOption("region", opts.region) ?? "WLD";
      const year = yearOption(opts.year);
      const only = opts.endUse === undefined ? undefined : endUseOption(opts.endUse);
      const inventory = inventoryOption(opts, only);
      const dependence =
        opts.chinaShare !== undefined
          ? assumedDependence(shareOption(opts.chinaShare), `--china-share ${opts.chinaShare}`)
          : chinaMagnetDependence(loadStageShares());
      const e = exposure({
        intensities: loadIntensities(opts.intensities),
        volumes: loadVolumes(opts.volumes),
        region,
        dependence,
        ...(year !== undefined ? { year } : {}),
        ...(inventory ? { inventory } : {}),
        ...(only ? { endUses: [only] } : {}),
      });
      const prices = magnetOxidePrices(loadOxidePrices().series);
      if (g.json) return printJson(io, { ...e, oxidePrices: prices });
      io.out(renderExposure(e, prices));
    });
}

function yearOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) usage(`--year "${text}" is not a year: use YYYY`);
  return Number(text);
}

function endUseOption(text: string) {
  return (
    endUseByKey(text) ??
    usage(`--end-use "${text}" is not an end use; known: ${END_USES.map((e) => e.key).join(", ")}`)
  );
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) usage(`--${name} "${text}" is not a positive number`);
  return n;
}

function inventoryOption(
  opts: ExposureOpts,
  only: ReturnType<typeof endUseOption> | undefined,
): Inventory | undefined {
  if (opts.inventoryMonths !== undefined && opts.inventoryT !== undefined) {
    usage("give --inventory-months or --inventory-t, not both");
  }
  if (opts.inventoryMonths !== undefined) {
    return { kind: "months", months: positive("inventory-months", opts.inventoryMonths) };
  }
  if (opts.inventoryT === undefined) return undefined;
  if (!only) usage("--inventory-t needs --end-use <key>: a tonnage covers one end use");
  const t = positive("inventory-t", opts.inventoryT);
  const basis = opts.inventoryBasis ?? "magnet";
  if (!(BASES as readonly string[]).includes(basis)) {
    usage(`--inventory-basis "${basis}" is not a material basis; known: ${BASES.join(", ")}`);
  }
  return { kind: "mass", endUse: only.key, basis: basis as MaterialBasis, kg: t * 1000 };
}

const BASES: readonly MaterialBasis[] = ["magnet", "RE-metal", "REO", ...ELEMENTS];

function shareOption(text: string): Interval {
  const b = parseBound(text, 100);
  if (b === null || b[0] < 0 || b[1] > 100)
    usage(`--china-share "${text}" is not a share in % (e.g. 70, 60-80, >90)`);
  return between(b[0] / 100, b[1] / 100);
}

const BASIS_LABEL: Partial<Record<MaterialBasis, string>> = {
  magnet: "magnet",
  "RE-metal": "RE metal",
  REO: "REO",
};

function basisLabel(b: MaterialBasis): string {
  return BASIS_LABEL[b] ?? b;
}

/** Tonnes with the precision their size warrants: "2,600", "77.9", "0.25". */
function t(kg: number): string {
  const x = kg / 1000;
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString("en-US");
  if (a >= 10) return x.toFixed(1);
  return Number(x.toPrecision(2)).toString();
}

function tRange(r: Interval, openAbove = false): string {
  const lo = t(r.lo);
  const hi = t(r.hi);
  return `${lo === hi ? lo : `${lo}–${hi}`}${openAbove ? "+" : ""} t`;
}

function massText(m: BasisMass, openAbove: boolean): string {
  return `${tRange(m.kg, openAbove)} ${basisLabel(m.basis)}`;
}

function num(x: number): string {
  return Number(x.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

function countText(count: Interval, unit: string, openAbove: boolean): string {
  const gw = unit === "MW" && count.lo >= 1000;
  const f = (x: number) => num(gw ? x / 1000 : x);
  const range = f(count.lo) === f(count.hi) ? f(count.lo) : `${f(count.lo)}–${f(count.hi)}`;
  return `${range}${openAbove ? "+" : ""} ${gw ? "GW" : plural(unit, count.hi)}`;
}

const SINGULAR_ONLY = new Set(["MW", "aircraft"]);

function plural(unit: string, n: number): string {
  const [head = "", ...rest] = unit.split(" ");
  if (n === 1 || SINGULAR_ONLY.has(head)) return unit;
  return [`${head}s`, ...rest].join(" ");
}

function coverText(u: EndUseExposure): string {
  const c = u.cover?.ofShortfall;
  if (!c) return "–";
  const f = (x: number) => (Math.round(x * 10) / 10).toString();
  if (c.hi === null) return `≥${f(c.lo)} mo`;
  return f(c.lo) === f(c.hi) ? `${f(c.lo)} mo` : `${f(c.lo)}–${f(c.hi)} mo`;
}

const KIND_MARK = { actual: "", forecast: " f", target: " t" } as const;

/** The readable report: header, ranked table, other end uses, no data, notes, rules and sources. */
export function renderExposure(e: Exposure, prices: readonly OxideStress[] = []): string {
  const out: string[] = [];
  out.push(`Magnet demand by end use and China exposure — ${countryName(e.region)} (${e.region})`);
  out.push(wrap(`Years: ${e.yearRule}.`));
  const d = e.dependence;
  if (d) {
    out.push(
      wrap(
        `China's share: ${pctRange(d.share.lo, d.share.hi)} ${shareBar(d.share.lo, d.share.hi, 10)} — ${d.label}` +
          `${d.year ? `, ${d.year}` : ""}${d.note ? ` (${d.note})` : ""}.`,
      ),
    );
  } else out.push("China's share: no data — tonnes at risk are not computed.");
  const inv = e.inventory;
  out.push(
    inv === null
      ? "Inventory: none given — months of cover not computed (give --inventory-months <n>, or --inventory-t <t> with --end-use)."
      : inv.kind === "months"
        ? `Inventory: ${inv.months} months of each end use's demand (your assumption). Cover = inventory ÷ monthly tonnes at risk.`
        : `Inventory: ${(inv.kg / 1000).toLocaleString("en-US")} t ${basisLabel(inv.basis)} for ${inv.endUse} (your assumption). Cover = inventory ÷ monthly tonnes at risk.`,
  );
  out.push("");

  const withFigures = e.endUses.filter((u) => u.noData === null);
  const noData = e.endUses.filter((u) => u.noData !== null);
  if (withFigures.length > 0) {
    out.push(
      renderTable(
        [
          { header: "#" },
          { header: "End use", align: "left" },
          { header: "Year", align: "left" },
          { header: "Volume" },
          { header: "Intensity" },
          { header: "Demand / yr" },
          { header: "China", align: "left" },
          { header: "At risk / yr" },
          { header: "At risk, RE metal" },
          { header: "Cover" },
          { header: "Rel.", align: "left" },
        ],
        withFigures.map((u) => {
          const v = u.volume;
          const i = u.intensity;
          const share = u.chinaShare;
          return [
            u.rank === null ? "–" : String(u.rank),
            u.name,
            `${u.year ?? ""}${v ? KIND_MARK[v.kind] : ""}`,
            v ? countText(v.count, v.unit, v.openAbove) : "–",
            i
              ? `${num(i.kgPerUnit.lo)}${i.kgPerUnit.lo === i.kgPerUnit.hi ? "" : `–${num(i.kgPerUnit.hi)}`}${i.openAbove ? "+" : ""} kg ${basisLabel(i.basis)}/${i.unit}`
              : "–",
            u.demand ? massText(u.demand, u.openAbove) : "–",
            share ? `${shareBar(share.lo, share.hi, 10)} ${pctRange(share.lo, share.hi)}` : "no data",
            u.atRisk ? massText(u.atRisk, u.openAbove) : "–",
            u.atRiskReMetal ? tRange(u.atRiskReMetal, u.openAbove) : "–",
            coverText(u),
            u.reliability ?? "–",
          ];
        }),
      ),
    );
    out.push(
      "f = forecast, t = target (not outcomes); + = a source gives only a floor; Rel. = weakest input's reliability",
    );
    const unranked = withFigures.filter((u) => u.rank === null);
    for (const u of unranked) {
      out.push(
        `not ranked: ${u.name}${u.overlaps ? ` overlaps ${endUseByKey(u.overlaps)?.name ?? u.overlaps}` : ""}${u.atRiskReMetal || u.demandReMetal ? "" : " (no common basis)"}`,
      );
    }
  }
  if (noData.length > 0) {
    out.push("");
    out.push("No data (never zero):");
    for (const u of noData) out.push(`  ${u.name}: ${u.noData}`);
  }

  const notes = withFigures.flatMap((u) => [
    ...u.notes.map((n) => `${u.name}: ${n}`),
    ...u.alternatives.map(
      (a) =>
        `${u.name}: on another basis, ${num(a.intensity.kgPerUnit.lo)}–${num(a.intensity.kgPerUnit.hi)} kg ${basisLabel(a.intensity.basis)}/${a.intensity.unit} gives ${massText(a.demand, a.intensity.openAbove)} (not comparable, not ranked)`,
    ),
    ...u.unusedIntensities.map((x) => `${u.name}: line ${x.row.line} not used — ${x.reason}`),
    ...(e.inventory && !u.cover ? [`${u.name}: cover ${u.coverNote}`] : []),
  ]);
  if (notes.length > 0) {
    out.push("");
    out.push("Ranges and notes:");
    for (const n of notes) out.push(wrap(`- ${n}`, 100).replace(/\n/g, "\n  "));
  }
  out.push("");
  out.push(wrap(`Ranking: ${e.rankingRule}.`));
  if (e.total) {
    out.push(
      `Total of ranked end uses (${e.total.year}), RE metal: demand ${tRange(e.total.demandReMetal, e.total.openAbove)}` +
        (e.total.atRiskReMetal ? `, at risk ${tRange(e.total.atRiskReMetal, e.total.openAbove)}` : ""),
    );
  } else out.push(`Total: ${e.totalNote}.`);
  if (prices.length > 0) {
    out.push("Oxide prices beside the tonnes (USGS annual averages; see risk prices):");
    for (const p of prices) {
      const st = p.stress;
      out.push(
        `  ${p.name}: ${st.latest.value.toLocaleString("en-US")} ${p.unit} in ${st.latest.year}` +
          `${st.latest.estimate ? " (est.)" : ""}${st.changePct === null ? "" : `, ${formatPct(st.changePct)} y/y`}` +
          `${st.vsPeakPct < 0 ? `, ${formatPct(st.vsPeakPct)} vs the ${st.peak.year} peak` : ", at its peak"}`,
      );
    }
  }
  out.push(
    wrap(
      `Conversion: magnet × ${e.conversion.low}–${e.conversion.high} = rare-earth metal (${e.conversion.source}; ${e.conversion.note}).`,
    ),
  );
  out.push(
    `Inputs: ${e.inputs.intensities}; ${e.inputs.volumes}; ${e.skipped.length} rows not used (see --json).`,
  );
  out.push("Sources:");
  e.sources.forEach((s, i) => out.push(`  [${i + 1}] ${s}`));
  return out.join("\n");
}
