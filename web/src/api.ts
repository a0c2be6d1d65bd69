/**
 * The dashboard's only way to data: `fetch('/api/…')`. Bodies are the core result types, so the
 * types come from the public API (type-only imports: nothing of the core runs in the browser).
 * @module
 */
import type {
  Brief,
  ChainConcentration,
  Coverage,
  Exposure,
  ImportDependence,
  MirrorResult,
  MonitorSeries,
  NetImportReliance,
  NoImportData,
  OxidePriceSeries,
  OxideStress,
  Recomputation,
  SourceInfo,
  Top,
  UnitValueSeries,
} from "../../src/index.js";

export type {
  Brief,
  ChainConcentration,
  Coverage,
  Exposure,
  ImportDependence,
  MirrorResult,
  MonitorSeries,
  NetImportReliance,
  NoImportData,
  OxidePriceSeries,
  Recomputation,
  SourceInfo,
  Top,
  UnitValueSeries,
};

/** An API error with the server's reason, shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | undefined | null>;

/** `/api/<path>?<params>`, leaving out empty parameters. */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const qs = q.toString();
  return `${API_ROOT}${path}${qs ? `?${qs}` : ""}`;
}

/** Relative, so the dashboard works wherever the server mounts it beside `api/`. */
const API_ROOT = new URL("api/", document.baseURI).pathname;

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const res = await fetch(apiUrl(path, params), { headers: { accept: "application/json" }, signal });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    // Problem details (RFC 9457) carry the reason in `detail`.
    const b = body as { detail?: string; title?: string } | null;
    throw new ApiError(res.status, b?.detail ?? b?.title ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export interface SeriesParams {
  commodity: string;
  partner?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  reporter?: string | undefined;
  flow?: string | undefined;
}

export const api = {
  sources: (s?: AbortSignal) => getJson<readonly SourceInfo[]>("sources", {}, s),
  /** One partner's series (the API's default partner is WLD, the world total). */
  series: (p: SeriesParams, s?: AbortSignal) => getJson<MonitorSeries>("series", { ...p }, s),
  /** Several partners' series as one: `/api/series` answers one partner at a time. */
  seriesOf: async (p: SeriesParams, partners: readonly string[], s?: AbortSignal): Promise<MonitorSeries> => {
    const parts = await Promise.all(partners.map((partner) => api.series({ ...p, partner }, s)));
    return {
      query:
        parts[0]?.query ??
        ({
          reporter: p.reporter ?? "CHN",
          flow: p.flow ?? "export",
          commodity: p.commodity,
        } as MonitorSeries["query"]),
      rows: parts.flatMap((x) => x.rows),
      checks: parts.flatMap((x) => x.checks),
      derived: parts.flatMap((x) => x.derived),
    };
  },
  coverage: (p: SeriesParams, s?: AbortSignal) => getJson<Coverage>("coverage", { ...p }, s),
  top: (p: SeriesParams & { period?: string | undefined; n?: number }, s?: AbortSignal) =>
    getJson<Top>("top", { ...p }, s),
  brief: (p: { commodity: string; period?: string | undefined }, s?: AbortSignal) =>
    getJson<Brief>("brief", { ...p }, s),
  stages: (p: { year?: number | undefined } = {}, s?: AbortSignal) =>
    getJson<ChainConcentration>("risk/stages", { ...p }, s),
  imports: (p: { reporter: string; commodity: string }, s?: AbortSignal) =>
    getJson<ImportsBody>("risk/imports", { ...p }, s),
  mirror: (p: { commodity: string; partner?: string | undefined }, s?: AbortSignal) =>
    getJson<MirrorResult>("risk/mirror", { ...p }, s),
  /** `whatIf`: what-if rows as the CLI's `--what-if` file has them (CSV: material,stage,field,country,value). */
  crm: (p: { material?: string | undefined; whatIf?: string | undefined }, s?: AbortSignal) =>
    getJson<CrmBody>("risk/crm", { material: p.material, "what-if": p.whatIf }, s),
  exposure: (
    p: {
      region?: string | undefined;
      chinaShare?: number | undefined;
      inventoryMonths?: number | undefined;
    } = {},
    s?: AbortSignal,
  ) =>
    getJson<ExposureBody>(
      "risk/exposure",
      { region: p.region, "china-share": p.chinaShare, "inventory-months": p.inventoryMonths },
      s,
    ),
  prices: (p: { partner?: string | undefined } = {}, s?: AbortSignal) =>
    getJson<PricesBody>("risk/prices", { ...p }, s),
};

/** `risk imports` gives import dependence (or how to get data) and net import reliance. */
export interface ImportsBody {
  readonly imports: ImportDependence | NoImportData;
  readonly netImportReliance: NetImportReliance | null;
}

export interface CrmBody {
  readonly method: string;
  readonly thresholds: { readonly sr: number; readonly ei: number };
  readonly recomputations: readonly Recomputation[];
}

export type ExposureBody = Exposure & { readonly oxidePrices?: readonly OxideStress[] };

export interface PricesBody {
  readonly oxides: {
    readonly file: string;
    readonly series: readonly OxidePriceSeries[];
  };
  readonly exports: UnitValueSeries;
}
