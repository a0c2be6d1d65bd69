import { test } from "node:test";
import assert from "node:assert/strict";
import { INVENTORY_SERIES, inventoryChart } from "../../src/charts/inventory-chart.js";
import { renderSvg } from "../../src/charts/render-svg.js";
import type { NodeSummary } from "../../src/sim/summary.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

const months = ["2025-01", "2025-02", "2025-03", "2025-04"];
const node: NodeSummary = {
  node: "magnet-jpn",
  p5: [1000, 400, 0, 0],
  p50: [1000, 600, 250, 100],
  p95: [1000, 800, 500.5, 300],
};

test("inventory: the P5–P95 band stacked on a hidden P5 line, and the P50, one point a month", () => {
  const o = read(inventoryChart(node, months, { unit: "kg" }));
  assert.deepEqual(
    o.series?.map((s) => s.name),
    ["P5", "P5–P95", "P50"],
  );
  assert.deepEqual(INVENTORY_SERIES, { p5: "P5", band: "P5–P95", p50: "P50" });
  assert.deepEqual(seriesNamed(o, "P5").data, [1000, 400, 0, 0]);
  assert.deepEqual(seriesNamed(o, "P5–P95").data, [0, 400, 500.5, 300]);
  assert.deepEqual(seriesNamed(o, "P50").data?.map(valueOf), [1000, 600, 250, 100]);
  for (const s of o.series ?? []) assert.equal(s.data?.length, 4);
  assert.deepEqual(o.xAxis?.data, months);
  assert.equal(o.title?.text, "magnet-jpn: inventory");
  assert.equal(o.title?.subtext, "P5–P95 band and P50 over runs, kg; lowest P5 0 (runs out)");
  assert.equal((o.yAxis as { name: string }).name, "inventory, kg");
  assertPlainJson(o);
});

test("inventory that never runs out gives its lowest P5; the default unit is the node's output", () => {
  const o = read(inventoryChart({ ...node, p5: [1000, 900, 850.25, 900] }, months));
  assert.equal(o.title?.subtext, "P5–P95 band and P50 over runs, output units; lowest P5 850");
  assert.throws(() => inventoryChart(node, months.slice(1)), /has 4 values for 3 months/);
});

test("the inventory chart renders to SVG", () => {
  const svg = renderSvg(inventoryChart(node, months, { unit: "kg" }), { width: 700, height: 320 });
  assert.match(svg, />magnet-jpn: inventory</);
  assert.match(svg, />inventory, kg</);
  assert.match(svg, />2025-04</);
});
