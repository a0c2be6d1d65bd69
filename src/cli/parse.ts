/**
 * Parsing of option values at the CLI edge: months, counts, codes. Bad values are usage errors.
 * @module
 */
import { parseMonth, countryByIso3, commodityById, COMMODITIES, type MonthIndex } from "../index.js";
import { usage } from "./context.js";

export function monthOption(name: string, text: string | undefined): MonthIndex | undefined {
  if (text === undefined) return undefined;
  const m = parseMonth(text);
  if (m === null) usage(`--${name} "${text}" is not a month: use YYYY-MM`);
  return m;
}

export function countOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} "${text}" is not a positive whole number`);
  return n;
}

export function placeOption(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const code = text.toUpperCase();
  if (!countryByIso3(code))
    usage(`--${name} "${text}" is not a known ISO3 code or aggregate (WLD, EU27, EUR, OTH)`);
  return code;
}

export function commodityOption(text: string | undefined): string {
  const id = text ?? "re-magnets";
  if (!commodityById(id))
    usage(`--commodity "${id}" is not in the catalogue; known: ${COMMODITIES.map((c) => c.id).join(", ")}`);
  return id;
}

export function flowOption(text: string | undefined): string {
  const f = text ?? "export";
  if (!["export", "import", "re-export", "re-import"].includes(f))
    usage(`--flow "${f}" is not export, import, re-export or re-import`);
  return f;
}
