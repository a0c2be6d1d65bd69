/**
 * The HTTP API's zod schemas: every query string and body the server accepts, and every response
 * body it sends. One schema serves validation, serialisation and the OpenAPI document. Query
 * parameters mirror the CLI's options and are parsed with the same core functions (months, ISO3
 * codes, catalogue ids), so a bad value is a 400 naming the parameter.
 *
 * Response schemas describe the core's result types field by field; the `Conforms` checks at the
 * end fail to compile when a core type drifts from its schema (a renamed, removed or retyped
 * field), and the server tests compare each body with the core's own result, which catches a
 * field the schema would drop.
 * @module
 */
import { z } from "zod";
import {
  commodityById,
  COMMODITIES,
  countryByIso3,
  ELEMENTS,
  END_USES,
  endUseByKey,
  findRecomputedMaterial,
  FORMAT_IDS,
  parseBound,
  parseMonth,
  RECOMPUTED_MATERIALS,
  type Brief,
  type ChainConcentration,
  type Conflict,
  type Coverage,
  type Exposure,
  type ImportDependence,
  type ImportOutcome,
  type MirrorResult,
  type MonitorSeries,
  type NetImportReliance,
  type NoImportData,
  type OxidePriceSeries,
  type OxideStress,
  type PolicyEvent,
  type Recomputation,
  type SourceInfo,
  type Top,
  type UnitValueSeries,
  priceStress,
} from "../index.js";

/**
 * Schemas with an id become components of the OpenAPI document (`#/components/schemas/<id>`).
 * They live in zod's global registry, where `.describe()` and `.meta()` put every description.
 */
/** A schema with its OpenAPI component name. */
export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  return schema.meta(description ? { id, description } : { id });
}

// ---------------------------------------------------------------------------------------------
// Problem details (RFC 9457)

export const Problem = named(
  "Problem",
  z.object({
    type: z.string().describe("a URI naming the kind of problem"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("what went wrong, in one line"),
    instance: z.string().optional().describe("the request path"),
    field: z.string().optional().describe("the offending query parameter, body field or file column"),
    file: z.string().optional().describe("for a rejected import or spec: the file"),
    line: z.number().int().nullable().optional().describe("for a rejected import or spec: the line"),
    errors: z
      .array(
        z.object({ field: z.string(), detail: z.string(), line: z.number().int().nullable().optional() }),
      )
      .optional()
      .describe("every invalid field, when there are several"),
  }),
  "An error in problem-details form (RFC 9457). Never carries a stack trace.",
);
export type Problem = z.infer<typeof Problem>;

// ---------------------------------------------------------------------------------------------
// Query parameters

/** A message for a missing required parameter, else zod's own. */
const required = (message?: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message),
});

const monthParam = (what: string) =>
  z
    .string(required())
    .transform((text, ctx) => {
      const m = parseMonth(text);
      if (m === null) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a month: use YYYY-MM` });
        return z.NEVER;
      }
      return m;
    })
    .describe(`${what}, YYYY-MM (e.g. 2025-06)`);

const placeParam = (what: string) =>
  z
    .string(required())
    .transform((text, ctx) => {
      const code = text.trim().toUpperCase();
      if (!countryByIso3(code)) {
        ctx.addIssue({
          code: "custom",
          message: `"${text}" is not a known ISO3 code or aggregate (WLD, EU27, EUR, OTH)`,
        });
        return z.NEVER;
      }
      return code;
    })
    .describe(`${what}: an ISO3 code or an aggregate (WLD, EU27, EUR, OTH)`);

const commodityParam = z
  .string()
  .refine((id) => commodityById(id) !== undefined, {
    error: (issue) =>
      `"${String(issue.input)}" is not in the catalogue; known: ${COMMODITIES.map((c) => c.id).join(", ")}`,
  })
  .default("re-magnets")
  .describe(`catalogue id: ${COMMODITIES.map((c) => c.id).join(", ")}`);

const flowParam = z
  .enum(["export", "import", "re-export", "re-import"])
  .default("export")
  .describe("trade flow");

const countParam = (what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      const n = Number(text);
      if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a positive whole number` });
        return z.NEVER;
      }
      return n;
    })
    .describe(what);

const yearParam = (what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      if (!/^\d{4}$/.test(text.trim())) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a year: use YYYY` });
        return z.NEVER;
      }
      return Number(text);
    })
    .describe(`${what}, YYYY`);

const positiveNumberParam = (what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a positive number` });
        return z.NEVER;
      }
      return n;
    })
    .describe(what);

