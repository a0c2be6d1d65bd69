import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const FIXTURES = "test/fixtures/plan";

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/lodestone.js", "plan", "stock", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The README's example: these lines are pasted there.
test("plan stock with a fixed lifetime of 5 prints the hand case year by year", () => {
  const r = run(["--inflow", `${FIXTURES}/inflow-1-10.csv`, "--lifetime", "fixed:5"]);
  assert.equal(r.code, 0, r.err);
  const table = [
    "Year  Inflow  Stock  Outflow  Stock change",
    "────  ──────  ─────  ───────  ────────────",
    "2021    1.00   1.00     0.00          1.00",
    "2022    2.00   3.00     0.00          2.00",
    "2023    3.00   6.00     0.00          3.00",
    "2024    4.00  10.00     0.00          4.00",
    "2025    5.00  15.00     0.00          5.00",
    "2026    6.00  20.00     1.00          5.00",
    "2027    7.00  25.00     2.00          5.00",
    "2028    8.00  30.00     3.00          5.00",
    "2029    9.00  35.00     4.00          5.00",
    "2030   10.00  40.00     5.00          5.00",
  ].join("\n");
  assert.ok(r.out.includes(table), r.out);
  assert.match(
    r.out,
    /^Magnets in use, inflow-driven from test\/fixtures\/plan\/inflow-1-10\.csv, 2021–2030$/m,
  );
  assert.match(r.out, /^Lifetime: fixed at 5 years$/m);
  assert.match(r.out, /^End-of-life outflow 2021–2030: 15\.00 in total, in the series' unit\.$/m);
  assert.doesNotMatch(r.out, /negative inflow/i);
});

test("plan stock --stock on that stock gives the inflow 1 … 10 back", () => {
  const r = run(["--stock", `${FIXTURES}/stock-1-10.csv`, "--lifetime", "fixed:5", "--json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.mode, "stock-driven");
  assert.deepEqual(j.lifetime, { kind: "fixed", years: 5 });
  assert.deepEqual(j.year, [2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
  assert.deepEqual(j.inflow, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(j.outflow, [0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
  assert.deepEqual(j.stock_change, [1, 2, 3, 4, 5, 5, 5, 5, 5, 5]);
  assert.deepEqual(j.negative_inflow_years, []);
});

test("plan stock --json carries the lifetime as parsed and every column", () => {
  const r = run(["--inflow", `${FIXTURES}/inflow-1-10.csv`, "--lifetime", "weibull:2,10", "--json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.lifetime, { kind: "weibull", shape: 2, scale: 10 });
  assert.equal(j.mode, "inflow-driven");
  for (const k of ["year", "inflow", "stock", "outflow", "stock_change"]) assert.equal(j[k].length, 10, k);
  // First year: 1 − S(0) = 0 leaves; second: 1·(S(0) − S(1)) = 1 − exp(−0.01).
  assert.equal(j.outflow[0], 0);
  assert.ok(Math.abs(j.outflow[1] - -Math.expm1(-0.01)) < 1e-15);
  j.inflow.forEach((i: number, t: number) =>
    assert.ok(Math.abs(i - j.outflow[t] - j.stock_change[t]) < 1e-12, `mass balance in ${j.year[t]}`),
  );
});

test("a stock that falls faster than its cohorts retire flags its negative inflows", () => {
  const r = run(["--stock", `${FIXTURES}/stock-falling.csv`, "--lifetime", "weibull:2,5"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^2024 +−1\.88 +25\.00 +3\.12 +−5\.00 +negative inflow$/m);
  assert.match(r.out, /^2025 +−10\.52 +10\.00 +4\.48 +−15\.00 +negative inflow$/m);
  assert.match(r.out, /^Negative inflow in 2024, 2025: the stock falls faster than its cohorts retire\./m);
});

test("--correct sets them to 0 and shows the extra outflow", () => {
  const r = run(["--stock", `${FIXTURES}/stock-falling.csv`, "--lifetime", "weibull:2,5", "--correct"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^2024 +0\.00 +25\.00 +5\.00 +−5\.00 +negative inflow set to 0, \+1\.88 outflow$/m);
  const j = JSON.parse(
    run(["--stock", `${FIXTURES}/stock-falling.csv`, "--lifetime", "weibull:2,5", "--correct", "--json"]).out,
  );
  assert.equal(j.corrected, true);
  assert.deepEqual(j.negative_inflow_years, [2024, 2025]);
  assert.equal(j.inflow[3], 0);
  assert.equal(j.inflow[4], 0);
  assert.equal(j.excess_outflow[0], 0);
  assert.ok(j.excess_outflow[3] > 0);
});

test("usage errors exit 2 and say what to do", () => {
  const both = run(["--inflow", "a.csv", "--stock", "b.csv", "--lifetime", "fixed:5"]);
  assert.equal(both.code, 2);
  assert.match(both.err, /give exactly one of --inflow <file> \(inflow-driven\) or --stock <file>/);
  assert.equal(run(["--lifetime", "fixed:5"]).code, 2);
  const correct = run(["--inflow", `${FIXTURES}/inflow-1-10.csv`, "--lifetime", "fixed:5", "--correct"]);
  assert.equal(correct.code, 2);
  assert.match(correct.err, /--correct applies to --stock only/);
  const life = run(["--inflow", `${FIXTURES}/inflow-1-10.csv`, "--lifetime", "normal:10"]);
  assert.equal(life.code, 2);
  assert.match(
    life.err,
    /^error: --lifetime "normal:10": normal needs a mean and a standard deviation, as normal:m,s$/m,
  );
  assert.equal(run(["--inflow", `${FIXTURES}/inflow-1-10.csv`]).code, 2, "--lifetime is required");
});

test("a bad line in the series fails with file:line: field: reason", () => {
  const r = run(["--inflow", `${FIXTURES}/inflow-gap.csv`, "--lifetime", "fixed:5"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.err.trim(),
    "error: test/fixtures/plan/inflow-gap.csv:4: year: 2024 follows 2022: years must be consecutive and increasing",
  );
});
