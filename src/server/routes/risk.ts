/**
 * `GET /api/risk/…`: dependence measures, as `lodestone risk …` gives them — concentration by
 * stage, import dependence and net import reliance, mirror statistics, the EU CRM recomputation,
 * end-use exposure and prices. Only the bundled reference tables are read: the CLI's file options
 * (`--balance`, `--what-if`, `--intensities`, `--volumes`) name paths on the user's machine and
 * have no HTTP form.
 * @module
 */
import {
  assumedDependence,
  between,
  chinaExportUnitValues,
  chinaMagnetDependence,
  EI_THRESHOLD,
  EU_CRM_METHOD,
  exposure,
  formatMonth,
  importDependence,
  loadIntensities,
  loadOxidePrices,
  loadStageShares,
  loadVolumes,
  magnetOxidePrices,
  mirrorStatistics,
  netImportReliance,
  priceStress,
  recomputeEuCrm,
  SR_THRESHOLD,
  stageConcentration,
  ImportError,
  whatIfFromText,
  type MaterialBasis,
  type WhatIf,
} from "../../index.js";
import { problem, sendProblem } from "../problem.js";
import { answer, tableResponses, type Body, type RouteContext, type ZodApp } from "../respond.js";
import {
  ChainConcentrationSchema,
  CrmQuery,
  CrmResultSchema,
  ExposureQuery,
  ExposureResultSchema,
  ImportsQuery,
  ImportsResultSchema,
  MirrorQuery,
  MirrorResultSchema,
  PricesQuery,
  PricesResultSchema,
  StagesQuery,
} from "../schemas.js";

/** One row per stage: the metrics the CLI's table shows, with the stage's sources. */
function stagesTable(c: Body<typeof ChainConcentrationSchema>): object[] {
  return c.stages.map(({ shares, otherRule: _rule, ...m }) => ({
    ...m,
    remainder: shares.remainder,
    sources: shares.sources,
    notes: shares.notes,
  }));
}

/** One row per period and source country. */
function importsTable(r: Body<typeof ImportsResultSchema>): object[] {
  if (r.imports.status !== "data") return [];
  return r.imports.periods.flatMap((p) =>
    p.partners.map((s) => ({
      period: p.period,
      months: p.months,
      partial: p.partial,
      ...s,
      currency: p.value?.currency ?? null,
    })),
  );
}

/** One row per material: published and recomputed supply risk, EI and both verdicts. */
function crmTable(r: Body<typeof CrmResultSchema>): object[] {
  return r.recomputations.map((x) => ({
    material: x.material,
    symbol: x.symbol,
    srPublished: x.published.sr,
    srRecomputed: x.result.sr,
    difference: x.difference,
    stagePublished: x.published.stageUsed,
    bottleneck: x.result.bottleneck,
    eiPublished: x.ei.value,
    verdictPublished: x.publishedCheck.verdict,
    verdictRecomputed: x.result.verdict,
  }));
}

/** One row per end use, without the rows each estimate rests on (those are in the JSON). */
function exposureTable(e: Body<typeof ExposureResultSchema>): object[] {
  return e.endUses.map((u) => ({
    key: u.key,
    name: u.name,
    rank: u.rank,
    noData: u.noData,
    year: u.year,
    volume: u.volume ? { count: u.volume.count, unit: u.volume.unit, kind: u.volume.kind } : null,
    intensity: u.intensity
      ? { basis: u.intensity.basis, unit: u.intensity.unit, kgPerUnit: u.intensity.kgPerUnit }
      : null,
    demand: u.demand,
    demandReMetal: u.demandReMetal,
    chinaShare: u.chinaShare,
    atRisk: u.atRisk,
    atRiskReMetal: u.atRiskReMetal,
    cover: u.cover,
    openAbove: u.openAbove,
    reliability: u.reliability,
    sources: u.sources,
  }));
}

function pricesTable(table: "oxides" | "exports") {
  return (r: Body<typeof PricesResultSchema>): object[] =>
    table === "exports"
      ? r.exports.points.map((p) => ({ partner: r.exports.partner, ...p }))
      : r.oxides.series.flatMap((s) =>
          s.points.map((p) => ({ metric: s.metric, name: s.name, unit: s.unit, ...p })),
        );
}

