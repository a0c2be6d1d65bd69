/**
 * A figure as the monitor and the briefing show it: a value with its unit, how we know it, and the
 * sources it rests on. `derived` figures carry the interval their inputs' rounding allows.
 * @module
 */

/**
 * observed: a source states this figure for this cell; reported: a source states this change or
 * record (we could not compute it); computed: we computed it from observed figures;
 * derived: we inferred a missing figure from cumulative differences or reported changes.
 */
export type Basis = "observed" | "reported" | "computed" | "derived";

/** "kg", "%", "text", or a currency per kg such as "USD/kg". */
export type FigureUnit = string;

export interface Figure<T = number> {
  readonly value: T;
  readonly unit: FigureUnit;
  readonly basis: Basis;
  /** Source ids (rows of `data sources`) that the figure rests on. */
  readonly sources: readonly number[];
  /** For derived figures: the interval the rounding of the inputs allows. */
  readonly low?: number;
  readonly high?: number;
  /** How it was obtained, when that is not obvious (e.g. "annual total ÷ 12"). */
  readonly definition?: string;
}

export function figure<T>(
  value: T,
  unit: FigureUnit,
  basis: Basis,
  sources: readonly (number | null | undefined)[],
  extra?: Partial<Pick<Figure<T>, "low" | "high" | "definition">>,
): Figure<T> {
  const f = { value, unit, basis, sources: sourceIds(sources) };
  return extra ? { ...f, ...extra } : f;
}

/** Distinct source ids in ascending order (the monitor calls this for every figure: keep it cheap). */
function sourceIds(sources: readonly (number | null | undefined)[]): number[] {
  const ids: number[] = [];
  for (const s of sources) if (typeof s === "number" && !ids.includes(s)) ids.push(s);
  return ids.length > 1 ? ids.sort((a, b) => a - b) : ids;
}
