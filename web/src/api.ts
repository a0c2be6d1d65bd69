/**
 * The dashboard's only way to data: `fetch('/api/…')`. Bodies are the core result types, so the
 * types come from the public API (type-only imports: nothing of the core runs in the browser).
 * @module
 */
import type {
  Brief,
  CalibrateResult,
  EvaluateResult,
  FrontierResult,
  JobKind,
  JobResult,
  JobStatus,
  Lever,
  OptimizeResult,
  RecyclingFlows,
  SimRunResult,
  SpecKind,
  SpecListing,
  SpecProblem,
  TtsResult,
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
import { authHeaders, currentToken, refuseToken } from "./token.js";

export type {
  Brief,
  CalibrateResult,
  EvaluateResult,
  FrontierResult,
  JobKind,
  JobResult,
  JobStatus,
  Lever,
  OptimizeResult,
  RecyclingFlows,
  SimRunResult,
  SpecKind,
  SpecListing,
  SpecProblem,
  TtsResult,
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

/** An API error with the server's reason, shown as it is, and where it lies when the server says. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

/** Problem details (RFC 9457); a bad spec also names its path (`field`), line and file. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly field?: string;
  readonly line?: number;
  readonly file?: string;
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

export function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  return requestJson<T>("GET", apiUrl(path, params), undefined, signal);
}

/** A write (or a POST that only checks): JSON in, JSON out, with the token. */
export function sendJson<T>(
  method: "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  return requestJson<T>(method, apiUrl(path), body, signal);
}

async function requestJson<T>(method: string, url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...authHeaders() };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    signal: signal ?? null,
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) throw apiError(res, parsed);
  return parsed as T;
}

/** The error a failed answer means; a 401 also forgets the token, so the pages ask for it again. */
export function apiError(res: Response, body: unknown): ApiError {
  // Problem details (RFC 9457) carry the reason in `detail`.
  const p = body && typeof body === "object" ? (body as Problem) : null;
  if (res.status === 401) {
    const had = currentToken() !== null;
    refuseToken();
    return new ApiError(
      401,
      had
        ? "The server refused the write token: paste the one lodestone serve printed in the Write token field."
        : "This needs the write token: paste the one lodestone serve printed in the Write token field.",
      p,
    );
  }
  return new ApiError(res.status, p?.detail ?? p?.title ?? `${res.status} ${res.statusText}`, p);
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

/** A spec as `GET /api/specs/:kind/:name` gives it: its text as written and as parsed. */
export interface SpecText {
  readonly name: string;
  readonly origin: "shipped" | "saved";
  readonly savedAt: string | null;
  readonly yaml: string;
  readonly spec: unknown;
}

export interface Validation {
  readonly ok: boolean;
  readonly problems: readonly SpecProblem[];
}

export const specs = {
  list: (kind: SpecKind, s?: AbortSignal) => getJson<readonly SpecListing[]>(`specs/${kind}`, {}, s),
  get: (kind: SpecKind, name: string, s?: AbortSignal) =>
    getJson<SpecText>(`specs/${kind}/${encodeURIComponent(name)}`, {}, s),
  validate: (kind: SpecKind, yaml: string, s?: AbortSignal) =>
    sendJson<Validation>("POST", `specs/${kind}/validate`, { yaml }, s),
  save: (kind: SpecKind, name: string, yaml: string) =>
    sendJson<SpecListing>("PUT", `specs/${kind}/${encodeURIComponent(name)}`, { yaml }),
};

export const plan = {
  levers: (s?: AbortSignal) => getJson<{ file: string; levers: readonly Lever[] }>("plan/levers", {}, s),
  recycling: (s?: AbortSignal) => getJson<readonly RecyclingFlows[]>("plan/recycling", {}, s),
};
