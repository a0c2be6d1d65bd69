import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LodestoneError } from "../../src/errors.js";
import { LpModel, solveLp } from "../../src/sim/lp.js";

const EPS = 1e-9;

function close(actual: number | undefined, expected: number): void {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= EPS * Math.max(1, Math.abs(expected)),
    `${actual} ≠ ${expected}`,
  );
}

describe("LP wrapper around HiGHS", () => {
  it("solves a small LP to its vertex optimum", async () => {
    // max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3 → (3, 1), 11.
    const m = new LpModel("small", "max");
    m.addVar("x", { hi: 3 });
    m.addVar("y");
    m.setObjective({ x: 3, y: 2 });
    m.addConstraint("a", { x: 1, y: 1 }, "<=", 4);
    m.addConstraint("b", { x: 1, y: 3 }, "<=", 6);
    const r = await solveLp(m);
    assert.equal(r.status, "Optimal");
    close(r.objective, 11);
    close(r.values.get("x"), 3);
    close(r.values.get("y"), 1);
    assert.equal(r.mip_gap, undefined);
  });

  it("handles free variables, negative coefficients, equalities and an objective constant", async () => {
    // min z + 2 s.t. z − w = −3, −1 ≤ w ≤ 1, z free → z = −4, objective −2.
    const m = new LpModel("signs", "min");
    m.addVar("z", { lo: -Infinity });
    m.addVar("w", { lo: -1, hi: 1 });
    m.setObjective([["z", 1]], 2);
    m.addConstraint(
      "tie",
      new Map([
        ["z", 1],
        ["w", -1],
      ]),
      "=",
      -3,
    );
    const r = await solveLp(m);
    close(r.objective, -2);
    close(r.values.get("z"), -4);
    close(r.values.get("w"), -1);
    assert.match(m.toLp(), /^ z free$/m);
    assert.match(m.toLp(), /^ -1 <= w <= 1$/m);
  });

  it("solves a MILP whose LP relaxation would be fractional, and reports the gap", async () => {
    // The workshop: the LP optimum is fractional in general; integers give 20 chairs, 10 tables.
    const m = new LpModel("workshop", "max");
    m.addVar("chairs", { kind: "integer" });
    m.addVar("tables", { kind: "integer" });
    m.setObjective({ chairs: 30, tables: 50 });
    m.addConstraint("carpentry", { chairs: 1, tables: 2 }, "<=", 40);
    m.addConstraint("finishing", { chairs: 2, tables: 1 }, "<=", 50);
    const r = await solveLp(m, { time_limit: 10 });
    close(r.objective, 1100);
    close(r.values.get("chairs"), 20);
    close(r.values.get("tables"), 10);
    assert.ok(r.mip_gap !== undefined && r.mip_gap <= 1e-4);

    // max x + y s.t. 2x + 2y ≤ 3: the relaxation gives 1.5, integers give 1.
    const k = new LpModel("half", "max");
    k.addVar("x", { kind: "integer" });
    k.addVar("y", { kind: "integer" });
    k.setObjective({ x: 1, y: 1 });
    k.addConstraint("c", { x: 2, y: 2 }, "<=", 3);
    close((await solveLp(k)).objective, 1);
  });

  it("picks the best two of three binaries", async () => {
    const m = new LpModel("knapsack", "max");
    for (const v of ["x", "y", "z"]) m.addVar(v, { kind: "binary" });
    m.setObjective({ x: 3, y: 2, z: 4 });
    m.addConstraint("two", { x: 1, y: 1, z: 1 }, "<=", 2);
    const r = await solveLp(m);
    close(r.objective, 7);
    assert.deepEqual(
      [...r.values],
      [
        ["x", 1],
        ["y", 0],
        ["z", 1],
      ],
    );
    assert.match(m.toLp(), /^Binaries\n x y z$/m);
  });

  it("throws a LodestoneError naming the model and its status when infeasible", async () => {
    const m = new LpModel("impossible plan", "min");
    m.addVar("x");
    m.setObjective({ x: 1 });
    m.addConstraint("floor", { x: 1 }, ">=", 5);
    m.addConstraint("ceiling", { x: 1 }, "<=", 3);
    await assert.rejects(solveLp(m), (e) => {
      assert.ok(e instanceof LodestoneError);
      assert.match(e.message, /"impossible plan"/);
      assert.match(e.message, /Infeasible/);
      return true;
    });
  });

  it("returns an unbounded model when told to accept that status", async () => {
    const m = new LpModel("open", "max");
    m.addVar("t");
    m.setObjective({ t: 1 });
    m.addConstraint("floor", { t: 1 }, ">=", 1);
    await assert.rejects(solveLp(m), /"open" ended Unbounded/);
    const r = await solveLp(m, { accept: ["Unbounded", "Primal infeasible or unbounded"] });
    assert.ok(r.status === "Unbounded" || r.status === "Primal infeasible or unbounded");
  });

  it("calls an unbounded LP Unbounded even where HiGHS's presolve says Infeasible", async () => {
    // The TTS model of two parallel suppliers with nothing down: t can grow without end.
    const m = new LpModel("tts shape", "max");
    for (const v of ["t", "y1", "y2", "yp", "f1", "f2", "sold"]) m.addVar(v);
    m.setObjective({ t: 1 });
    m.addConstraint("cap1", { y1: 1, t: -40 }, "<=", 0);
    m.addConstraint("stock1", { f1: 1, y1: -1 }, "<=", 50);
    m.addConstraint("cap2", { y2: 1, t: -5 }, "<=", 0);
    m.addConstraint("stock2", { f2: 1, y2: -1 }, "<=", 0);
    m.addConstraint("capp", { yp: 1, t: -1000 }, "<=", 0);
    m.addConstraint("input", { yp: 1, f1: -1, f2: -1 }, "<=", 0);
    m.addConstraint("stockp", { sold: 1, yp: -1 }, "<=", 100);
    m.addConstraint("demand", { sold: 1, t: -10 }, ">=", 0);
    await assert.rejects(solveLp(m), /ended Unbounded/);
  });

  it("writes safe, unique LP names and reads values back under the caller's names", async () => {
    const names = ["y[mine-a]", "y[mine_a]", "free", "End", "e9", "9x", "x y", "-", "", "st", "ö"];
    const m = new LpModel("names", "min");
    names.forEach((n, i) => m.addVar(n, { lo: i }));
    m.setObjective(names.map((n) => [n, 1] as const));
    m.addConstraint("row: with spaces-and-dashes", [[names[0]!, 1]], ">=", 0);
    m.addConstraint("obj", [[names[1]!, 1]], ">=", 0);
    const text = m.toLp();
    const bounds = text
      .slice(text.indexOf("\nBounds\n") + 8, text.lastIndexOf("\nEnd"))
      .trim()
      .split("\n");
    const lpNames = bounds.map((b) => b.trim().split(" ")[0]!);
    assert.equal(new Set(lpNames).size, names.length, "every name stays distinct");
    for (const n of lpNames) {
      assert.match(n, /^[A-Za-z_][A-Za-z0-9_]*$/);
      assert.doesNotMatch(n, /^(free|end|st|e\d.*)$/i);
    }
    assert.match(text, /^ row__with_spaces_and_dashes: /m);
    assert.match(text, /^ obj_2: /m, "a row named obj does not clash with the objective");
    const r = await solveLp(m);
    assert.deepEqual(
      [...r.values],
      names.map((n, i) => [n, i]),
    );
    close(r.objective, (names.length * (names.length - 1)) / 2);
  });

  it("sums repeated terms, wraps long rows and solves them", async () => {
    const m = new LpModel("long", "min");
    for (let i = 0; i < 500; i++) m.addVar(`v${i}`);
    m.setObjective(m.variables.map((v, i) => [v, 1 + i] as const));
    m.addConstraint("sum", [...m.variables.map((v) => [v, 0.5] as const), ["v0", 0.5]], ">=", 10);
    assert.ok(
      m
        .toLp()
        .split("\n")
        .every((l) => l.length < 255),
    );
    const r = await solveLp(m);
    close(r.values.get("v0"), 10); // v0's coefficient is 1 after summing, and it costs least
    close(r.objective, 10);
  });

  it("refuses undeclared variables, duplicates and non-finite numbers when building", () => {
    const m = new LpModel("bad", "min");
    m.addVar("x");
    assert.throws(() => m.addVar("x"), /"bad": variable "x" is declared twice/);
    assert.throws(() => m.addConstraint("c", { y: 1 }, "<=", 1), /undeclared variable "y"/);
    assert.throws(() => m.addConstraint("d", { x: NaN }, "<=", 1), LodestoneError);
    assert.throws(() => m.addConstraint("e", { x: 1 }, "<=", Infinity), LodestoneError);
    assert.throws(() => new LpModel("empty", "min").toLp(), /has no variables/);
  });

  it("solves the same MILP in a worker thread, for models that must not block the event loop", async () => {
    const build = () => {
      const m = new LpModel("knapsack in a worker", "max");
      const items = [
        [5, 4],
        [4, 3],
        [3, 2],
      ] as const;
      items.forEach((_, i) => m.addVar(`x${i}`, { kind: "binary" }));
      m.addConstraint(
        "weight",
        items.map(([, w], i) => [`x${i}`, w] as [string, number]),
        "<=",
        6,
      );
      m.setObjective(items.map(([v], i) => [`x${i}`, v] as [string, number]));
      return m;
    };
    const here = await solveLp(build());
    const there = await solveLp(build(), { worker: true });
    assert.equal(there.objective, here.objective);
    assert.deepEqual([...there.values], [...here.values]);
    assert.equal(there.status, "Optimal");
  });
});
