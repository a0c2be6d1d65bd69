/**
 * The commodity catalogue: one stable id per definition, with its supply-chain stage and the
 * customs codes that carry it. Two ids are never summed or compared without saying so.
 * @module
 * @example
 * commodityForCode("HS", "850511")?.id; // "pm-metal-hs6" — all metal permanent magnets, not only RE
 */

export type Stage = "mining" | "separation" | "metal" | "magnet";

export type CommodityId =
  | "re-ores"
  | "re-compounds"
  | "re-compounds-cerium"
  | "re-compounds-other"
  | "re-metals"
  | "re-group"
  | "re-products-bloomberg"
  | "re-magnets"
  | "re-magnets-alloys"
  | "re-magnets-powders-alloys"
  | "pm-metal-hs6";

export interface CustomsCode {
  /** HS = Harmonized System 6-digit; CN8 (China or EU 8-digit tariff line); HTS10 (US). */
  readonly scheme: "HS" | "CN-CHN" | "CN-EU" | "HTS-USA";
  readonly code: string;
}

export interface Commodity {
  readonly id: CommodityId;
  readonly name: string;
  readonly stage: Stage;
  readonly codes: readonly CustomsCode[];
  /** What a user must know before comparing this series with a neighbour. */
  readonly caveat: string | null;
}

export const COMMODITIES: readonly Commodity[] = [
  {
    id: "re-ores",
    name: "Rare-earth ores and concentrates",
    stage: "mining",
    codes: [{ scheme: "HS", code: "253090" }],
    caveat: "HS 2530.90 is 'other mineral substances': rare-earth concentrates are only part of it.",
  },
  {
    id: "re-compounds",
    name: "Rare-earth compounds (oxides, chlorides, carbonates…)",
    stage: "separation",
    codes: [],
    caveat: "Sum of HS 2846.10 (cerium compounds) and 2846.90 (other rare-earth compounds).",
  },
  {
    id: "re-compounds-cerium",
    name: "Cerium compounds",
    stage: "separation",
    codes: [{ scheme: "HS", code: "284610" }],
    caveat: null,
  },
  {
    id: "re-compounds-other",
    name: "Rare-earth compounds other than cerium",
    stage: "separation",
    codes: [{ scheme: "HS", code: "284690" }],
    caveat: null,
  },
  {
    id: "re-metals",
    name: "Rare-earth metals, scandium and yttrium",
    stage: "metal",
    codes: [{ scheme: "HS", code: "280530" }],
    caveat: null,
  },
  {
    id: "re-group",
    name: "Rare earths, 17-element group (China customs, as Reuters reports it)",
    stage: "separation",
    codes: [],
    caveat: "China customs' headline 'rare earths' export series: a group of lines, not one HS code.",
  },
  {
    id: "re-products-bloomberg",
    name: "Rare-earth products (Bloomberg's series from China customs)",
    stage: "separation",
    codes: [],
    caveat: "Bloomberg's own grouping of rare-earth products: not the Reuters 17-element series (re-group).",
  },
  {
    id: "re-magnets",
    name: "Rare-earth permanent magnets",
    stage: "magnet",
    codes: [
      { scheme: "CN-CHN", code: "85051110" },
      { scheme: "CN-EU", code: "85051110" },
      { scheme: "HTS-USA", code: "8505110070" },
    ],
    caveat: null,
  },
  {
    id: "re-magnets-alloys",
    name: "Rare-earth permanent magnets and permanent-magnet alloys (Adamas definition)",
    stage: "magnet",
    codes: [],
    caveat: "Includes magnet alloys: larger than the plain magnet line; not comparable with re-magnets.",
  },
  {
    id: "re-magnets-powders-alloys",
    name: "Rare-earth magnets incl. magnetic powders and alloys (semi-finished)",
    stage: "magnet",
    codes: [],
    caveat: "Japan-destination rows that include powders and alloys: a different series from re-magnets.",
  },
  {
    id: "pm-metal-hs6",
    name: "Permanent magnets of metal (HS 8505.11, all kinds)",
    stage: "magnet",
    codes: [{ scheme: "HS", code: "850511" }],
    caveat:
      "All metal permanent magnets, about twice the rare-earth line 85051110 in tonnes (July 2024: ~11,199 t " +
      "against 5,278 t): never summed with or used as a proxy for re-magnets.",
  },
];

const byId = new Map(COMMODITIES.map((c) => [c.id, c]));

export function commodityById(id: string): Commodity | undefined {
  return byId.get(id as CommodityId);
}

/**
 * The catalogue entry for a customs code. National lines (8–10 digits) are matched exactly;
 * a 6-digit code matches only the HS entry, never a national line under it.
 */
export function commodityForCode(
  scheme: "HS" | "CN-CHN" | "CN-EU" | "HTS-USA",
  code: string,
): Commodity | undefined {
  const clean = code.replace(/[.\s]/g, "");
  return COMMODITIES.find((c) => c.codes.some((k) => k.scheme === scheme && k.code === clean));
}

/** Looks a code up by its length: 6 digits → HS; 8 → the given national scheme; 10 → US HTS. */
export function commodityForAnyCode(
  code: string,
  national: "CN-CHN" | "CN-EU" = "CN-CHN",
): Commodity | undefined {
  const clean = code.replace(/[.\s]/g, "");
  if (clean.length === 6) return commodityForCode("HS", clean);
  if (clean.length === 8) return commodityForCode(national, clean);
  if (clean.length === 10) return commodityForCode("HTS-USA", clean);
  return undefined;
}
