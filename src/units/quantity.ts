/**
 * Branded quantities. Storage is kilograms; display is tonnes. Only this module mints them.
 * @module
 * @example
 * formatTonnes(kg(3_188_000)); // "3,188 t"
 */

/** Mass in kilograms. */
export type Kg = number & { readonly __unit: "kg" };
/** Mass in metric tonnes. */
export type Tonnes = number & { readonly __unit: "t" };
/** A percentage, as reported or computed (−38.1 means −38.1 %). */
export type Pct = number & { readonly __unit: "%" };

export function kg(n: number): Kg {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite mass: ${n}`);
  return n as Kg;
}

export function pct(n: number): Pct {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite percentage: ${n}`);
  return n as Pct;
}

export function kgToTonnes(q: Kg): Tonnes {
  return (q / 1000) as Tonnes;
}

export function tonnesToKg(q: Tonnes | number): Kg {
  return (q * 1000) as Kg;
}

/** Units that convert to kilograms, by the names sources use (case-insensitive). */
const KG_PER_UNIT: Record<string, number> = {
  kg: 1,
  kgs: 1,
  kilogram: 1,
  kilograms: 1,
  千克: 1,
  公斤: 1,
  t: 1000,
  ton: 1000,
  tons: 1000,
  tonne: 1000,
  tonnes: 1000,
  "metric tons": 1000,
  吨: 1000,
  g: 0.001,
  克: 0.001,
};

/** Kilograms per unit for a unit name, or null when the unit is not a mass we convert. */
export function kgPerUnit(unit: string): number | null {
  return KG_PER_UNIT[unit.trim().toLowerCase()] ?? null;
}

/** Converts a quantity in a named mass unit to kilograms; null when the unit is not a mass. */
export function toKg(value: number, unit: string): Kg | null {
  const f = kgPerUnit(unit);
  return f === null ? null : kg(value * f);
}

const intFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "3,188 t" (whole tonnes; one decimal below 10 t). */
export function formatTonnes(q: Kg): string {
  const t = kgToTonnes(q);
  return Math.abs(t) < 10 && t !== Math.round(t)
    ? `${t.toLocaleString("en-US", { maximumFractionDigits: 1 })} t`
    : `${intFormat.format(t)} t`;
}

/** "+157.5%" / "−38.1%" with a true minus sign. */
export function formatPct(p: number, digits = 1): string {
  const s = Math.abs(p).toFixed(digits);
  return p > 0 ? `+${s}%` : p < 0 ? `−${s}%` : `${s}%`;
}

/**
 * Half a unit of the last significant digit of a reported figure: the rounding it carries.
 * 3,188,000 kg reported in tonnes → ±500 kg; −38.1 % → ±0.05. Integers with trailing zeros are
 * taken to be rounded at the last non-zero digit, since sources round and we cannot tell an exact
 * 4,800,000 from "4.8 million" — an assumption stated here once.
 */
export function roundingHalfWidth(value: number, trailingZerosAreRounding = true): number {
  if (!Number.isFinite(value)) return 0;
  const text = Math.abs(value).toString();
  if (text.includes("e")) return 0;
  const dot = text.indexOf(".");
  if (dot >= 0) return 0.5 * 10 ** -(text.length - dot - 1);
  if (!trailingZerosAreRounding || value === 0) return 0.5;
  let zeros = 0;
  for (let i = text.length - 1; i > 0 && text[i] === "0"; i--) zeros++;
  return 0.5 * 10 ** zeros;
}
