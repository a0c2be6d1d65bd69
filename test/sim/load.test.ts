import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { SpecError } from "../../src/errors.js";
import { parseNetwork, parseScenario } from "../../src/sim/load.js";
import { countParams } from "../../src/sim/param.js";
import { fixtureNetwork } from "../helpers/sim.js";

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpecError, String(e));
    return e.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
  }
  assert.fail("no error");
}

describe("network and scenario files", () => {
  it("locates every error in a scenario file by line and path", () => {
    const text = readFileSync(new URL("../fixtures/sim/bad-scenario.yaml", import.meta.url), "utf8");
    const got = problems(() => parseScenario(text, "bad-scenario.yaml"));
    const expected = [
      "2: name: must be lower-case letters, digits and dashes",
      "3: start: must be a month YYYY-MM",
      "4: months: must be ≥ 1",
      '5: allocation: Invalid option: expected one of "pro-rata"|"priority"',
      "9: shocks[0].exporter: must be an ISO 3166 alpha-3 code such as CHN",
      "12: shocks[0].scope: must name elements, materials or stages",
      "15: shocks[0].approval: must be {value, source} or {value, assumption, range} (a bare number has no provenance)",
      '16: shocks[0].delay.dist: Invalid option: expected one of "fixed"|"lognormal"|"uniform"',
      "16: shocks[0].delay.mean.value: must be ≥ 0",
      "21: shocks[1].recovery.assumption: must give the assumption's reason",
      "22: shocks[1].severity.value: must lie in [0, 1]",
      "26: shocks[2].factor.range: range must be [low, high] with low ≤ high",
      "23: shocks[2]: must name products or endUses",
      "27: shocks[3].kind: kind must be export-control, outage or demand-surge",
    ];
    for (const e of expected) assert.ok(got.includes(e), `missing «${e}» in:\n${got.join("\n")}`);
    assert.match(
      new SpecError("bad-scenario.yaml", [{ line: 3, path: "start", message: "x" }]).message,
      /^bad-scenario.yaml:3: start: x$/,
    );
  });

  it("checks a scenario's references against its network", () => {
    const net = fixtureNetwork("grades");
    const text = `name: refs
start: 2025-01
months: 12
shocks:
  - { kind: outage, name: o, node: nowhere, from: 2025-02, recovery: { value: 1, source: t }, severity: { value: 1, source: t } }
  - { kind: demand-surge, name: s, products: [tv], from: 2025-02, to: 2025-01, factor: { value: 2, source: t } }
`;
    assert.deepEqual(
      problems(() => parseScenario(text, "refs.yaml", net)),
      [
        '5: shocks[0].node: unknown node "nowhere"',
        "6: shocks[1].to: ends before it starts",
        '6: shocks[1].products[0]: unknown product "tv"',
      ],
    );
  });

  it("locates network errors: negative capacity, unknown references, shares, recipes, cycles", () => {
    const base = readFileSync(new URL("../fixtures/sim/chain.yaml", import.meta.url), "utf8");
    assert.deepEqual(
      problems(() =>
        parseNetwork(
          base.replace("capacity: { value: 50, source: test }", "capacity: { value: -5, source: test }"),
          "n.yaml",
        ),
      ),
      ["20: nodes[1].capacity.value: must be ≥ 0"],
    );
    assert.deepEqual(
      problems(() =>
        parseNetwork(
          base.replace("perUnit: { value: 0.5, source: test }", "perUnit: { value: 0.1, source: test }"),
          "n.yaml",
        ),
      ),
      [
        "23: nodes[1].inputs: the recipe makes 0.3 kg Nd per kg from 0.08 kg in its inputs",
        "23: nodes[1].inputs: the recipe makes 0.02 kg Dy per kg from 0.005 kg in its inputs",
      ],
    );
    assert.deepEqual(
      problems(() =>
        parseNetwork(
          base.replace(
            "share: { value: 1, source: test } }\n  - { from: plant",
            "share: { value: 0.5, source: test } }\n  - { from: plant",
          ),
          "n.yaml",
        ),
      ),
      ['36: edges[0].share: shares of oxide into "plant" sum to 0.5, not 1'],
    );
    const cyc =
      base +
      "  - { from: motor, to: mine, leadTime: { value: 1, source: test }, share: { value: 1, source: test } }\n";
    const got = problems(() => parseNetwork(cyc, "n.yaml"));
    assert.ok(got.includes("38: edges[2].from: a product node supplies nothing"), got.join("\n"));
    assert.ok(
      got.some((p) => p.includes("the edges form a cycle")),
      got.join("\n"),
    );
    assert.deepEqual(
      problems(() => parseNetwork("name: x\nnodes:\n  - [a\n", "n.yaml")),
      ["4: : Flow sequence in block collection must be sufficiently indented and end with a ]"],
    );
  });

  it("counts sourced and assumed parameters", () => {
    assert.deepEqual(countParams(fixtureNetwork("chain")), { sourced: 17, assumed: 0 });
    assert.deepEqual(
      countParams({ a: { value: 1, source: "s" }, b: [{ value: 2, assumption: "why", range: [1, 3] }] }),
      { sourced: 1, assumed: 1 },
    );
  });
});
