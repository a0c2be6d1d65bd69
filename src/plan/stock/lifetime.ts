/**
 * Product lifetimes for the dynamic stock model of magnets in use: the `Lifetime` strategy every
 * distribution implements (one file each: fixed, normal, weibull, lognormal, as flodym keeps one class
 * per lifetime model), and `parseLifetime` for the `--lifetime` option.
 *
 * Conventions (those of ODYM and flodym): the survival S(a) is the share of a cohort still in use at
 * the end of the year in which it is `a` whole years old, age 0 being the year it entered use. It is
 * the distribution's survival function 1 − CDF(a) evaluated at the integer age, with no shift by half
 * a year; the first-year outflow of an inflow i is i·(1 − S(0)).
 *
 * @example
 * ```ts
 * const life = parseLifetime("weibull:2,10"); // shape k = 2, scale λ = 10 years
 * life.survival(10); // exp(−1) ≈ 0.368
 * life.fillSurvival(new Float64Array(30)); // S(0) … S(29)
 * life.spec; // { kind: "weibull", shape: 2, scale: 10 }
 * ```
 * @module
 */
import { UsageError } from "../../errors.js";
import { FixedLifetime } from "./fixed.js";
import { LogNormalLifetime } from "./lognormal.js";
import { NormalLifetime } from "./normal.js";
import { WeibullLifetime } from "./weibull.js";

/** A lifetime as parsed: what a result records and the JSON output shows. */
export type LifetimeSpec =
  | { readonly kind: "fixed"; readonly years: number }
  | { readonly kind: "normal"; readonly mean: number; readonly sd: number }
  | { readonly kind: "weibull"; readonly shape: number; readonly scale: number }
  | { readonly kind: "lognormal"; readonly mean: number; readonly sd: number };

export type LifetimeKind = LifetimeSpec["kind"];

/** One lifetime distribution: its survival at whole ages. */
export interface Lifetime {
  readonly spec: LifetimeSpec;
  /** S(age): the share of a cohort still in use at the end of the year it is `age` years old (age ≥ 0). */
  survival(age: number): number;
  /** Fills `out` with S(0), S(1), …, S(out.length − 1) and returns it. */
  fillSurvival(out: Float64Array): Float64Array;
  /** One line for people: "Weibull, shape 2, scale 10 years". */
  describe(): string;
}

/** The lifetime a spec describes; throws RangeError when a parameter is out of its domain. */
export function lifetimeFromSpec(spec: LifetimeSpec): Lifetime {
  switch (spec.kind) {
    case "fixed":
      return new FixedLifetime(spec.years);
    case "normal":
      return new NormalLifetime(spec.mean, spec.sd);
    case "weibull":
      return new WeibullLifetime(spec.shape, spec.scale);
    case "lognormal":
      return new LogNormalLifetime(spec.mean, spec.sd);
  }
}

const SYNTAX = "fixed:L, normal:m,s, weibull:k,λ or lognormal:m,s";

/** Each kind's parameters, in the order the text gives them, with the names a message uses. */
const PARAMS: Record<LifetimeKind, { readonly names: readonly string[]; readonly needs: string }> = {
  fixed: { names: ["lifetime"], needs: "a lifetime in years, as fixed:L" },
  normal: { names: ["mean", "standard deviation"], needs: "a mean and a standard deviation, as normal:m,s" },
  weibull: { names: ["shape", "scale"], needs: "a shape k and a scale λ, as weibull:k,λ" },
  lognormal: {
    names: ["mean", "standard deviation"],
    needs: "the lifetime's mean and standard deviation, as lognormal:m,s",
  },
};

/**
 * Parses `fixed:L`, `normal:m,s`, `weibull:k,λ` or `lognormal:m,s` (years; the lognormal takes the
 * lifetime's own mean and standard deviation, not those of its logarithm). Every problem is a
 * UsageError that quotes the option and the text, e.g.
 * `--lifetime "normal:10": normal needs a mean and a standard deviation, as normal:m,s`.
 */
export function parseLifetime(text: string, option = "--lifetime"): Lifetime {
  const fail = (reason: string): never => {
    throw new UsageError(`${option} "${text}": ${reason}`, option);
  };
  const m = /^\s*([a-z-]+)\s*(?::(.*))?$/i.exec(text);
  const kind = m?.[1]?.toLowerCase();
  if (!m || !kind || !(kind in PARAMS)) {
    return fail(
      m?.[1] ? `unknown lifetime "${m[1]}": use ${SYNTAX}` : `not a lifetime: use ${SYNTAX} (years)`,
    );
  }
  const { names, needs } = PARAMS[kind as LifetimeKind];
  const parts = m[2] === undefined || m[2].trim() === "" ? [] : m[2].split(",").map((p) => p.trim());
  if (parts.length !== names.length) fail(`${kind} needs ${needs}`);
  const values = parts.map((p, i) => {
    const v = p === "" ? NaN : Number(p);
    if (!Number.isFinite(v)) fail(`the ${names[i]} "${p}" is not a number`);
    return v;
  });
  const [a = NaN, b = NaN] = values;
  const spec: LifetimeSpec =
    kind === "fixed"
      ? { kind, years: a }
      : kind === "weibull"
        ? { kind, shape: a, scale: b }
        : { kind: kind as "normal" | "lognormal", mean: a, sd: b };
  try {
    return lifetimeFromSpec(spec);
  } catch (e) {
    if (e instanceof RangeError) return fail(e.message);
    throw e;
  }
}

/** Throws RangeError unless `value` is finite and > 0; `what` names it in the message. */
export function requirePositive(what: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`the ${what} must be positive, not ${value}`);
}