export const TABLE_FORMATS = ["json", "csv", "parquet"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const formatParam = z
  .enum(TABLE_FORMATS)
  .default("json")
  .describe("json (the full result), or the table as csv (RFC 4180) or parquet, as a download");

const seriesFields = {
  reporter: placeParam("reporting country").default("CHN"),
  commodity: commodityParam,
  flow: flowParam,
  from: monthParam("first month").optional(),
  to: monthParam("last month").optional(),
};

export const SeriesQuery = z.strictObject({
  ...seriesFields,
  partner: placeParam("partner (default WLD, the world total)").default("WLD"),
  format: formatParam,
});

export const CoverageQuery = z.strictObject({
  ...seriesFields,
  partner: placeParam("only this partner (default: every partner)").optional(),
  format: formatParam,
});

export const TopQuery = z.strictObject({
  reporter: seriesFields.reporter,
  commodity: commodityParam,
  flow: flowParam,
  period: monthParam("month (default: the latest with partner figures)").optional(),
  n: countParam("how many partners (default 10)").default(10),
  format: formatParam,
});

export const BriefQuery = z.strictObject({
  reporter: seriesFields.reporter,
  commodity: commodityParam,
  flow: flowParam,
  period: monthParam("month (default: the latest with a world total)").optional(),
});

export const ListQuery = z.strictObject({ format: formatParam });

export const StagesQuery = z.strictObject({
  year: yearParam("year of the shares (default: the latest each stage has)").optional(),
  format: formatParam,
});

export const ImportsQuery = z.strictObject({
  reporter: placeParam("importing country (ISO3) or EU27"),
  commodity: commodityParam,
  by: z.enum(["year", "month"]).default("year").describe("annual or monthly periods"),
  format: formatParam,
});

export const MirrorQuery = z.strictObject({
  partner: placeParam("one partner (default: every partner with import data)").optional(),
  commodity: commodityParam,
  format: formatParam,
});

const materialNames = RECOMPUTED_MATERIALS.map((m) => m.symbol ?? m.name).join(", ");

export const CrmQuery = z.strictObject({
  material: z
    .string()
    .transform((text, ctx) => {
      const m = findRecomputedMaterial(text);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not recomputed: choose ${materialNames}` });
        return z.NEVER;
      }
      return m.name;
    })
    .optional()
    .describe(`one of ${materialNames} (name or symbol; default: all)`),
  year: yearParam("year of the bundled shares (default: the latest each stage has)").optional(),
  "what-if": z
    .string()
    .max(20_000)
    .optional()
    .describe("what-if rows as CSV (material,stage,field,country,value), as `risk crm --what-if` reads them"),
  format: formatParam,
});

const BASES: readonly string[] = ["magnet", "RE-metal", "REO", ...ELEMENTS];

export const ExposureQuery = z
  .strictObject({
    region: placeParam("region of the volumes (WLD for the world)").default("WLD"),
    year: yearParam("year of the volumes (default: each end use's latest year)").optional(),
    "inventory-months": positiveNumberParam("inventory held, in months of each end use's demand").optional(),
    "inventory-t": positiveNumberParam("inventory held for one end use (end-use), in tonnes").optional(),
    "inventory-basis": z
      .string()
      .refine((b) => BASES.includes(b), {
        error: (issue) => `"${String(issue.input)}" is not a material basis; known: ${BASES.join(", ")}`,
      })
      .default("magnet")
      .describe("material basis of inventory-t"),
    "end-use": z
      .string()
      .transform((text, ctx) => {
        const e = endUseByKey(text);
        if (!e) {
          ctx.addIssue({
            code: "custom",
            message: `"${text}" is not an end use; known: ${END_USES.map((x) => x.key).join(", ")}`,
          });
          return z.NEVER;
        }
        return e;
      })
      .optional()
      .describe(`only this end use (${END_USES.map((e) => e.key).join(", ")})`),
    "china-share": z
      .string()
      .transform((text, ctx) => {
        const b = parseBound(text, 100);
        if (b === null || b[0] < 0 || b[1] > 100) {
          ctx.addIssue({ code: "custom", message: `"${text}" is not a share in % (e.g. 70, 60-80, >90)` });
          return z.NEVER;
        }
        return { lo: b[0] / 100, hi: b[1] / 100, text };
      })
      .optional()
      .describe('your own China share in %, e.g. "70", "60-80" or ">90" (default: stage shares)'),
    format: formatParam,
  })
  .superRefine((q, ctx) => {
    if (q["inventory-months"] !== undefined && q["inventory-t"] !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["inventory-t"],
        message: "give inventory-months or inventory-t, not both",
      });
    if (q["inventory-t"] !== undefined && q["end-use"] === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["end-use"],
        message: "inventory-t needs end-use: a tonnage covers one end use",
      });
  });

export const PricesQuery = z.strictObject({
  partner: placeParam("destination of China's exports (default WLD, the world total)").default("WLD"),
  from: monthParam("first month of the export series").optional(),
  to: monthParam("last month of the export series").optional(),
  table: z
    .enum(["oxides", "exports"])
    .default("oxides")
    .describe("for csv and parquet: the oxide price points or the export unit values"),
  format: formatParam,
});

export const ImportQuery = z.strictObject({
  name: z
    .string(required())
    .regex(/^[^/\\\0]{1,255}$/, 'is not a file name (no "/" or "\\", at most 255 characters)')
    .describe("the uploaded file's name, kept as its source's file name (e.g. exports-2025.csv)"),
  format: z
    .enum(["auto", ...FORMAT_IDS])
    .default("auto")
    .describe(`auto (detected from the header), or one of ${FORMAT_IDS.join(", ")}`),
});

/** The raw bytes of an upload (any content type; the format is detected from the bytes). */
export const ImportBody = z
  .custom<Buffer>((b) => Buffer.isBuffer(b) && b.length > 0, {
    error: "is empty: send the file's bytes as the request body",
  })
  .meta({ type: "string", format: "binary", description: "the file's bytes" } as Record<string, unknown>);

// ---------------------------------------------------------------------------------------------
// Building blocks of the results

const Interval = named("Interval", z.object({ lo: z.number(), hi: z.number() }), "a closed range [lo, hi]");
const monthIndex = z
  .number()
  .int()
  .describe("a month as an integer: year × 12 + month − 1 (24305 = 2025-06)");
const nullable = <S extends z.ZodType>(s: S) => s.nullable();

const figureFields = {
  unit: z.string().describe('"kg", "%", "text", or a currency per kg such as "USD/kg"'),
  basis: z.enum(["observed", "reported", "computed", "derived"]),
  sources: z.array(z.number().int()).describe("source ids (GET /api/sources)"),
  low: z.number().optional().describe("derived figures: the low end their inputs' rounding allows"),
  high: z.number().optional(),
  definition: z.string().optional(),
};

const Figure = named(
  "Figure",
  z.object({ value: z.number(), ...figureFields }),
  "a value with its unit, how we know it, and the sources it rests on",
);
const TextFigure = named("TextFigure", z.object({ value: z.string(), ...figureFields }));

export const PolicyEventSchema = named(
  "PolicyEvent",
  z.object({
    id: z.string(),
    date: z.string().describe("as the source dates it: YYYY, YYYY-MM or YYYY-MM-DD"),
    start: z.string(),
    actor: z.string(),
    type: z.string(),
    elements: z.array(z.string()),
    products: z.array(z.string()),
    destinations: z.array(z.string()),
    endUses: z.array(z.string()),
    scopeText: z.string(),
    description: z.string(),
    status: z.string(),
    endDate: z.string().nullable().describe("exclusive end, YYYY-MM-DD"),
    derived: z.boolean(),
    suspends: z.array(z.string()),
    sourceId: z.number().int(),
  }),
);

const MonitorRow = named(
  "MonitorRow",
  z.object({
    partner: z.string(),
    month: monthIndex,
    status: z.enum(["observed", "derived", "missing"]),
    qty: nullable(Figure),
    momKg: nullable(Figure),
    momPct: nullable(Figure),
    yoyKg: nullable(Figure),
    yoyPct: nullable(Figure),
    ytd: nullable(Figure),
    ytdYoyPct: nullable(Figure),
    roll3: nullable(Figure),
    roll12: nullable(Figure),
    priorYearAvg: nullable(Figure),
    vsPriorYearAvgPct: nullable(Figure),
    sharePct: nullable(Figure),
    rank: z.number().int().nullable(),
    unitValue: nullable(Figure),
    records: z.array(TextFigure),
    events: z.array(
      z.object({
        event: PolicyEventSchema,
        relation: z.enum(["starts", "in_force", "suspended"]),
        detail: z.string(),
      }),
    ),
  }),
);

export const MonitorSeriesSchema = named(
  "MonitorSeries",
  z.object({
    query: z.object({
      reporter: z.string(),
      flow: z.string(),
      commodity: z.string(),
      partner: z.string().optional(),
      from: monthIndex.optional(),
      to: monthIndex.optional(),
    }),
    rows: z.array(MonitorRow),
    checks: z.array(
      z.object({
        partner: z.string(),
        start: monthIndex,
        end: monthIndex,
        stated: z.number(),
        sumOfMonths: z.number(),
        tolerance: z.number(),
        consistent: z.boolean(),
        fromDifference: z.boolean(),
        sources: z.array(z.number().int()),
      }),
    ),
    derived: z.array(
      z.object({
        partner: z.string(),
        start: monthIndex,
        end: monthIndex,
        value: z.number(),
        low: z.number(),
        high: z.number(),
        sources: z.array(z.number().int()),
        method: z.string(),
      }),
    ),
  }),
);

export const CoverageSchema = named(
  "Coverage",
  z.object({
    months: z.array(z.string()).describe("YYYY-MM of each column"),
    rows: z.array(
      z.object({
        partner: z.string(),
        cells: z.array(z.enum(["observed", "derived", "missing"])),
        observed: z.number().int(),
        derived: z.number().int(),
        missing: z.number().int(),
      }),
    ),
  }),
);

export const TopSchema = named(
  "Top",
  z.object({
    period: z.string(),
    world: nullable(Figure),
    rows: z.array(
      z.object({
        rank: z.number().int(),
        partner: z.string(),
        name: z.string(),
        qty: Figure,
        sharePct: nullable(Figure),
        momPct: nullable(Figure),
        yoyPct: nullable(Figure),
      }),
    ),
  }),
);

export const BriefSchema = named(
  "Brief",
  z.object({
    reporter: z.string(),
    commodity: z.string(),
    flow: z.string(),
    period: z.string(),
    world: z.object({
      qty: Figure,
      mom_pct: nullable(Figure),
      yoy_pct: nullable(Figure),
      prior_year_monthly_avg: nullable(Figure),
      vs_prior_year_avg_pct: nullable(Figure),
      ytd: nullable(Figure),
      ytd_yoy_pct: nullable(Figure),
      record: nullable(TextFigure),
      records: z.array(TextFigure),
    }),
    partners: z.array(
      z.object({
        partner: z.string(),
        name: z.string(),
        qty: Figure,
        mom_pct: nullable(Figure),
        yoy_pct: nullable(Figure),
        share_pct: nullable(Figure),
      }),
    ),
    events: z.array(
      z.object({
        id: z.string(),
        date: z.string(),
        actor: z.string(),
        type: z.string(),
        scope: z.string(),
        relation: z.string(),
        detail: z.string(),
        description: z.string(),
        derived: z.boolean(),
        sources: z.array(z.number().int()),
      }),
    ),
    text: z.string().describe("the paragraph, with footnote marks [n] that index `sources`"),
    table: z.string(),
    sources: z.array(
      z.object({
        id: z.number().int(),
        note: z.number().int(),
        kind: z.string(),
        citation: z.string(),
        url: z.string().nullable(),
        source_date: z.string().nullable(),
      }),
    ),
  }),
);

export const SourceInfoSchema = named(
  "SourceInfo",
  z.object({
    source_id: z.number().int(),
    kind: z.string(),
    citation: z.string(),
    url: z.string().nullable(),
    licence: z.string().nullable(),
    source_date: z.string().nullable(),
    row_count: z.number().int(),
    file_name: z.string(),
    format: z.string(),
    sha256_12: z.string(),
    imported_at: z.string(),
    bundled: z.boolean(),
  }),
);

export const ConflictSchema = named(
  "Conflict",
  z.object({
    reporter: z.string(),
    partner: z.string(),
    flow: z.string(),
    commodity: z.string(),
    period: z.string(),
    stat: z.string(),
    measure: z.string(),
    withinRounding: z.boolean(),
    versions: z.array(
      z.object({
        value: z.number(),
        half: z.number(),
        won: z.boolean(),
        source_id: z.number().int(),
        citation: z.string(),
        kind: z.string(),
        preferred: z.boolean().nullable(),
        source_date: z.string().nullable(),
        line: z.number().int(),
      }),
    ),
  }),
);

export const ImportOutcomeSchema = named(
  "ImportOutcome",
  z.object({
    status: z.enum(["imported", "unchanged", "replaced"]),
    importId: z.number().int(),
    fileName: z.string(),
    format: z.string(),
    sha256: z.string(),
    sources: z.number().int(),
    flows: z.number().int(),
    events: z.number().int(),
    firstImportedAt: z
      .string()
      .optional()
      .describe('for "unchanged": when the same bytes were first imported'),
  }),
);

// ---------------------------------------------------------------------------------------------
// Risk: concentration by stage

const StageShares = z.object({
  stage: z.string(),
  year: z.number().int().nullable(),
  basis: z.string(),
  entries: z.array(
    z.object({ country: z.string(), share: Interval, source: z.string(), note: z.string().optional() }),
  ),
  remainder: Interval,
  noData: z.boolean(),
  sources: z.array(z.string()),
  notes: z.array(z.string()),
});

export const ChainConcentrationSchema = named(
  "ChainConcentration",
  z.object({
    stages: z.array(
      z.object({
        stage: z.string(),
        year: z.number().int().nullable(),
        basis: z.string(),
        noData: z.boolean(),
        hhi: nullable(Interval).describe("0–1 scale"),
        hhiPoints: nullable(Interval).describe("0–10,000 scale"),
        top1: nullable(Interval),
        top3: nullable(Interval),
        leader: z.string().nullable(),
        nMinus1: nullable(Interval),
        otherRule: z.string(),
        shares: StageShares,
      }),
    ),
    bottleneck: z.object({ stage: z.string(), hhi: Interval, ambiguousWith: z.array(z.string()) }).nullable(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Risk: import dependence and net import reliance

const SourceRef = named(
  "SourceRef",
  z.object({
    id: z.number().int(),
    citation: z.string(),
    kind: z.string(),
    url: z.string().nullable(),
    date: z.string().nullable(),
  }),
);

const MeasureSummary = z.object({
  total: z.number(),
  totalBasis: z.enum(["reported world total", "sum of countries"]),
  countries: z.number(),
  unallocated: z.number(),
  hhi: Interval,
  chinaShare: nullable(Interval),
  currency: z.string().nullable(),
});

const ShareTrend = z.object({
  points: z.array(z.object({ period: z.string(), share: Interval, partial: z.boolean() })),
  changePts: Interval,
  slopePtsPerYear: z.number().nullable(),
});

const ImportDependenceSchema = z.object({
  status: z.literal("data"),
  reporter: z.string(),
  commodity: z.string(),
  commodityName: z.string(),
  by: z.enum(["year", "month"]),
  periods: z.array(
    z.object({
      period: z.string(),
      start: monthIndex,
      end: monthIndex,
      months: z.number().int(),
      partial: z.boolean(),
      qty: MeasureSummary.nullable(),
      value: MeasureSummary.nullable(),
      partners: z.array(
        z.object({
          partner: z.string(),
          name: z.string(),
          qtyKg: z.number().nullable(),
          qtyShare: z.number().nullable(),
          value: z.number().nullable(),
          valueShare: z.number().nullable(),
          sources: z.array(z.number().int()),
        }),
      ),
      excluded: z.array(z.string()),
    }),
  ),
  china: z.object({ qty: ShareTrend.nullable(), value: ShareTrend.nullable() }),
  sources: z.array(SourceRef),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
});

const NoImportDataSchema = z.object({
  status: z.literal("no-data"),
  reporter: z.string(),
  commodity: z.string(),
  commodityName: z.string(),
  by: z.enum(["year", "month"]),
  message: z.string(),
  howTo: z.array(z.string()),
  context: z
    .object({
      reporter: z.string(),
      period: z.string(),
      scope: z.string(),
      shares: z.array(z.object({ country: z.string(), name: z.string(), share: Interval })),
      other: Interval,
      hhi: Interval,
      chinaShare: Interval,
      source: z.object({ citation: z.string(), file: z.string(), url: z.string(), date: z.string() }),
      note: z.string(),
    })
    .nullable(),
});

const NetImportRelianceSchema = z.object({
  reporter: z.string(),
  commodity: z.string(),
  definition: z.string(),
  years: z.array(
    z.object({
      year: z.number().int(),
      basis: z.enum(["user data", "bundled USGS", "none"]),
      nir: nullable(Interval),
      status: z.string(),
      display: z.string(),
      formula: z.string(),
      inputs: z.array(
        z.object({
          metric: z.string(),
          value: Interval,
          unit: z.string(),
          from: z.string(),
          sources: z.array(z.string()),
        }),
      ),
      scope: z.string(),
      estimate: z.boolean(),
      notes: z.array(z.string()),
    }),
  ),
  basisSummary: z.string(),
  sources: z.array(SourceRef),
  howTo: z.array(z.string()),
});

export const ImportsResultSchema = named(
  "ImportsResult",
  z.object({
    imports: z.discriminatedUnion("status", [ImportDependenceSchema, NoImportDataSchema]),
    netImportReliance: NetImportRelianceSchema,
  }),
  "import sources, their concentration and China's share; net import reliance",
);

// ---------------------------------------------------------------------------------------------
// Risk: mirror statistics

const MirrorSide = z.object({
  reporter: z.string(),
  commodity: z.string(),
  line: z.string(),
  qtyKg: z.number().nullable(),
  qtyHalf: z.number(),
  value: z.number().nullable(),
  valueHalf: z.number(),
  currency: z.string().nullable(),
  sources: z.array(z.number().int()),
});

const Gap = z.object({ pct: z.number(), range: Interval, band: Interval, flag: z.boolean().nullable() });

export const MirrorResultSchema = named(
  "MirrorResult",
  z.object({
    commodity: z.string(),
    partner: z.string().nullable(),
    definition: z.string(),
    bands: z.object({ annualPct: z.number(), monthlyPct: z.number(), cifFobPct: z.number() }),
    pairs: z.array(
      z.object({
        partner: z.string(),
        name: z.string(),
        period: z.string(),
        months: z.number().int(),
        exports: MirrorSide,
        imports: MirrorSide,
        relation: z.string(),
        qtyGap: Gap.nullable(),
        valueGap: Gap.nullable(),
        flag: z.boolean().nullable(),
        warnings: z.array(z.string()),
      }),
    ),
    unmatched: z.array(z.string()),
    withoutImporterData: z.array(z.string()),
    warnings: z.array(z.string()),
    caveats: z.array(z.string()),
    sources: z.array(SourceRef),
    howTo: z.array(z.string()),
  }),
);

// ---------------------------------------------------------------------------------------------
// Risk: EU CRM recomputation

const Sourcing = z.object({
  entries: z.array(z.object({ country: z.string(), share: Interval })),
  remainder: Interval,
  t: z.record(z.string(), z.number()),
  remainderWgi: Interval.optional(),
  remainderT: Interval.optional(),
});

const CrmInput = z.object({
  material: z.string(),
  wgi: z.record(z.string(), z.number()),
  stages: z.array(
    z.object({
      stage: z.string(),
      basis: z.string(),
      global: Sourcing.nullable(),
      eu: Sourcing.nullable(),
      ir: Interval,
    }),
  ),
  eolRir: Interval,
  siSr: Interval,
  ei: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("computed"),
        sectors: z.array(z.object({ name: z.string(), share: Interval, valueAdded: z.number() })),
        valueAddedMax: z.number(),
        siEi: Interval,
      }),
      z.object({ kind: z.literal("given"), value: Interval, source: z.string() }),
    ])
    .nullable(),
});

const HhiWgiT = z.object({
  terms: z.array(
    z.object({ country: z.string(), share: Interval, wgi: z.number(), t: z.number(), term: Interval }),
  ),
  remainder: z.object({ share: Interval, cap: z.number(), wgi: Interval, t: Interval, term: Interval }),
  value: Interval,
});

const CrmResult = z.object({
  material: z.string(),
  stages: z.array(
    z.object({
      stage: z.string(),
      basis: z.string(),
      ir: Interval,
      weightGlobal: Interval,
      weightEu: Interval,
      hhiGlobal: HhiWgiT.nullable(),
      hhiEu: HhiWgiT.nullable(),
      blended: Interval,
      recyclingFactor: Interval,
      siSr: Interval,
      sr: Interval,
    }),
  ),
  sr: Interval,
  bottleneck: z.array(z.string()),
  ei: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("computed"),
        sectors: z.array(
          z.object({
            name: z.string(),
            share: Interval,
            valueAdded: z.number(),
            scaled: z.number(),
            term: Interval,
          }),
        ),
        sum: Interval,
        siEi: Interval,
        value: Interval,
      }),
      z.object({ kind: z.literal("given"), value: Interval, source: z.string() }),
    ])
    .nullable(),
  verdict: z.enum(["critical", "not critical", "undetermined"]),
  verdictReason: z.string(),
  thresholds: z.object({ sr: z.number(), ei: z.number() }),
});

const Recomputation = z.object({
  material: z.string(),
  symbol: z.string().nullable(),
  published: z.object({
    material: z.string(),
    sr: z.number(),
    ei: z.number(),
    stageUsed: z.string(),
    srExtraction: z.number().nullable(),
    srProcessing: z.number().nullable(),
    file: z.string(),
    line: z.number().int(),
    siEi: z.number().nullable(),
    siSr: z.number().nullable(),
    irExtraction: z.number().nullable(),
    irProcessing: z.number().nullable(),
    eolRir: z.number(),
    basis: z.object({ extraction: z.string().nullable(), processing: z.string().nullable() }),
    source: z.string(),
    sourceDate: z.string(),
    note: z.string(),
  }),
  publishedCheck: z.object({
    material: z.string(),
    stageMax: z.number().nullable(),
    consistent: z.boolean().nullable(),
    check: z.string(),
    verdict: z.string(),
    verdictReason: z.string(),
  }),
  input: CrmInput,
  result: CrmResult,
  difference: Interval,
  stages: z.array(
    z.object({
      stage: z.string(),
      published: z.number().nullable(),
      recomputed: Interval.nullable(),
      difference: Interval.nullable(),
    }),
  ),
  ei: z.object({ value: z.number(), source: z.string() }),
  reasons: z.array(z.string()),
  inputs: z.array(
    z.object({ input: z.string(), range: Interval.nullable(), unit: z.string(), source: z.string() }),
  ),
  whatIf: z
    .object({
      changes: z.array(
        z.object({
          file: z.string(),
          line: z.number().int(),
          material: z.string().nullable(),
          stage: z.string().nullable(),
          field: z.string(),
          country: z.string().nullable(),
          value: Interval,
          text: z.string(),
          note: z.string(),
        }),
      ),
      input: CrmInput,
      result: CrmResult,
      srChange: Interval,
    })
    .nullable(),
});

export const CrmResultSchema = named(
  "CrmRecomputation",
  z.object({
    method: z.string(),
    thresholds: z.object({ sr: z.number(), ei: z.number() }),
    recomputations: z.array(Recomputation),
  }),
  "the EU CRM supply risk recomputed from the bundled shares, beside the EU's 2023 figures",
);

// ---------------------------------------------------------------------------------------------
// Risk: end-use exposure and prices

const RowSource = z.object({ url: z.string(), date: z.string(), file: z.string(), line: z.number().int() });
const BasisMass = z.object({ basis: z.string(), kg: Interval });

const IntensityRow = z.object({
  line: z.number().int(),
  label: z.string(),
  endUse: z.string(),
  basis: z.string(),
  material: z.string(),
  unit: z.string(),
  statedUnit: z.string(),
  kgPerUnit: Interval,
  openAbove: z.boolean(),
  reliability: z.string(),
  source: RowSource,
  note: z.string(),
});

const IntensityEstimate = z.object({
  basis: z.string(),
  unit: z.string(),
  kgPerUnit: Interval,
  openAbove: z.boolean(),
  rows: z.array(IntensityRow),
  reliability: z.string(),
});

const VolumeRow = z.object({
  line: z.number().int(),
  label: z.string(),
  product: z.string(),
  role: z.string(),
  region: z.string(),
  year: z.number().int(),
  count: z.number(),
  unit: z.string(),
  statedUnit: z.string(),
  openAbove: z.boolean(),
  kind: z.string(),
  reliability: z.string(),
  source: RowSource,
  note: z.string(),
});

const PricePoint = z.object({
  year: z.number().int(),
  value: z.number(),
  estimate: z.boolean(),
  edition: z.string(),
  line: z.number().int(),
});

const PriceStress = z.object({
  latest: PricePoint,
  previous: PricePoint.nullable(),
  changePct: z.number().nullable(),
  peak: PricePoint,
  vsPeakPct: z.number(),
  trough: PricePoint,
});

export const ExposureResultSchema = named(
  "ExposureResult",
  z.object({
    region: z.string(),
    year: z.number().int().nullable(),
    yearRule: z.string(),
    dependence: z
      .object({
        share: Interval,
        via: z.enum(["stage-share", "import-share", "assumption"]),
        label: z.string(),
        year: z.number().int().nullable(),
        sources: z.array(z.string()),
        note: z.string().optional(),
      })
      .nullable(),
    inventory: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("months"), months: z.number() }),
        z.object({ kind: z.literal("mass"), endUse: z.string(), basis: z.string(), kg: z.number() }),
      ])
      .nullable(),
    rankingRule: z.string(),
    conversion: z.object({
      from: z.string(),
      to: z.string(),
      value: z.number(),
      low: z.number(),
      high: z.number(),
      source: z.string(),
      note: z.string(),
    }),
    endUses: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        product: z.string(),
        overlaps: z.string().nullable(),
        rank: z.number().int().nullable(),
        noData: z.string().nullable(),
        year: z.number().int().nullable(),
        volume: z
          .object({
            product: z.string(),
            region: z.string(),
            year: z.number().int(),
            unit: z.string(),
            count: Interval,
            openAbove: z.boolean(),
            kind: z.string(),
            rows: z.array(VolumeRow),
            reliability: z.string(),
            notUsed: z.array(z.object({ row: VolumeRow, reason: z.string() })),
          })
          .nullable(),
        intensity: IntensityEstimate.nullable(),
        demand: BasisMass.nullable(),
        demandReMetal: Interval.nullable(),
        chinaShare: Interval.nullable(),
        atRisk: BasisMass.nullable(),
        atRiskReMetal: Interval.nullable(),
        cover: z
          .object({
            ofShortfall: z.object({ lo: z.number(), hi: z.number().nullable() }),
            ofDemand: Interval,
          })
          .nullable(),
        coverNote: z.string(),
        openAbove: z.boolean(),
        alternatives: z.array(z.object({ intensity: IntensityEstimate, demand: BasisMass })),
        unusedIntensities: z.array(z.object({ row: IntensityRow, reason: z.string() })),
        reliability: z.string().nullable(),
        sources: z.array(z.string()),
        notes: z.array(z.string()),
      }),
    ),
    total: z
      .object({
        year: z.number().int(),
        demandReMetal: Interval,
        atRiskReMetal: Interval.nullable(),
        openAbove: z.boolean(),
      })
      .nullable(),
    totalNote: z.string(),
    inputs: z.object({ intensities: z.string(), volumes: z.string() }),
    skipped: z.array(
      z.object({
        file: z.string(),
        line: z.number().int(),
        label: z.string(),
        reason: z.string(),
        endUse: z.string().optional(),
      }),
    ),
    sources: z.array(z.string()),
    oxidePrices: z.array(
      z.object({
        metric: z.string(),
        name: z.string(),
        elements: z.array(z.string()),
        unit: z.string(),
        stress: PriceStress,
        sources: z.array(z.string()),
      }),
    ),
  }),
  "magnet demand by end use, the China-dependent share, tonnes at risk and months of cover",
);

const OxidePriceSeriesSchema = z.object({
  metric: z.string(),
  name: z.string(),
  elements: z.array(z.string()),
  unit: z.string(),
  points: z.array(PricePoint),
  superseded: z.array(PricePoint),
  origin: z.string(),
  sources: z.array(z.string()),
  file: z.string(),
});

const UnitValuePoint = z.object({
  month: z.string(),
  qtyKg: z.number().nullable(),
  qtyStatus: z.enum(["observed", "derived", "missing"]),
  computed: z.number().nullable(),
  reported: z.number().nullable(),
  unitValue: z.number().nullable(),
  unit: z.string().nullable(),
  basis: z.enum(["computed", "reported"]).nullable(),
  sourceIds: z.array(z.number().int()),
  sourceUrls: z.array(z.string()),
});

const UnitValueSeriesSchema = z.object({
  reporter: z.string(),
  flow: z.string(),
  commodity: z.string(),
  partner: z.string(),
  points: z.array(UnitValuePoint),
  latest: UnitValuePoint.nullable(),
  yoyPct: z.number().nullable(),
});

export const PricesResultSchema = named(
  "PricesResult",
  z.object({
    oxides: z.object({
      file: z.string(),
      series: z.array(OxidePriceSeriesSchema),
      stress: z.array(z.object({ metric: z.string(), stress: PriceStress.nullable() })),
    }),
    exports: UnitValueSeriesSchema,
  }),
  "oxide prices (USGS) and China's magnet export unit values",
);

// ---------------------------------------------------------------------------------------------
// The core's result types must fit their schemas (compile-time; see the module comment)

type DeepMutable<T> = T extends string | number | boolean | bigint | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? DeepMutable<U>[]
    : { -readonly [K in keyof T]: DeepMutable<T[K]> };
type Conforms<Core, S extends z.ZodType> = DeepMutable<Core> extends z.output<S> ? true : false;
type Assert<T extends true> = T;

export type _SchemaChecks = [
  Assert<Conforms<MonitorSeries, typeof MonitorSeriesSchema>>,
  Assert<Conforms<Coverage, typeof CoverageSchema>>,
  Assert<Conforms<Top, typeof TopSchema>>,
  Assert<Conforms<Brief, typeof BriefSchema>>,
  Assert<Conforms<SourceInfo, typeof SourceInfoSchema>>,
  Assert<Conforms<Conflict, typeof ConflictSchema>>,
  Assert<Conforms<PolicyEvent, typeof PolicyEventSchema>>,
  Assert<Conforms<ImportOutcome, typeof ImportOutcomeSchema>>,
  Assert<Conforms<ChainConcentration, typeof ChainConcentrationSchema>>,
  Assert<Conforms<ImportDependence, typeof ImportDependenceSchema>>,
  Assert<Conforms<NoImportData, typeof NoImportDataSchema>>,
  Assert<Conforms<NetImportReliance, typeof NetImportRelianceSchema>>,
  Assert<Conforms<MirrorResult, typeof MirrorResultSchema>>,
  Assert<Conforms<Recomputation, typeof Recomputation>>,
  Assert<Conforms<Exposure & { oxidePrices: OxideStress[] }, typeof ExposureResultSchema>>,
  Assert<Conforms<OxidePriceSeries, typeof OxidePriceSeriesSchema>>,
  Assert<Conforms<NonNullable<ReturnType<typeof priceStress>>, typeof PriceStress>>,
  Assert<Conforms<UnitValueSeries, typeof UnitValueSeriesSchema>>,
];
