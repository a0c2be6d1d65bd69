import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { UsageError } from "../../src/errors.js";
import { FixedLifetime } from "../../src/plan/stock/fixed.js";
import { lifetimeFromSpec, parseLifetime, type LifetimeSpec } from "../../src/plan/stock/lifetime.js";
import { LogNormalLifetime } from "../../src/plan/stock/lognormal.js";
import { NormalLifetime } from "../../src/plan/stock/normal.js";
import { WeibullLifetime } from "../../src/plan/stock/weibull.js";
import {
  checkMassBalance,
  inflowDriven,
  massBalanceFailure,
  stockDriven,
} from "../../src/plan/stock/stock-model.js";

const f64 = (xs: readonly number[]) => Float64Array.from(xs);
const list = (a: Float64Array) => Array.from(a);

/** Largest |a − b| over the arrays, relative to the largest |b|. */
function relativeGap(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let gap = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    gap = Math.max(gap, Math.abs(a[k]! - b[k]!));
    scale = Math.max(scale, Math.abs(b[k]!));
  }
  return scale === 0 ? gap : gap / scale;
}

function assertRelClose(actual: number, expected: number, rel: number, what: string): void {
  const err = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(err <= rel, `${what}: ${actual} against ${expected} (relative ${err.toExponential(2)} > ${rel})`);
}

