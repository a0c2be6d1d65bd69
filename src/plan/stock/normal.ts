/**
 * A normally distributed lifetime with mean m and standard deviation s, not truncated at age 0 (as
 * flodym's NormalLifetime): S(a) = 1 − Φ((a − m)/s), so the mass the distribution puts below age 0
 * leaves use in the inflow year, as part of the first-year outflow i·(1 − S(0)). Use the lognormal or
 * the Weibull when that matters (s not small next to m).
 *
 * S is computed as the upper tail Φ((m − a)/s) = ½·erfc((a − m)/(s√2)) with @stdlib's erfc, accurate to
 * about 1e-16 relative even where S is tiny; 1 − Φ would lose all relative accuracy in the tail.
 *
 * @example
 * ```ts
 * new NormalLifetime(10, 3).survival(10); // 0.5
 * ```
 * @module
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { requirePositive, type Lifetime, type LifetimeSpec } from "./lifetime.js";

export class NormalLifetime implements Lifetime {
  readonly spec: LifetimeSpec;

  constructor(
    readonly mean: number,
    readonly sd: number,
  ) {
    requirePositive("mean", mean);
    requirePositive("standard deviation", sd);
    this.spec = { kind: "normal", mean, sd };
  }

  survival(age: number): number {
    // By the normal's symmetry, P(X > a) for X ~ N(m, s) is the CDF at m of N(a, s): ½·erfc((a − m)/(s√2)).
    return normalCdf(this.mean, age, this.sd);
  }

  fillSurvival(out: Float64Array): Float64Array {
    // S never rises: once it underflows to 0 every later age is 0 too, with no erfc to evaluate.
    for (let a = 0; a < out.length; a++) {
      out[a] = normalCdf(this.mean, a, this.sd);
      if (out[a] === 0) return out.fill(0, a);
    }
    return out;
  }

  describe(): string {
    return `normal, mean ${this.mean} years, standard deviation ${this.sd} (not truncated at age 0)`;
  }
}
