/**
 * Display formatting only (tonnes from kilograms, percentages, ranges, month labels); every number
 * shown is one the API returned.
 * @module
 */

const t0 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const t1 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 3188000 kg → "3,188 t"; under 10 t keeps a decimal. */
export function tonnes(kg: number | null | undefined): string {
  if (kg === null || kg === undefined || !Number.isFinite(kg)) return "–";
  const t = kg / 1000;
  return `${(Math.abs(t) < 10 ? t1 : t0).format(t)} t`;
}

/** A percentage value (already in %) with its sign: "+10.5%", "−38.1%". */
export function signedPct(pct: number | null | undefined, digits = 1): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return "–";
  const s = Math.abs(pct).toFixed(digits);
  return pct > 0 ? `+${s}%` : pct < 0 ? `−${s}%` : `${s}%`;
}

/** A share given as a fraction: 0.923 → "92.3%". */
export function share(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return `${(x * 100).toFixed(digits)}%`;
}

/** A range, or one number when both ends print the same. */
export function range(i: { lo: number; hi: number } | null | undefined, f: (x: number) => string): string {
  if (!i) return "–";
  const a = f(i.lo);
  const b = f(i.hi);
  return a === b ? a : `${a}–${b}`;
}

export const fixed = (digits: number) => (x: number) => x.toFixed(digits);
export const thousands = (x: number) => t0.format(x);

/** A MonthIndex (year × 12 + month − 1) or a `YYYY-MM` string → `YYYY-MM`. */
export function monthText(m: number | string): string {
  if (typeof m === "string") return m;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-06" → "Jun 2025". */
export function monthLabel(ym: string): string {
  const [y, m] = ym.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}