describe("the hand case: fixed lifetime 5, inflow 1 … 10", () => {
  const inflow = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  test("gives the stock 1, 3, 6, … 40 and the outflow 0, 0, 0, 0, 0, 1, … 5 exactly", () => {
    const r = inflowDriven(inflow, new FixedLifetime(5));
    assert.deepEqual(list(r.stock), [1, 3, 6, 10, 15, 20, 25, 30, 35, 40]);
    assert.deepEqual(list(r.outflow), [0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
    assert.deepEqual(list(r.stockChange), [1, 2, 3, 4, 5, 5, 5, 5, 5, 5]);
  });

  test("stock-driven on that stock gives back the inflow and the same outflow exactly", () => {
    const r = stockDriven(f64([1, 3, 6, 10, 15, 20, 25, 30, 35, 40]), parseLifetime("fixed:5"));
    assert.deepEqual(list(r.inflow), list(inflow));
    assert.deepEqual(list(r.outflow), [0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
    assert.deepEqual(r.negativeInflowYears, []);
  });
});

describe("survival at whole ages", () => {
  // Reference values from Python 3.11's math module (erfc, exp, log1p: within 1e-15 relative):
  //   normal     0.5*math.erfc((a-m)/(s*math.sqrt(2)))
  //   lognormal  s2 = math.log1p(s*s/(m*m)); mu = math.log(m) - s2/2; sg = math.sqrt(s2)
  //              0.5*math.erfc((math.log(a)-mu)/(sg*math.sqrt(2))), and 1 at a = 0
  //   weibull    math.exp(-(a/l)**k)
  const cases: { life: string; rel: number; values: [number, number][] }[] = [
    {
      life: "normal:10,3",
      rel: 1e-14,
      values: [
        [0, 0.9995709396668032],
        [1, 0.9986501019683699],
        [5, 0.9522096477271853],
        [10, 0.5],
        [15, 0.04779035227281473],
        [20, 0.0004290603331968383],
        [30, 1.3083924686053115e-11],
      ],
    },
    {
      // Mass below age 0 (S(0) ≈ 0.69, not 1): the normal is not truncated.
      life: "normal:2,4",
      rel: 1e-14,
      values: [
        [0, 0.6914624612740131],
        [1, 0.5987063256829237],
        [3, 0.4012936743170763],
        [10, 0.02275013194817922],
      ],
    },
    {
      life: "lognormal:10,4",
      rel: 1e-14,
      values: [
        [0, 1],
        [1, 0.9999999963567349],
        [5, 0.9459259187984306],
        [10, 0.4236257114769004],
        [20, 0.023195090168925164],
        [40, 7.501345318470807e-5],
      ],
    },
    {
      life: "weibull:2,10",
      rel: 1e-15,
      values: [
        [0, 1],
        [1, 0.9900498337491681],
        [5, 0.7788007830714049],
        [10, 0.36787944117144233],
        [20, 0.01831563888873418],
        [30, 0.00012340980408667956],
      ],
    },
    {
      life: "weibull:0.8,5",
      rel: 1e-15,
      values: [
        [0, 1],
        [1, 0.7588539591461695],
        [5, 0.36787944117144233],
        [10, 0.17532723680481782],
        [20, 0.048246444982980356],
        [30, 0.015101477192480091],
      ],
    },
    {
      life: "fixed:3.5",
      rel: 0,
      values: [
        [0, 1],
        [3, 1],
        [4, 0],
        [10, 0],
      ],
    },
  ];
  for (const c of cases)
    test(`${c.life} matches the closed form at ages ${c.values.map(([a]) => a).join(", ")}`, () => {
      const life = parseLifetime(c.life);
      const curve = life.fillSurvival(new Float64Array(41));
      for (const [age, expected] of c.values) {
        if (c.rel === 0) assert.equal(life.survival(age), expected, `S(${age})`);
        else assertRelClose(life.survival(age), expected, c.rel, `S(${age})`);
        assert.equal(curve[age], life.survival(age), `the curve's S(${age})`);
      }
    });

  test("a fixed lifetime of 5 keeps a cohort through age 4 and retires it at age 5", () => {
    assert.deepEqual(list(new FixedLifetime(5).fillSurvival(new Float64Array(7))), [1, 1, 1, 1, 1, 0, 0]);
  });
});

describe("the lognormal is given by the lifetime's own mean and standard deviation", () => {
  test("σ² = ln(1 + s²/m²) and μ = ln m − σ²/2, as Python computes them", () => {
    const life = new LogNormalLifetime(10, 4);
    // Python: s2 = math.log1p(16/100); math.log(10) - s2/2, math.sqrt(s2)
    assertRelClose(life.mu, 2.228375090434909, 1e-15, "μ");
    assertRelClose(life.sigma, 0.3852531701599265, 1e-15, "σ");
  });

  test("so the continuous distribution has mean m and standard deviation s", () => {
    for (const [m, s] of [
      [10, 4],
      [15, 5],
      [3, 0.1],
      [20, 30],
    ] as const) {
      const { mu, sigma } = new LogNormalLifetime(m, s);
      const mean = Math.exp(mu + (sigma * sigma) / 2);
      assertRelClose(mean, m, 1e-14, `mean of lognormal:${m},${s}`);
      assertRelClose(mean * Math.sqrt(Math.expm1(sigma * sigma)), s, 1e-13, `sd of lognormal:${m},${s}`);
    }
  });

  test("and the discretised survival sums to m + ½ years (year-end stock: half a year more)", () => {
    // Σ_{a≥0} S(a) = ∫S + S(0)/2 + … = m + ½ (Euler–Maclaurin; the lognormal's derivatives vanish at 0).
    // Python, summing the reference formula over ages 0 … 1999: 10.49999994903894 and 15.499999999999718.
    for (const [m, s, sum] of [
      [10, 4, 10.49999994903894],
      [15, 5, 15.499999999999718],
    ] as const) {
      const curve = new LogNormalLifetime(m, s).fillSurvival(new Float64Array(2000));
      const total = curve.reduce((a, b) => a + b, 0);
      assertRelClose(total, sum, 1e-13, `Σ S(a) of lognormal:${m},${s}`);
      assert.ok(Math.abs(total - (m + 0.5)) < 1e-6, `${total} is m + ½`);
    }
  });
});

/** Lifetimes of every kind over plausible magnet lifetimes (years). */
const lifetimes: fc.Arbitrary<LifetimeSpec> = fc.oneof(
  fc.record({ kind: fc.constant("fixed" as const), years: fc.double({ min: 0.5, max: 40, noNaN: true }) }),
  fc
    .record({
      mean: fc.double({ min: 1, max: 30, noNaN: true }),
      cv: fc.double({ min: 0.05, max: 2, noNaN: true }),
    })
    .map(({ mean, cv }) => ({ kind: "normal" as const, mean, sd: mean * cv })),
  fc.record({
    kind: fc.constant("weibull" as const),
    shape: fc.double({ min: 0.5, max: 6, noNaN: true }),
    scale: fc.double({ min: 1, max: 40, noNaN: true }),
  }),
  fc
    .record({
      mean: fc.double({ min: 1, max: 30, noNaN: true }),
      cv: fc.double({ min: 0.05, max: 2, noNaN: true }),
    })
    .map(({ mean, cv }) => ({ kind: "lognormal" as const, mean, sd: mean * cv })),
);

/** Up to 80 years of 0 or a quantity in [1e-6, max]: subnormal numbers are no tonnage and lose all digits. */
const series = (max: number) =>
  fc
    .array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max, noNaN: true })), {
      minLength: 1,
      maxLength: 80,
    })
    .map((xs) => Float64Array.from(xs));

