/**
 * The risk section of a report: concentration by stage (table, bars with ranges, the chain by
 * country), end-use exposure for a region, and the oxide prices of the magnet elements. Figures
 * come from the bundled reference tables, each for the latest year its sources cover.
 * @module
 */
import { chainSankey } from "../charts/chain-sankey.js";
import { exposureChart } from "../charts/exposure-chart.js";
import { pricesChart } from "../charts/prices-chart.js";
import { stageName, stagesChart } from "../charts/stages-chart.js";
import { countryName } from "../ref/countries.js";
import { chinaMagnetDependence, exposure, type EndUseExposure, type Exposure } from "../risk/exposure.js";
import { loadIntensities } from "../risk/intensities.js";
import type { Interval } from "../risk/interval.js";
import { loadOxidePrices, magnetOxidePrices, priceStress, type OxidePriceSeries } from "../risk/prices.js";
import { loadStageShares } from "../risk/stage-data.js";
import { stageConcentration, type ChainConcentration } from "../risk/stages.js";
import { loadVolumes } from "../risk/volumes.js";
import { formatPct } from "../units/quantity.js";
import { cell, mark, type Notes } from "./notes.js";
import { massRangeText, plural, rangeInt, rangeNum, share } from "./numbers.js";
import type { ReportCell, ReportBlock, ReportPart, ReportTable } from "./report.js";

/** The risk section, with end-use exposure for `region` (ISO3, or WLD for the world). */
export function riskPart(region: string, notes: Notes): ReportPart {
  const blocks: ReportBlock[] = [];
  blocks.push({
    kind: "paragraph",
    text:
      "Dependence figures come from the bundled reference tables, each for the latest year its sources " +
      "cover (stated per row); they do not change with the report's month. Shares a source gives only as a " +
      "bound, or that sources give differently, stay ranges.",
  });
  const shares = loadStageShares();
  const chain = stageConcentration(shares);
  blocks.push({ kind: "heading", text: "Concentration by stage" });
  blocks.push(stagesTable(chain, notes));
  const b = chain.bottleneck;
  if (b) {
    const pts = (i: Interval) => rangeInt(i.lo * 10_000, i.hi * 10_000);
    blocks.push({
      kind: "paragraph",
      text:
        `The bottleneck is ${stageName(b.stage)} (HHI ${pts(b.hhi)})` +
        (b.ambiguousWith.length
          ? `; its range overlaps ${b.ambiguousWith.map(stageName).join(", ")}, so the ranking is not certain.`
          : ".") +
        ` ${chain.stages[0]?.otherRule ?? ""} N-1 takes each stage's output as its demand: the share the rest ` +
        "of the world could supply without the largest supplier.",
    });
  }
  blocks.push({
    kind: "chart",
    id: "risk-stages",
    caption: "Concentration by stage (HHI on 0–10,000): solid to the lower bound, shaded across the range.",
    option: stagesChart(chain),
    width: 860,
    height: 360,
  });
  blocks.push({
    kind: "chart",
    id: "risk-chain",
    caption:
      "The chain by country: each stage's output by supplying country (lower bounds); the rest of each " +
      "stage, including the open part of ranged shares, flows from “other / unexplained”.",
    option: chainSankey(shares),
    width: 860,
    height: 420,
  });

  const e = exposure({
    intensities: loadIntensities(),
    volumes: loadVolumes(),
    region,
    dependence: chinaMagnetDependence(shares),
  });
  blocks.push({ kind: "heading", text: `End-use exposure: ${countryName(region)}` });
  blocks.push(...exposureBlocks(e, notes));
  blocks.push({
    kind: "chart",
    id: "risk-exposure",
    caption: "Yearly demand and tonnes at risk per ranked end use, as rare-earth metal (ranges shaded).",
    option: exposureChart(e),
    width: 860,
    height: 340,
  });

  const oxides = loadOxidePrices().series;
  const magnet = magnetOxidePrices(oxides).flatMap((m) => oxides.filter((s) => s.metric === m.metric));
  blocks.push({ kind: "heading", text: "Prices" });
  blocks.push(pricesTable(magnet, notes));
  blocks.push({
    kind: "chart",
    id: "risk-prices",
    caption:
      "Oxide prices of the magnet elements, annual averages, on a log scale; hollow: the source's estimate.",
    option: pricesChart(magnet),
    width: 860,
    height: 340,
  });
  return { id: "risk", title: "Risk: how dependent", blocks };
}

function stagesTable(chain: ChainConcentration, notes: Notes): ReportTable {
  return {
    kind: "table",
    caption: "Concentration by supply-chain stage",
    columns: [
      { header: "Stage" },
      { header: "Year" },
      { header: "Leader" },
      { header: "Top-1", num: true },
      { header: "Top-3", num: true },
      { header: "HHI (0–10,000)", num: true },
      { header: "N-1", num: true },
      { header: "Shares of" },
      { header: "Sources" },
    ],
    rows: chain.stages.map((m) =>
      m.noData
        ? [stageName(m.stage), "–", "no data", "–", "–", "–", "–", m.basis, ""].map((x) => cell(x))
        : [
            cell(stageName(m.stage)),
            cell(String(m.year ?? "–")),
            cell(m.leader ? countryName(m.leader) : "–"),
            cell(share(m.top1)),
            cell(share(m.top3)),
            cell(m.hhiPoints ? rangeInt(m.hhiPoints.lo, m.hhiPoints.hi) : "–"),
            cell(share(m.nMinus1)),
            cell(m.basis),
            cell("", notes.references(m.shares.sources)),
          ],
    ),
  };
}

