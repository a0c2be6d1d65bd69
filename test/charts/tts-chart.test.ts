import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSvg } from "../../src/charts/render-svg.js";
import { TTS_SERIES, ttsChart, ttsText } from "../../src/charts/tts-chart.js";
import type { TtsNodeResult, TtsReport } from "../../src/sim/tts.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

const node = (id: string, tts: number, total: number): TtsNodeResult => ({
  node: id,
  stage: "magnet",
  country: "CHN",
  tts,
  impact: { lost: {}, total },
  flagged: tts < 3,
});
const report: TtsReport = {
  ttr: 3,
  weight: "magnet",
  month: null,
  baseline: { tts: Infinity, impact: { lost: {}, total: 0 } },
  nodes: [node("a", 0.5, 9000), node("b", Infinity, 4000), node("c", 2, 1000), node("d", 8, 0)],
};

test("TTS bars: impact of each node, flagged ones in the alarm series, largest first", () => {
  const o = read(ttsChart(report, 3));
  assert.deepEqual(o.yAxis?.data, ["a", "b", "c"]);
  assert.equal((o.yAxis as { inverse: boolean }).inverse, true, "the largest at the top");
  assert.deepEqual(seriesNamed(o, TTS_SERIES.flagged).data?.map(valueOf), [9000, null, 1000]);
  assert.deepEqual(seriesNamed(o, TTS_SERIES.safe).data?.map(valueOf), [null, 4000, null]);
  assert.equal(seriesNamed(o, "TTS < TTR").color, "#b03a2e");
  assert.equal(o.title?.text, "Time to survive: the 3 most exposed nodes");
  assert.equal(
    o.title?.subtext,
    "Demand lost with each node down for 3 months (TTR), kg of magnet; 2 of 4 nodes have TTS < TTR",
  );
  const tip = (seriesNamed(o, "TTS ≥ TTR").data?.[1] as { tooltip: { formatter: string } }).tooltip;
  assert.equal(
    tip.formatter,
    "b (magnet, CHN)<br/>time to survive: ∞ (does not bind)<br/>lost over 3 months down: 4,000 kg of magnet<br/>TTS ≥ TTR",
  );
  assertPlainJson(o);
});

test("after JSON an infinite TTS is null, and still does not bind", () => {
  const json = JSON.parse(JSON.stringify(report)) as Parameters<typeof ttsChart>[0];
  assert.equal(json.nodes[1]?.tts, null);
  const o = read(ttsChart(json));
  assert.deepEqual(o.yAxis?.data, ["a", "b", "c", "d"], "top 15 by default: every node here");
  const tip = (seriesNamed(o, "TTS ≥ TTR").data?.[1] as { tooltip: { formatter: string } }).tooltip;
  assert.match(tip.formatter, /time to survive: ∞ \(does not bind\)/);
  assert.equal(ttsText(null), "∞ (does not bind)");
  assert.equal(ttsText(Infinity), "∞ (does not bind)");
  assert.equal(ttsText(0.54), "0.5 months");
});

test("the TTS chart renders to SVG", () => {
  const svg = renderSvg(ttsChart(report), { width: 760, height: 360 });
  assert.match(svg, />Time to survive: the 4 most exposed nodes</);
  assert.match(svg, />TTS &lt; TTR</);
});
