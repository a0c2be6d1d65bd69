import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calibrate, simulatedExports } from "../../src/sim/calibrate.js";
import type { Network } from "../../src/sim/network.js";
import type { Scenario } from "../../src/sim/scenario.js";
import { parseMonth, type MonthIndex } from "../../src/units/month.js";
import { fixtureNetwork, scenarioOf, v } from "../helpers/sim.js";

const net = fixtureNetwork("grades");
const template = (approval: number, delay: number, after: number): Scenario =>
  scenarioOf(
    {
      months: 15,
      shocks: [
        {
          kind: "export-control",
          name: "licensing",
          exporter: "CHN",
          from: "2025-04",
          scope: { elements: ["Dy"] },
          approval: v(approval),
          delay: { dist: "fixed", mean: v(delay) },
          recovery: { after: v(after), approval: v(1) },
        },
      ],
    },
    net,
  );

/** China's magnet exports under a regime, scaled so the first month is `level` kg. */
function exportsUnder(network: Network, sc: Scenario, level: number): { month: MonthIndex; kg: number }[] {
  const xs = Array.from(simulatedExports(network, sc, "CHN")).slice(0, 12);
  return xs.map((x, t) => ({ month: (parseMonth("2025-01")! + t) as MonthIndex, kg: (x / xs[0]!) * level }));
}

describe("calibration", () => {
  it("recovers a known regime from the exports it produces, with zero in-sample error", () => {
    const observed = exportsUnder(net, template(0.25, 1, 3), 5_000_000);
    const fit = calibrate({
      network: net,
      scenario: template(0.9, 0, 0),
      observed,
      fit: [parseMonth("2025-01")!, parseMonth("2025-08")!],
      test: [parseMonth("2025-09")!, parseMonth("2025-12")!],
    });
    assert.equal(fit.params.approval.value, 0.25);
    assert.equal(fit.params.delayMonths.value, 1);
    assert.equal(fit.params.recoveryAfterMonths.value, 3);
    assert.ok(fit.inSample.rmse < 1e-9 && fit.outOfSample.rmse < 1e-9);
    assert.ok(fit.params.approval.lo <= 0.25 && fit.params.approval.hi >= 0.25);
    assert.equal(fit.baselineKg, 5_000_000);
    assert.equal(fit.series.length, 12);
    assert.ok(fit.replay.find((r) => r.product === "us-motor")!.lostUnits > 0);
    assert.equal(fit.replay.find((r) => r.product === "us-consumer")!.lostUnits, 0);
    const c = fit.scenario.shocks[0]!;
    assert.ok(c.kind === "export-control" && "assumption" in c.approval && c.approval.value === 0.25);
  });

  it("refuses a fit window with no more months than parameters", () => {
    const observed = exportsUnder(net, template(0.25, 1, 3), 1).slice(0, 3);
    assert.throws(
      () =>
        calibrate({
          network: net,
          scenario: template(0.5, 1, 1),
          observed,
          fit: [parseMonth("2025-01")!, parseMonth("2025-08")!],
          test: [parseMonth("2025-09")!, parseMonth("2025-12")!],
        }),
      /3 observed months: more than 3 are needed/,
    );
  });
});