function exposureBlocks(e: Exposure, notes: Notes): ReportBlock[] {
  const withFigures = e.endUses.filter((u) => u.noData === null);
  const noData = e.endUses.filter((u) => u.noData !== null);
  const dep = e.dependence;
  const depNotes = dep ? notes.references(dep.sources) : [];
  const basis = (b: string) => (b === "RE-metal" ? "RE metal" : b);
  const row = (u: EndUseExposure): ReportCell[] => {
    const v = u.volume;
    const i = u.intensity;
    return [
      cell(u.rank === null ? "–" : String(u.rank)),
      cell(u.overlaps ? `${u.name} (overlaps another end use)` : u.name),
      cell(`${u.year ?? "–"}${v && v.kind !== "actual" ? ` (${v.kind})` : ""}`),
      cell(
        v
          ? `${rangeNum(v.count.lo, v.count.hi)}${v.openAbove ? "+" : ""} ${plural(v.unit, v.count.hi)}`
          : "–",
      ),
      cell(
        i
          ? `${rangeNum(i.kgPerUnit.lo, i.kgPerUnit.hi)}${i.openAbove ? "+" : ""} kg ${basis(i.basis)}/${i.unit}`
          : "–",
      ),
      cell(u.demand ? massRangeText(u.demand.kg, u.openAbove, basis(u.demand.basis)) : "–"),
      cell(share(u.chinaShare)),
      cell(massRangeText(u.atRiskReMetal, u.openAbove)),
      cell("", [...notes.references(u.sources), ...(u.chinaShare ? depNotes : [])]),
    ];
  };
  const blocks: ReportBlock[] = [
    {
      kind: "paragraph",
      text:
        `Magnet demand per end use in ${countryName(e.region)}: yearly volume × magnet intensity; ` +
        (dep
          ? `China's share is taken as ${share(dep.share)}: ${dep.label}${dep.year ? `, ${dep.year}` : ""}${dep.note ? `; ${dep.note}` : ""}${mark(depNotes)}. `
          : "no China share is known, so nothing is at risk. ") +
        `Years: ${e.yearRule}.`,
    },
    {
      kind: "table",
      caption: `End-use exposure, ${countryName(e.region)} (${e.region})`,
      columns: [
        { header: "#", num: true },
        { header: "End use" },
        { header: "Year" },
        { header: "Volume", num: true },
        { header: "Intensity", num: true },
        { header: "Demand a year", num: true },
        { header: "China", num: true },
        { header: "At risk (RE metal)", num: true },
        { header: "Sources" },
      ],
      rows: withFigures.map(row),
    },
  ];
  const conv = notes.references([e.conversion.source]);
  const tail = [
    `Ranking: ${e.rankingRule}.`,
    e.total
      ? `Total of the ranked end uses (${e.total.year}), as rare-earth metal: demand ${massRangeText(e.total.demandReMetal, e.total.openAbove)}` +
        (e.total.atRiskReMetal
          ? `, at risk ${massRangeText(e.total.atRiskReMetal, e.total.openAbove)}.`
          : ".")
      : `Total: ${e.totalNote}.`,
    `Magnet × ${e.conversion.low}–${e.conversion.high} = rare-earth metal${mark(conv)}.`,
  ];
  if (noData.length) {
    tail.push(`No data (never zero): ${noData.map((u) => `${u.name} (${u.noData})`).join("; ")}.`);
  }
  blocks.push({ kind: "paragraph", text: tail.join(" ") });
  return blocks;
}

function pricesTable(series: readonly OxidePriceSeries[], notes: Notes): ReportTable {
  const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const estimated = new Set(series.flatMap((s) => s.points.filter((p) => p.estimate).map((p) => p.year)));
  const units = [...new Set(series.map((s) => s.unit))];
  return {
    kind: "table",
    caption: `Oxide prices of the magnet elements, ${units.join(", ")} (annual averages; e = the source's estimate)`,
    columns: [
      { header: "Product" },
      ...years.map((y) => ({ header: `${y}${estimated.has(y) ? "e" : ""}`, num: true })),
      { header: "y/y", num: true },
      { header: "vs peak", num: true },
    ],
    rows: series.map((s) => {
      const refs = notes.references(s.sources);
      const st = priceStress(s);
      return [
        cell(s.name, refs),
        ...years.map((y) => {
          const p = s.points.find((x) => x.year === y);
          return cell(p ? p.value.toLocaleString("en-US") : "–");
        }),
        cell(st?.changePct == null ? "–" : formatPct(st.changePct)),
        cell(st ? (st.vsPeakPct === 0 ? "at peak" : `${formatPct(st.vsPeakPct)} (${st.peak.year})`) : "–"),
      ];
    }),
  };
}
