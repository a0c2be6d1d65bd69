import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStageShares } from "../../src/risk/stage-data.js";
import { stageConcentration, stageMetrics } from "../../src/risk/stages.js";
import { topK } from "../../src/risk/topk.js";
import { nMinus1 } from "../../src/risk/n-minus-1.js";
import { between, point, type Interval } from "../../src/risk/interval.js";
import { remainderOf } from "../../src/risk/shares.js";

const close = (a: Interval | null | undefined, lo: number, hi: number, eps = 1e-12) => {
  assert.ok(a, "interval is null");
  assert.ok(Math.abs(a.lo - lo) < eps && Math.abs(a.hi - hi) < eps, `${JSON.stringify(a)} ≠ [${lo}, ${hi}]`);
};

test("refining 2023: only China 92% and Malaysia 5% are known, so the HHI is bounded, not guessed", () => {
  const sep = stageMetrics(loadStageShares({ year: 2023 }).find((s) => s.stage === "separation")!);
  close(sep.hhi, 0.92 ** 2 + 0.05 ** 2, 0.92 ** 2 + 0.05 ** 2 + 0.03 * 0.03);
  close(sep.hhiPoints, 8489, 8498, 1e-8);
  close(sep.top1, 0.92, 0.92);
  close(sep.top3, 0.97, 1, 1e-12);
  close(sep.nMinus1, 0.08, 0.08, 1e-12);
  assert.equal(sep.leader, "CHN");
});

test("mining 2023 from USGS MCS 2025: China 255,000 of 376,000 t REO", () => {
  const mining = loadStageShares({ year: 2023 }).find((s) => s.stage === "mining")!;
  assert.equal(mining.entries[0]?.country, "CHN");
  close(mining.entries[0]?.share, 255_000 / 376_000, 255_000 / 376_000);
  assert.ok(
    !mining.entries.some((e) => e.country === "OTH" || e.country === "WLD"),
    "aggregates stay out of the entries",
  );
  assert.equal(mining.entries.find((e) => e.country === "MMR")?.share.lo, 43_000 / 376_000);
});

test("magnets 2025: rival figures and bounds for China (>80%, >90%, 93%) become one range", () => {
  const magnet = loadStageShares({ year: 2025 }).find((s) => s.stage === "magnet")!;
  close(magnet.entries[0]?.share, 0.8, 1);
  const m = stageMetrics(magnet);
  close(m.hhi, 0.64, 1);
  close(m.nMinus1, 0, 0.2, 1e-12);
});

test("metal and alloy has no data and says so, with no invented split", () => {
  const metal = stageMetrics(loadStageShares().find((s) => s.stage === "metal")!);
  assert.equal(metal.noData, true);
  assert.equal(metal.hhi, null);
  assert.match(metal.shares.notes[0] ?? "", /no data/);
});

test("the bottleneck is the most concentrated stage, and overlapping ranges are flagged", () => {
  const c2023 = stageConcentration(loadStageShares({ year: 2023 }));
  assert.equal(c2023.bottleneck?.stage, "magnet");
  assert.deepEqual(c2023.bottleneck?.ambiguousWith, []);
  const latest = stageConcentration(loadStageShares());
  assert.equal(latest.bottleneck?.stage, "separation");
  assert.deepEqual(latest.bottleneck?.ambiguousWith, ["magnet"]);
});

test("top-k bounds fill missing slots only from the remainder, with producers no larger than the smallest", () => {
  close(topK([point(0.5), point(0.2)], point(0.3), 3), 0.7, 0.9);
  close(topK([point(0.5), point(0.3), point(0.2)], point(0), 2), 0.8, 0.8);
  close(topK([between(0.8, 1)], between(0, 0.2), 1), 0.8, 1);
});

test("N-1 coverage is what the rest of the world supplies when the largest supplier stops", () => {
  close(nMinus1(point(0.7)), 0.3, 0.3, 1e-12);
  close(nMinus1(between(0.88, 0.91)), 0.09, 0.12, 1e-12);
  close(nMinus1(point(0.7), point(1.2)), 0.36, 0.36, 1e-12);
  close(nMinus1(point(1)), 0, 0);
});

test("the remainder of a share table is the unexplained share, floored at zero", () => {
  close(
    remainderOf([
      { country: "CHN", share: point(0.92), source: "" },
      { country: "MYS", share: point(0.05), source: "" },
    ]),
    0.03,
    0.03,
    1e-12,
  );
  close(remainderOf([{ country: "CHN", share: between(0.8, 1), source: "" }]), 0, 0.2, 1e-12);
  close(
    remainderOf([
      { country: "CHN", share: point(0.7), source: "" },
      { country: "USA", share: point(0.35), source: "" },
    ]),
    0,
    0,
  );
});
