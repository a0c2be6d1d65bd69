/**
 * UN Comtrade tariff-line records: trade as the reporter's customs declared it, by national tariff
 * line (China's 8-digit CN, the EU's CN8, the US 10-digit HTS) rather than by HS subheading. Same
 * containers and row rules as final data (see comtrade.ts); only the columns and the commodity
 * lookup differ.
 * @module
 * @example
 * const parsed = comtradeTariffLineLoader.parse(bytes, "tl-china-2024.csv") as ParsedFile;
 * parsed.flows[0].commodity; // "re-magnets" (China 85051110)
 */
import { commodityForCode, type Commodity } from "../../ref/commodities.js";
import { EU27_MEMBERS } from "../../ref/countries.js";
import { comtradeKindOfHead, parseComtradeFile, type ComtradeColumn } from "./comtrade.js";
import type { Loader, ParsedFile } from "./parsed.js";

/**
 * The 34 columns of a tariff-line record, in the order the API returns them. No UN page listing
 * them was at hand; this is the header of a `previewTarifflineData` response as printed in
 * uncomtrade/comtradeapicall issue #22 (2025-02-25; snake_cased there by the reporter's dataframe,
 * camelCase here as the API names them). It is the 47 final columns minus the 13 of
 * `FINAL_ONLY_COLUMNS`: no refYear/refMonth, classificationSearchCode, isOriginalClassification,
 * aggrLevel, isLeaf, estimation flags, legacyEstimationFlag, isReported or isAggregate. Columns
 * are matched by name, so the order is informative only.
 */
export const TARIFF_LINE_COLUMNS = [
  "typeCode",
  "freqCode",
  "refPeriodId",
  "period",
  "reporterCode",
  "reporterDesc",
  "reporterISO",
  "flowCode",
  "flowDesc",
  "partnerCode",
  "partnerDesc",
  "partnerISO",
  "partner2Code",
  "partner2Desc",
  "partner2ISO",
  "classificationCode",
  "cmdCode",
  "cmdDesc",
  "customsCode",
  "customsDesc",
  "mosCode",
  "motCode",
  "motDesc",
  "qtyUnitCode",
  "qtyUnitAbbr",
  "qty",
  "altQtyUnitCode",
  "altQtyUnitAbbr",
  "altQty",
  "netWgt",
  "grossWgt",
  "cifvalue",
  "fobvalue",
  "primaryValue",
] as const satisfies readonly ComtradeColumn[];

type NationalScheme = "CN-CHN" | "CN-EU" | "HTS-USA";

/** The national scheme a reporter's tariff lines are in, for the reporters the catalogue covers. */
function schemeOf(reporter: string): NationalScheme | null {
  if (reporter === "CHN") return "CN-CHN";
  if (reporter === "USA") return "HTS-USA";
  if (reporter === "EU27" || EU27_MEMBERS.includes(reporter)) return "CN-EU";
  return null;
}

/**
 * The catalogue entry for a reporter's tariff line: a 6-digit code is HS (reporters that publish at
 * HS6); a longer one is looked up exactly in the reporter's national scheme, never by its HS6
 * prefix, since a national line is only part of its subheading.
 */
export function tariffLineCommodity(code: string, reporter: string): Commodity | undefined {
  const clean = code.replace(/[.\s]/g, "");
  if (clean.length === 6) return commodityForCode("HS", clean);
  const scheme = schemeOf(reporter);
  return scheme === null ? undefined : commodityForCode(scheme, clean);
}

/** UN Comtrade tariff-line records (national 8–10-digit codes). */
export const comtradeTariffLineLoader: Loader = {
  format: "comtrade-tariff-line",
  description:
    "UN Comtrade tariff-line data: 34 columns, national tariff lines in cmdCode (CSV, TXT, gzip, JSON)",
  detect(head, fileName) {
    return comtradeKindOfHead(head, fileName) === "tariff-line";
  },
  parse(bytes, fileName): ParsedFile {
    return {
      format: "comtrade-tariff-line",
      ...parseComtradeFile(bytes, fileName, "tariff-line data", tariffLineCommodity),
    };
  },
};