describe("inflow → stock → inflow", () => {
  for (const life of ["fixed:7", "normal:12,4", "weibull:2.5,15", "lognormal:12,6"])
    test(`stock-driven on the inflow-driven stock gives back the inflow with ${life}`, () => {
      const lifetime = parseLifetime(life);
      // A ramp with a dip, 200 years.
      const inflow = Float64Array.from({ length: 200 }, (_, t) => 50 + 2 * t + 30 * Math.sin(t / 5));
      const forward = inflowDriven(inflow, lifetime);
      const back = stockDriven(forward.stock, lifetime);
      assert.ok(relativeGap(back.inflow, inflow) < 1e-9, `inflow gap ${relativeGap(back.inflow, inflow)}`);
      assert.ok(relativeGap(back.outflow, forward.outflow) < 1e-9, "outflow");
      assert.deepEqual(back.negativeInflowYears, []);
    });

  test("for random inflows and lifetimes of every kind", () => {
    fc.assert(
      fc.property(series(1000), lifetimes, (inflow, spec) => {
        const lifetime = lifetimeFromSpec(spec);
        const back = stockDriven(inflowDriven(inflow, lifetime).stock, lifetime);
        const gap = relativeGap(back.inflow, inflow);
        assert.ok(gap < 1e-9, `${JSON.stringify(spec)}: relative gap ${gap}`);
        assert.deepEqual(back.negativeInflowYears, []);
      }),
    );
  });
});

describe("mass balance: inflow − outflow = stock change", () => {
  test("holds for random inflows, inflow-driven", () => {
    fc.assert(
      fc.property(series(1e6), lifetimes, (inflow, spec) => {
        assert.equal(massBalanceFailure(inflowDriven(inflow, lifetimeFromSpec(spec))), null);
      }),
    );
  });

  test("holds for random stocks, stock-driven, with negative inflows reported or corrected", () => {
    fc.assert(
      fc.property(series(1e6), lifetimes, fc.boolean(), (stock, spec, correct) => {
        const r = stockDriven(stock, lifetimeFromSpec(spec), { correct });
        assert.equal(massBalanceFailure(r), null);
        if (correct) for (const t of r.negativeInflowYears) assert.equal(r.inflow[t], 0);
        else for (const t of r.negativeInflowYears) assert.ok(r.inflow[t]! < 0);
      }),
    );
  });

  test("a broken balance is caught and its year named", () => {
    const r = inflowDriven(f64([1, 2, 3, 4]), new FixedLifetime(2)); // stock 1, 3, 5, 7
    const broken = { ...r, outflow: f64([0, 0, 1.5, 2]) };
    assert.deepEqual(massBalanceFailure(broken), { index: 2, error: -0.5, tolerance: 7e-12 });
    assert.throws(
      () => checkMassBalance(broken, { firstYear: 2030 }),
      /^Error: mass balance fails in year 2032: inflow − outflow − stock change = -0\.5 \(tolerance 7e-12\)$/,
    );
  });
});

