/**
 * Secondary supply from a recycling lever: the stock model (inflow-driven) turns the magnets that
 * entered use each year into end-of-life magnets per year; collection and recovery take the share
 * that comes back as output; the plant's capacity, on its ramp, caps it month by month.
 * @module
 * @example
 * endOfLifeSupply(lever, 1, "2027-01", 120); // kg per month from January 2027
 */
import { rampFactor } from "../sim/compile.js";
import { addMonths, parseMonth, yearOf } from "../units/month.js";
import type { Lever } from "./lever.js";
import { parseLifetime, type Lifetime } from "./stock/lifetime.js";
import { inflowDriven, type StockFlows } from "./stock/stock-model.js";

type RecyclingLever = Extract<Lever, { kind: "recycling" }>;

/**
 * The stock model of the lever's end uses, year by year: magnets entering use, in use and at end of
 * life (kg), with the years they fall in and the lifetime as parsed.
 */
export function endOfLifeByYear(lever: RecyclingLever): StockFlows & { years: number[]; lifetime: Lifetime } {
  const rows = [...lever.inflow].sort((a, b) => a.year - b.year);
  const first = rows[0]!.year;
  const last = rows.at(-1)!.year;
  // Years with no figure between the first and last count as the last known inflow; after the last,
  // inflow continues at the last figure (magnets keep entering use) — both written in the README.
  const n = last - first + 1 + 40;
  const inflow = new Float64Array(n);
  let v = rows[0]!.value.value;
  for (let k = 0, r = 0; k < n; k++) {
    if (r < rows.length && rows[r]!.year === first + k) v = rows[r++]!.value.value;
    inflow[k] = v;
  }
  const lifetime = parseLifetime(lever.lifetime, `lever ${lever.id} lifetime`);
  return {
    ...inflowDriven(inflow, lifetime),
    years: Array.from({ length: n }, (_, k) => first + k),
    lifetime,
  };
}

/** One recycling lever's stock-model flows by year, as `plan recycling`, the API and reports show them. */
export interface RecyclingFlows {
  readonly lever: string;
  readonly name: string;
  /** The lifetime as parsed, in words: "Weibull(shape 2.2, scale 14 years)". */
  readonly lifetime: string;
  readonly collection: number;
  readonly recovery: number;
  readonly years: readonly {
    readonly year: number;
    readonly inflowKg: number;
    readonly stockKg: number;
    readonly endOfLifeKg: number;
    /** End of life × collection × recovery. */
    readonly recoverableKg: number;
  }[];
}

/** The flows of every recycling lever (or only `lever`) from `from` to `to`, inclusive. */
export function recyclingFlows(
  levers: readonly Lever[],
  o: { lever?: string | undefined; from: number; to: number },
): RecyclingFlows[] {
  return levers.flatMap((l) => {
    if (l.kind !== "recycling" || (o.lever !== undefined && l.id !== o.lever)) return [];
    const { years, inflow, stock, outflow, lifetime } = endOfLifeByYear(l);
    const first = years[0]!;
    const k = l.collection.value * l.recovery.value;
    return [
      {
        lever: l.id,
        name: l.name,
        lifetime: lifetime.describe(),
        collection: l.collection.value,
        recovery: l.recovery.value,
        years: years
          .filter((y) => y >= o.from && y <= o.to)
          .map((y) => ({
            year: y,
            inflowKg: inflow[y - first]!,
            stockKg: stock[y - first]!,
            endOfLifeKg: outflow[y - first]!,
            recoverableKg: outflow[y - first]! * k,
          })),
      },
    ];
  });
}

/** Monthly secondary supply (kg of output) from `start` for `months`, at `size` of the full plant. */
export function endOfLifeSupply(
  lever: RecyclingLever,
  size: number,
  start: string,
  months: number,
): number[] {
  const { years, outflow } = endOfLifeByYear(lever);
  const s = parseMonth(start)!;
  const yield_ = lever.collection.value * lever.recovery.value;
  const full = lever.capacity.value * size;
  return Array.from({ length: months }, (_, k) => {
    const y = yearOf(addMonths(s, k));
    const i = Math.min(years.length - 1, Math.max(0, y - years[0]!));
    return Math.min(full * rampFactor(lever.ramp, k), (outflow[i]! / 12) * yield_);
  });
}
