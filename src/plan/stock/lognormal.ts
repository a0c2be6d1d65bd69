/**
 * A lognormal lifetime given by the lifetime's own mean m and standard deviation s (years), as
 * flodym's LogNormalLifetime and Excel's LOGNORM.DIST are fed: the logarithm of the lifetime is
 * normal with σ² = ln(1 + s²/m²) and μ = ln m − σ²/2, so that exp(μ + σ²/2) = m. Then
 * S(a) = 1 − Φ((ln a − μ)/σ) for a > 0 and S(0) = 1.
 *
 * S is computed as the upper tail ½·erfc((ln a − μ)/(σ√2)) with @stdlib's erfc, accurate to about 1e-16
 * relative even where S is tiny.
 *
 * @example
 * ```ts
 * const life = new LogNormalLifetime(10, 4);
 * life.mu; // ln 10 − σ²/2 ≈ 2.2284
 * life.sigma; // √ln(1.16) ≈ 0.3853
 * ```
 * @module
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { requirePositive, type Lifetime, type LifetimeSpec } from "./lifetime.js";

export class LogNormalLifetime implements Lifetime {
  readonly spec: LifetimeSpec;
  /** Mean of the lifetime's logarithm. */
  readonly mu: number;
  /** Standard deviation of the lifetime's logarithm. */
  readonly sigma: number;

  constructor(
    readonly mean: number,
    readonly sd: number,
  ) {
    requirePositive("mean", mean);
    requirePositive("standard deviation", sd);
    this.spec = { kind: "lognormal", mean, sd };
    // log1p keeps σ² accurate when s is small next to m (ln(1 + x) would round x away).
    const s2 = Math.log1p((sd * sd) / (mean * mean));
    this.mu = Math.log(mean) - s2 / 2;
    this.sigma = Math.sqrt(s2);
  }

  survival(age: number): number {
    // P(ln X > ln a) is the CDF at μ of N(ln a, σ): ½·erfc((ln a − μ)/(σ√2)), the upper tail directly.
    return age <= 0 ? 1 : normalCdf(this.mu, Math.log(age), this.sigma);
  }

  fillSurvival(out: Float64Array): Float64Array {
    // S never rises: once it underflows to 0 every later age is 0 too, with no erfc to evaluate.
    for (let a = 0; a < out.length; a++) {
      out[a] = this.survival(a);
      if (out[a] === 0) return out.fill(0, a);
    }
    return out;
  }

  describe(): string {
    return `lognormal, mean ${this.mean} years, standard deviation ${this.sd} (μ ${this.mu.toFixed(4)}, σ ${this.sigma.toFixed(4)} of its logarithm)`;
  }
}