describe("a stock that falls faster than its cohorts retire", () => {
  // Fixed lifetime 5, stock 10, 10, 4, 4, 4, 4: year 2 asks for an inflow of 4 − 10 = −6.
  const stock = f64([10, 10, 4, 4, 4, 4]);

  test("gets a negative inflow, reported as it is and its year listed", () => {
    const r = stockDriven(stock, new FixedLifetime(5), { firstYear: 2030 });
    assert.deepEqual(list(r.inflow), [10, 0, -6, 0, 0, 10]);
    // Year 5: cohort 0 (10) retires, and so does the −6 of cohort 2's "anti-stock" … at age 5, later.
    assert.deepEqual(list(r.outflow), [0, 0, 0, 0, 0, 10]);
    assert.deepEqual(r.negativeInflowYears, [2032]);
    assert.deepEqual(list(r.excessOutflow), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(list(inflowDriven(r.inflow, new FixedLifetime(5)).stock), list(stock));
  });

  test("with the correction, gets no inflow and takes the excess out of the earlier cohorts", () => {
    const r = stockDriven(stock, new FixedLifetime(5), { correct: true, firstYear: 2030 });
    assert.deepEqual(list(r.inflow), [10, 0, 0, 0, 0, 4]);
    // 6 leave in year 2; cohort 0 keeps 4, which retires in year 5 and is replaced by a new inflow of 4.
    assert.deepEqual(list(r.outflow), [0, 0, 6, 0, 0, 4]);
    assert.deepEqual(list(r.excessOutflow), [0, 0, 6, 0, 0, 0]);
    assert.deepEqual(r.negativeInflowYears, [2032]);
    assert.deepEqual(list(r.stockChange), [10, 0, -6, 0, 0, 0]);
  });

  test("with a continuous lifetime, the correction scales every surviving cohort and keeps the stock", () => {
    const falling = f64([10, 20, 30, 25, 10, 12, 30]);
    const life = new WeibullLifetime(2, 5);
    const reported = stockDriven(falling, life);
    const corrected = stockDriven(falling, life, { correct: true });
    assert.deepEqual(reported.negativeInflowYears, [3, 4]);
    assert.deepEqual(corrected.negativeInflowYears, [3, 4]);
    assert.ok(reported.inflow[3]! < 0 && reported.inflow[4]! < 0);
    assert.equal(corrected.inflow[3], 0);
    assert.equal(corrected.inflow[4], 0);
    // Up to the first negative year both agree; there, the excess is the inflow that was negative (S(0) = 1).
    assert.deepEqual(list(corrected.inflow.subarray(0, 3)), list(reported.inflow.subarray(0, 3)));
    assertRelClose(corrected.excessOutflow[3]!, -reported.inflow[3]!, 1e-14, "excess in year 3");
    assert.equal(massBalanceFailure(corrected), null);
    // Neither hides the drop: the stock followed is the stock given.
    assert.deepEqual(list(corrected.stock), list(falling));
  });
});

describe("parsing --lifetime", () => {
  test("reads each kind as parsed, with spaces and capitals allowed", () => {
    assert.deepEqual(parseLifetime("fixed:5").spec, { kind: "fixed", years: 5 });
    assert.deepEqual(parseLifetime("Normal: 10, 3").spec, { kind: "normal", mean: 10, sd: 3 });
    assert.deepEqual(parseLifetime("weibull:2,10").spec, { kind: "weibull", shape: 2, scale: 10 });
    assert.deepEqual(parseLifetime("lognormal:12.5,4").spec, { kind: "lognormal", mean: 12.5, sd: 4 });
    assert.ok(parseLifetime("normal:10,3") instanceof NormalLifetime);
  });

  const problems: [string, string][] = [
    ["normal:10", `--lifetime "normal:10": normal needs a mean and a standard deviation, as normal:m,s`],
    ["fixed", `--lifetime "fixed": fixed needs a lifetime in years, as fixed:L`],
    ["weibull:2,10,1", `--lifetime "weibull:2,10,1": weibull needs a shape k and a scale λ, as weibull:k,λ`],
    [
      "gamma:2,3",
      `--lifetime "gamma:2,3": unknown lifetime "gamma": use fixed:L, normal:m,s, weibull:k,λ or lognormal:m,s`,
    ],
    ["", `--lifetime "": not a lifetime: use fixed:L, normal:m,s, weibull:k,λ or lognormal:m,s (years)`],
    ["lognormal:10,abc", `--lifetime "lognormal:10,abc": the standard deviation "abc" is not a number`],
    ["normal:10,", `--lifetime "normal:10,": the standard deviation "" is not a number`],
    ["normal:10,0", `--lifetime "normal:10,0": the standard deviation must be positive, not 0`],
    ["fixed:-3", `--lifetime "fixed:-3": the lifetime must be positive, not -3`],
    ["weibull:0,10", `--lifetime "weibull:0,10": the shape must be positive, not 0`],
    ["lognormal:Infinity,2", `--lifetime "lognormal:Infinity,2": the mean "Infinity" is not a number`],
  ];
  for (const [text, message] of problems)
    test(`refuses "${text}" with a usage error that says why`, () => {
      assert.throws(
        () => parseLifetime(text),
        (e: unknown) => e instanceof UsageError && e.message === message && e.exitCode === 2,
      );
    });
});

describe("the kernels' inputs", () => {
  test("a survival curve computed beforehand gives the same result as the lifetime", () => {
    const life = new NormalLifetime(8, 3);
    const inflow = Float64Array.from({ length: 30 }, (_, t) => 1 + t);
    const curve = life.fillSurvival(new Float64Array(50));
    assert.deepEqual(list(inflowDriven(inflow, curve).stock), list(inflowDriven(inflow, life).stock));
    assert.throws(() => inflowDriven(inflow, curve.subarray(0, 10)), RangeError);
  });

  test("a negative or non-finite stock is refused", () => {
    assert.throws(
      () => stockDriven(f64([1, -1]), new FixedLifetime(3)),
      /stock is negative \(-1\) at index 1/,
    );
    assert.throws(() => inflowDriven(f64([1, NaN]), new FixedLifetime(3)), /inflow is not a finite number/);
  });

  test("an empty series gives empty results", () => {
    assert.equal(inflowDriven(f64([]), new FixedLifetime(3)).stock.length, 0);
    assert.equal(stockDriven(f64([]), new FixedLifetime(3)).inflow.length, 0);
  });
});
