import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadLevers, loadPortfolio, shippedPortfolioNames } from "../../src/plan/load.js";
import { applyPortfolio } from "../../src/plan/portfolio.js";
import { countParams } from "../../src/sim/param.js";
import { compile } from "../../src/sim/compile.js";
import { runOutput, simulate } from "../../src/sim/engine.js";
import { networkProblems, type Network } from "../../src/sim/network.js";
import { loadScenario } from "../../src/sim/reference.js";
import type { Scenario } from "../../src/sim/scenario.js";

function lostTonnes(net: Network, sc: Scenario, country?: string): number {
  const m = compile(net, sc, null);
  const out = runOutput(m, false);
  simulate(m, out);
  let t = 0;
  for (let p = 0; p < m.products; p++) {
    if (country && net.nodes[m.productNode[p]!]!.country !== country) continue;
    for (let k = 0; k < m.months; k++) t += (out.shortfall[p * m.months + k]! * m.magnetPerUnit[p]!) / 1000;
  }
  return t;
}

describe("the shipped levers and portfolios", () => {
  const { levers, network } = loadLevers();
  const { scenario } = loadScenario("full-embargo-us");

  it("cover the five named strategies, each number sourced or assumed", () => {
    for (const name of ["diversify", "build-domestic", "recycle", "substitute", "stockpile"])
      assert.ok(shippedPortfolioNames().includes(name), name);
    const kinds = new Set(levers.map((l) => l.kind));
    assert.deepEqual([...kinds].sort(), ["recycling", "stockpile", "substitution", "supplier"]);
    const n = countParams(levers);
    assert.ok(n.sourced >= 10 && n.assumed > 0, JSON.stringify(n));
  });

  it("apply cleanly and leave no shortfall without shocks", () => {
    for (const name of shippedPortfolioNames()) {
      const net = applyPortfolio(network, levers, loadPortfolio(name, levers));
      assert.deepEqual(networkProblems(net), [], name);
      assert.ok(lostTonnes(net, { ...scenario, shocks: [] }) < 1e-9, `${name}: shortfall without shocks`);
    }
  });

  it("cut the US loss under a full embargo for the stockpile and the mix", () => {
    const none = lostTonnes(network, scenario, "USA");
    for (const name of ["stockpile", "mix-example"]) {
      const net = applyPortfolio(network, levers, loadPortfolio(name, levers));
      assert.ok(lostTonnes(net, scenario, "USA") < none, name);
    }
  });
});
