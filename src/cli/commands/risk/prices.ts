/**
 * `lodestone risk prices`: rare-earth oxide prices (USGS) as yearly series with their change and
 * distance from the peak, and China's magnet export unit values beside the export quantities —
 * price stress to read next to the dependence numbers. Thin: parse options, call the core, format.
 * @module
 */
import type { Command } from "commander";
import {
  chinaExportUnitValues,
  commodityById,
  countryName,
  formatMonth,
  formatPct,
  loadOxidePrices,
  type OxidePriceSeries,
  priceStress,
  renderTable,
  sparkline,
  type UnitValueSeries,
} from "../../../index.js";
import { printJson, stdio, withStore, type GlobalOptions, type Output } from "../../context.js";
import { monthOption, placeOption } from "../../parse.js";

interface PricesOpts {
  partner?: string;
  from?: string;
  to?: string;
}

export function registerPrices(risk: Command, globals: () => GlobalOptions, io: Output = stdio): void {
  risk
    .command("prices")
    .description("oxide prices (USGS) and China's magnet export unit values beside the quantities")
    .option("--partner <iso3>", "destination of China's exports (default WLD, the world total)", "WLD")
    .option("--from <YYYY-MM>", "first month of the export series")
    .option("--to <YYYY-MM>", "last month of the export series")
    .action(async (opts: PricesOpts) => {
      const g = globals();
      const partner = placeOption("partner", opts.partner) ?? "WLD";
      const from = monthOption("from", opts.from);
      const to = monthOption("to", opts.to);
      const oxides = loadOxidePrices();
      await withStore(g, async (store) => {
        const uv = await chinaExportUnitValues(store, { partner });
        const points = uv.points.filter(
          (p) =>
            (from === undefined || p.month >= formatMonth(from)) &&
            (to === undefined || p.month <= formatMonth(to)),
        );
        const exports: UnitValueSeries = { ...uv, points };
        const stress = oxides.series.map((s) => ({ metric: s.metric, stress: priceStress(s) }));
        if (g.json) return printJson(io, { oxides: { ...oxides, stress }, exports });
        io.out(renderPrices(oxides.series, exports));
      });
    });
}

function pct(x: number | null): string {
  return x === null ? "–" : formatPct(x);
}

/** The oxide table (years as columns, with trend, y/y and distance from the peak) and the export table. */
export function renderPrices(oxides: readonly OxidePriceSeries[], exports: UnitValueSeries): string {
  const out: string[] = [];
  const years = [...new Set(oxides.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const estimated = new Set(oxides.flatMap((s) => s.points.filter((p) => p.estimate).map((p) => p.year)));
  const units = [...new Set(oxides.map((s) => s.unit))];
  out.push(`Rare-earth oxide prices, ${units.join(", ")} (annual averages; e = the source's estimate)`);
  out.push(
    renderTable(
      [
        { header: "Product", align: "left" },
        ...years.map((y) => ({ header: `${y}${estimated.has(y) ? "e" : ""}` })),
        { header: "Trend", align: "left" },
        { header: "y/y" },
        { header: "vs peak" },
      ],
      oxides.map((s) => {
        const st = priceStress(s);
        const by = (y: number) => s.points.find((p) => p.year === y);
        return [
          s.name,
          ...years.map((y) => {
            const p = by(y);
            return p ? p.value.toLocaleString("en-US") : "–";
          }),
          sparkline(years.map((y) => by(y)?.value ?? null)),
          pct(st?.changePct ?? null),
          st ? `${st.vsPeakPct === 0 ? "at peak" : formatPct(st.vsPeakPct)} (${st.peak.year})` : "–",
        ];
      }),
    ),
  );
  const origins = [...new Set(oxides.map((s) => s.origin).filter(Boolean))];
  const sources = [...new Set(oxides.flatMap((s) => s.sources))];
  out.push(`Priced by: ${origins.join("; ")}.`);
  for (const s of sources) out.push(`Source: ${s}`);
  out.push("");

  out.push(
    `China's exports of ${(commodityById(exports.commodity)?.name ?? exports.commodity).toLowerCase()} to ` +
      `${countryName(exports.partner)}: quantity and unit value by month`,
  );
  if (exports.points.length === 0) {
    out.push("no monthly figures for this series");
    return out.join("\n");
  }
  out.push(
    `quantity ${sparkline(exports.points.map((p) => (p.qtyStatus === "observed" ? p.qtyKg : null)))}  ` +
      `unit value ${sparkline(exports.points.map((p) => p.unitValue))}`,
  );
  out.push(
    renderTable(
      [{ header: "Month", align: "left" }, { header: "Quantity" }, { header: "Unit value" }],
      exports.points.map((p) => [
        p.month,
        p.qtyKg === null
          ? "–"
          : `${Math.round(p.qtyKg / 1000).toLocaleString("en-US")} t${p.qtyStatus === "derived" ? " d" : ""}`,
        p.unitValue === null
          ? "–"
          : `${p.unitValue.toFixed(2)} ${p.unit ?? ""} ${p.basis === "reported" ? "r" : "c"}`,
      ]),
    ),
  );
  out.push(
    "c = value ÷ quantity from the store; r = as a source reports it; d = derived quantity; – = not known",
  );
  if (exports.latest) {
    out.push(
      `Latest unit value: ${exports.latest.unitValue?.toFixed(2)} ${exports.latest.unit} (${exports.latest.month})` +
        (exports.yoyPct === null
          ? "; no figure a year before to compare"
          : `, ${formatPct(exports.yoyPct)} y/y`),
    );
  }
  const urls = [...new Set(exports.points.flatMap((p) => p.sourceUrls))];
  const ids = [...new Set(exports.points.flatMap((p) => p.sourceIds))].sort((a, b) => a - b);
  if (ids.length) out.push(`Store sources: ${ids.map((i) => `#${i}`).join(", ")} (lodestone data sources)`);
  for (const u of urls) out.push(`Source: ${u}`);
  return out.join("\n");
}
