/**
 * A fixed lifetime: every magnet of a cohort leaves use in the year it reaches age L. S(a) = 1 for
 * a < L and 0 for a ≥ L, as flodym's FixedLifetime: a lifetime of 5 years keeps a cohort in the stock
 * at the end of ages 0–4 and retires it during age 5; a lifetime of 3.5 keeps it through age 3.
 *
 * @example
 * ```ts
 * const life = new FixedLifetime(5);
 * life.fillSurvival(new Float64Array(7)); // 1, 1, 1, 1, 1, 0, 0
 * ```
 * @module
 */
import { requirePositive, type Lifetime, type LifetimeSpec } from "./lifetime.js";

export class FixedLifetime implements Lifetime {
  readonly spec: LifetimeSpec;

  /** `years` > 0: a lifetime of 0 would retire every cohort in the year it enters, leaving no stock. */
  constructor(readonly years: number) {
    requirePositive("lifetime", years);
    this.spec = { kind: "fixed", years };
  }

  survival(age: number): number {
    return age < this.years ? 1 : 0;
  }

  fillSurvival(out: Float64Array): Float64Array {
    for (let a = 0; a < out.length; a++) out[a] = a < this.years ? 1 : 0;
    return out;
  }

  describe(): string {
    return `fixed at ${this.years} years`;
  }
}
