/**
 * A Weibull lifetime with shape k and scale λ (years), in the standard form scipy's `weibull_min` and
 * flodym's WeibullLifetime use: S(a) = exp(−(a/λ)^k) for a ≥ 0. k < 1 retires young magnets fastest,
 * k = 1 is the exponential, k > 1 wear-out.
 *
 * @example
 * ```ts
 * new WeibullLifetime(2, 10).survival(10); // exp(−1)
 * ```
 * @module
 */
import { requirePositive, type Lifetime, type LifetimeSpec } from "./lifetime.js";

export class WeibullLifetime implements Lifetime {
  readonly spec: LifetimeSpec;

  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    requirePositive("shape", shape);
    requirePositive("scale", scale);
    this.spec = { kind: "weibull", shape, scale };
  }

  survival(age: number): number {
    return age <= 0 ? 1 : Math.exp(-Math.pow(age / this.scale, this.shape));
  }

  fillSurvival(out: Float64Array): Float64Array {
    // S never rises: once it underflows to 0 every later age is 0 too, with no exp to evaluate.
    for (let a = 0; a < out.length; a++) {
      out[a] = this.survival(a);
      if (out[a] === 0) return out.fill(0, a);
    }
    return out;
  }

  describe(): string {
    return `Weibull, shape ${this.shape}, scale ${this.scale} years`;
  }
}