export function riskRoutes(app: ZodApp, ctx: RouteContext): void {
  app.get(
    "/api/risk/stages",
    {
      schema: {
        tags: ["risk"],
        summary: "concentration by stage (HHI, top-1/top-3, N-1) and the bottleneck of the chain",
        querystring: StagesQuery,
        response: tableResponses(ChainConcentrationSchema, "each stage's metrics and shares; the bottleneck"),
      },
    },
    async (req, reply) => {
      const { format, year } = req.query;
      const result = stageConcentration(loadStageShares(year === undefined ? {} : { year }));
      return answer(reply, ctx, {
        format,
        schema: ChainConcentrationSchema,
        result,
        name: "stages",
        table: stagesTable,
      });
    },
  );

  app.get(
    "/api/risk/imports",
    {
      schema: {
        tags: ["risk"],
        summary: "import sources by quantity and value, HHI, China's share and trend; net import reliance",
        querystring: ImportsQuery,
        response: tableResponses(
          ImportsResultSchema,
          "import dependence (or how to get data) and net import reliance",
        ),
      },
    },
    async (req, reply) => {
      const { format, reporter, commodity, by } = req.query;
      const result = await ctx.gate.read(async () => ({
        imports: await importDependence(ctx.store, { reporter, commodity, by }),
        netImportReliance: await netImportReliance(ctx.store, { reporter, commodity }),
      }));
      return answer(reply, ctx, {
        format,
        schema: ImportsResultSchema,
        result,
        name: "imports",
        table: importsTable,
      });
    },
  );

  app.get(
    "/api/risk/mirror",
    {
      schema: {
        tags: ["risk"],
        summary: "China's reported exports against partners' reported imports from China: gaps and flags",
        querystring: MirrorQuery,
        response: tableResponses(MirrorResultSchema, "the pairs with their gaps, warnings and caveats"),
      },
    },
    async (req, reply) => {
      const { format, partner, commodity } = req.query;
      const result = await ctx.gate.read(() =>
        mirrorStatistics(ctx.store, { commodity, ...(partner ? { partner } : {}) }),
      );
      return answer(reply, ctx, {
        format,
        schema: MirrorResultSchema,
        result,
        name: "mirror",
        table: (m) => m.pairs,
      });
    },
  );

  app.get(
    "/api/risk/crm",
    {
      schema: {
        tags: ["risk"],
        summary: "the EU CRM supply risk recomputed from the bundled shares, beside the EU's 2023 figures",
        querystring: CrmQuery,
        response: tableResponses(
          CrmResultSchema,
          "the method, its thresholds and one recomputation per material",
        ),
      },
    },
    async (req, reply) => {
      const { format, material, year } = req.query;
      const whatIfText = req.query["what-if"];
      let whatIf: WhatIf | undefined;
      try {
        whatIf = whatIfText ? whatIfFromText(whatIfText, "what-if") : undefined;
      } catch (e) {
        // The user's own what-if rows: a located 422, not a server error.
        if (!(e instanceof ImportError)) throw e;
        return sendProblem(
          reply,
          problem(422, e.message, {
            file: e.file,
            line: e.line,
            ...(e.field !== null ? { field: e.field } : {}),
          }),
        );
      }
      const result = {
        method: EU_CRM_METHOD,
        thresholds: { sr: SR_THRESHOLD, ei: EI_THRESHOLD },
        recomputations: recomputeEuCrm({
          ...(material ? { materials: [material] } : {}),
          ...(year !== undefined ? { year } : {}),
          ...(whatIf ? { whatIf } : {}),
        }),
      };
      return answer(reply, ctx, { format, schema: CrmResultSchema, result, name: "crm", table: crmTable });
    },
  );

  app.get(
    "/api/risk/exposure",
    {
      schema: {
        tags: ["risk"],
        summary: "magnet demand per end use, the China-dependent share, tonnes at risk and months of cover",
        querystring: ExposureQuery,
        response: tableResponses(ExposureResultSchema, "the end uses, ranked, with totals and sources"),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const share = q["china-share"];
      const endUse = q["end-use"];
      const months = q["inventory-months"];
      const tonnes = q["inventory-t"];
      const inventory =
        months !== undefined
          ? { kind: "months" as const, months }
          : tonnes !== undefined && endUse !== undefined
            ? {
                kind: "mass" as const,
                endUse: endUse.key,
                basis: q["inventory-basis"] as MaterialBasis,
                kg: tonnes * 1000,
              }
            : undefined;
      const e = exposure({
        intensities: loadIntensities(),
        volumes: loadVolumes(),
        region: q.region,
        dependence: share
          ? assumedDependence(between(share.lo, share.hi), `china-share ${share.text}`)
          : chinaMagnetDependence(loadStageShares()),
        ...(q.year !== undefined ? { year: q.year } : {}),
        ...(inventory ? { inventory } : {}),
        ...(endUse ? { endUses: [endUse] } : {}),
      });
      const result = { ...e, oxidePrices: magnetOxidePrices(loadOxidePrices().series) };
      return answer(reply, ctx, {
        format: q.format,
        schema: ExposureResultSchema,
        result,
        name: "exposure",
        table: exposureTable,
      });
    },
  );

  app.get(
    "/api/risk/prices",
    {
      schema: {
        tags: ["risk"],
        summary: "oxide prices (USGS) and China's magnet export unit values beside the quantities",
        querystring: PricesQuery,
        response: tableResponses(
          PricesResultSchema,
          "the oxide price series with their stress, and the export unit values",
        ),
      },
    },
    async (req, reply) => {
      const { format, partner, from, to, table } = req.query;
      const oxides = loadOxidePrices();
      const uv = await ctx.gate.read(() => chinaExportUnitValues(ctx.store, { partner }));
      const points = uv.points.filter(
        (p) =>
          (from === undefined || p.month >= formatMonth(from)) &&
          (to === undefined || p.month <= formatMonth(to)),
      );
      const result = {
        oxides: {
          ...oxides,
          stress: oxides.series.map((s) => ({ metric: s.metric, stress: priceStress(s) })),
        },
        exports: { ...uv, points },
      };
      return answer(reply, ctx, {
        format,
        schema: PricesResultSchema,
        result,
        name: `prices-${table}`,
        table: pricesTable(table),
      });
    },
  );
}
