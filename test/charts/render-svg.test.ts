import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { monthlySeries, type MonitorSeries } from "../../src/monitor/series.js";
import { loadStageShares } from "../../src/risk/stage-data.js";
import { stageConcentration } from "../../src/risk/stages.js";
import { seriesChart } from "../../src/charts/series-chart.js";
import { stagesChart } from "../../src/charts/stages-chart.js";
import { chainSankey } from "../../src/charts/chain-sankey.js";
import { renderSvg } from "../../src/charts/render-svg.js";

let store: Store;
let series: MonitorSeries;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  series = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
});
after(() => store.close());

test("a chart renders server-side to SVG with its title, axis labels and event labels", () => {
  const svg = renderSvg(seriesChart(series), { width: 860, height: 380 });
  assert.ok(svg.startsWith('<svg width="860" height="380"'), svg.slice(0, 80));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.match(svg, />World: monthly quantity, t</);
  assert.match(svg, />2023-07</, "the first month on the time axis");
  assert.match(svg, />7,000</, "the value axis");
  assert.match(svg, />CHN export control</, "the event line's label");
});

test("rendering is deterministic: the same option gives the same SVG, twice over", () => {
  const option = seriesChart(series);
  const a = renderSvg(option, { width: 860, height: 380 });
  renderSvg(stagesChart(stageConcentration(loadStageShares())), { width: 600, height: 300 });
  const b = renderSvg(option, { width: 860, height: 380 });
  assert.equal(a, b);
  assert.ok(!/\bzr\d+-/.test(a), "zrender's per-process ids are renumbered");
});

test("charts in one page get their own class names and clip ids", () => {
  const a = renderSvg(seriesChart(series), { width: 860, height: 380, id: "one" });
  const b = renderSvg(chainSankey(loadStageShares()), { width: 860, height: 420, id: "two" });
  assert.match(a, /class="one-cls-0"/);
  assert.match(a, /id="one-c0"/);
  assert.match(b, /class="two-cls-\d+"/);
  assert.ok(!b.includes("one-"));
  const hashed = renderSvg(seriesChart(series), { width: 860, height: 380 });
  assert.match(hashed, /class="c[0-9a-f]{10}-cls-0"/, "default prefix: a hash of the option");
});

test("the Sankey and the bars render too", () => {
  const sankey = renderSvg(chainSankey(loadStageShares()), { width: 860, height: 420 });
  assert.match(sankey, />China</);
  assert.match(sankey, />other \/ unexplained</);
  const bars = renderSvg(stagesChart(stageConcentration(loadStageShares({ year: 2023 }))), {
    width: 860,
    height: 360,
  });
  assert.match(bars, />8,649–8,698</);
  assert.match(bars, />metal and alloy: no data</);
});
