/**
 * Countries and the aggregates the data uses, with ISO3/ISO2/M49 codes and UN Comtrade codes.
 * Aggregates (WLD, EU27, EUR, OTH) are never summed with their members or with each other.
 * @module
 * @example
 * countryByComtradeCode(842)?.iso3; // "USA"
 */
import { ISO_COUNTRIES } from "./countries-iso.js";

export interface Country {
  /** ISO 3166-1 alpha-3, or the aggregate code (WLD, EU27, EUR, OTH, S19). */
  readonly iso3: string;
  readonly iso2: string | null;
  /** UN M49 numeric code, where one exists. */
  readonly m49: number | null;
  /** UN Comtrade reporter/partner code (differs from M49 for a few countries). */
  readonly comtrade: number | null;
  readonly name: string;
  /** Member ISO3 codes for an aggregate; null for a country. */
  readonly members: readonly string[] | null;
}

/** Comtrade codes that differ from M49 (Comtrade's reporter/partner reference list). */
const COMTRADE_OVERRIDES: Record<string, number> = {
  USA: 842, // USA incl. Puerto Rico and US Virgin Islands
  IND: 699,
  FRA: 251, // France incl. Monaco
  NOR: 579, // Norway incl. Svalbard and Jan Mayen
  CHE: 757, // Switzerland incl. Liechtenstein
  ITA: 381, // Italy incl. San Marino
};

const SHORT_NAMES: Record<string, string> = {
  CHN: "China",
  USA: "United States",
  KOR: "South Korea",
  PRK: "North Korea",
  TWN: "Taiwan",
  RUS: "Russia",
  VNM: "Vietnam",
  IRN: "Iran",
  GBR: "United Kingdom",
  LAO: "Laos",
  BOL: "Bolivia",
  VEN: "Venezuela",
  TZA: "Tanzania",
  SYR: "Syria",
  MDA: "Moldova",
  NLD: "Netherlands",
  CZE: "Czechia",
};

export const EU27_MEMBERS: readonly string[] = [
  "AUT",
  "BEL",
  "BGR",
  "HRV",
  "CYP",
  "CZE",
  "DNK",
  "EST",
  "FIN",
  "FRA",
  "DEU",
  "GRC",
  "HUN",
  "IRL",
  "ITA",
  "LVA",
  "LTU",
  "LUX",
  "MLT",
  "NLD",
  "POL",
  "PRT",
  "ROU",
  "SVK",
  "SVN",
  "ESP",
  "SWE",
];

const AGGREGATES: Country[] = [
  { iso3: "WLD", iso2: null, m49: 1, comtrade: 0, name: "World", members: [] },
  { iso3: "EU27", iso2: "EU", m49: null, comtrade: 97, name: "European Union (27)", members: EU27_MEMBERS },
  // "Europe" as the citing source defines it: membership unknown, so comparable with nothing.
  {
    iso3: "EUR",
    iso2: null,
    m49: 150,
    comtrade: null,
    name: "Europe (as the source defines it)",
    members: [],
  },
  { iso3: "OTH", iso2: null, m49: null, comtrade: 899, name: "Other / unspecified", members: [] },
];

/** Comtrade's "Other Asia, nes" (code 490, ISO-like S19): a residual partner, not an aggregate. */
const OTHER_ASIA: Country = {
  iso3: "S19",
  iso2: null,
  m49: null,
  comtrade: 490,
  name: "Other Asia, nes",
  members: null,
};

const ALL: Country[] = [
  ...ISO_COUNTRIES.map(([iso3, iso2, m49, name]) => ({
    iso3,
    iso2,
    m49,
    comtrade: COMTRADE_OVERRIDES[iso3] ?? m49,
    name: SHORT_NAMES[iso3] ?? name,
    members: null,
  })),
  OTHER_ASIA,
  ...AGGREGATES,
];

const byIso3 = new Map(ALL.map((c) => [c.iso3, c]));
const byIso2 = new Map(ALL.filter((c) => c.iso2).map((c) => [c.iso2 as string, c]));
const byComtrade = new Map<number, Country>();
for (const c of ALL) if (c.comtrade !== null && !byComtrade.has(c.comtrade)) byComtrade.set(c.comtrade, c);
// Comtrade files also use the plain M49 codes of the overridden countries for some years.
for (const [iso3] of Object.entries(COMTRADE_OVERRIDES)) {
  const c = byIso3.get(iso3);
  if (c?.m49 != null && !byComtrade.has(c.m49)) byComtrade.set(c.m49, c);
}

export function countryByIso3(code: string): Country | undefined {
  return byIso3.get(code.trim().toUpperCase());
}

export function countryByIso2(code: string): Country | undefined {
  return byIso2.get(code.trim().toUpperCase());
}

export function countryByComtradeCode(code: number): Country | undefined {
  return byComtrade.get(code);
}

/** True for WLD, EU27, EUR and OTH: never to be summed with members or with each other. */
export function isAggregate(code: string): boolean {
  return byIso3.get(code)?.members != null;
}

/** Names read with "the" in running text ("exports to the United States"). */
const WITH_ARTICLE = new Set([
  "USA",
  "GBR",
  "NLD",
  "PHL",
  "ARE",
  "CZE",
  "DOM",
  "BHS",
  "GMB",
  "CAF",
  "COM",
  "MDV",
  "MHL",
  "SLB",
]);

/** The name as it reads in a sentence: "the United States", "Germany". */
export function countryNameInText(code: string): string {
  const name = countryName(code);
  return WITH_ARTICLE.has(code) || isAggregate(code) ? `the ${name}` : name;
}

/** Display name for a code; the code itself when unknown. */
export function countryName(code: string): string {
  return byIso3.get(code)?.name ?? code;
}

export function allCountries(): readonly Country[] {
  return ALL;
}
