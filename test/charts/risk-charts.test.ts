import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStageShares } from "../../src/risk/stage-data.js";
import { stageConcentration } from "../../src/risk/stages.js";
import { chinaMagnetDependence, exposure } from "../../src/risk/exposure.js";
import { loadIntensities } from "../../src/risk/intensities.js";
import { loadVolumes } from "../../src/risk/volumes.js";
import { loadOxidePrices, magnetOxidePrices } from "../../src/risk/prices.js";
import { stagesChart } from "../../src/charts/stages-chart.js";
import { chainSankey, SMALLER, UNEXPLAINED } from "../../src/charts/chain-sankey.js";
import { exposureChart } from "../../src/charts/exposure-chart.js";
import { pricesChart } from "../../src/charts/prices-chart.js";
import { assertPlainJson, read, seriesNamed, valueOf } from "./helpers.js";

test("stages: HHI bars solid to the lower bound and shaded across the range; no data has no bar", () => {
  const chain = stageConcentration(loadStageShares({ year: 2023 }));
  const o = read(stagesChart(chain));
  assert.deepEqual(o.xAxis?.data, [
    "mining 2023",
    "separation/refining 2023",
    "metal and alloy: no data",
    "magnet making 2023",
  ]);
  const lo = (seriesNamed(o, "HHI, lower bound").data ?? []).map(valueOf) as (number | null)[];
  const range = (seriesNamed(o, "HHI, range").data ?? []).map(valueOf) as (number | null)[];
  const sep = chain.stages[1]?.hhiPoints;
  assert.equal(lo[1], sep?.lo);
  assert.equal(Math.round(lo[1] ?? 0), 8489, "README: separation 2023 HHI 8,489–8,498");
  assert.equal(Math.round((lo[1] ?? 0) + (range[1] ?? 0)), 8498);
  assert.equal(lo[2], null);
  assert.equal(range[2], null);
  const label = (seriesNamed(o, "HHI, range").data?.[3] as { label: { formatter: string } }).label;
  assert.equal(label.formatter, "8,649–8,698", "README: magnet making 2023, the bottleneck");
  assert.match(o.title?.subtext ?? "", /^Bottleneck: magnet making \(HHI 8,649–8,698\)/);
  assertPlainJson(o);
});

test("the chain as a Sankey: each stage's countries sum with the unexplained rest to 100%", () => {
  const o = read(chainSankey(loadStageShares({ year: 2023 })));
  const s = o.series?.[0];
  assert.equal(s?.type, "sankey");
  const links = s?.links ?? [];
  const into = (target: string) => links.filter((l) => l.target === target);
  assert.deepEqual(
    into("separation/refining 2023").map((l) => [l.source, l.value]),
    [
      ["China", 92],
      ["Malaysia", 5],
      [UNEXPLAINED, 3],
    ],
  );
  for (const t of ["mining 2023", "separation/refining 2023", "magnet making 2023"]) {
    const total = into(t).reduce((a, l) => a + l.value, 0);
    assert.ok(Math.abs(total - 100) < 0.3, `${t}: ${total}`);
  }
  assert.ok(!links.some((l) => l.target.startsWith("metal")), "metal and alloy has no data: no flows");
  assert.match(o.title?.subtext ?? "", /metal and alloy: no data/);
  // Below 2% in every stage: Nigeria 1.9%, Thailand, India, Russia, Madagascar, Vietnam, Brazil.
  // Malaysia mines 0.08% but refines 5%, so it keeps its own node.
  assert.equal(into("mining 2023").find((l) => l.source === SMALLER)?.value, 5);
  assert.equal(into("mining 2023").find((l) => l.source === "Malaysia")?.value, 0.1);
  const names = ((s?.data ?? []) as { name: string }[]).map((n) => n.name);
  assert.ok(!names.includes("Nigeria") && !names.includes("Brazil"));
  assert.equal(new Set(names).size, names.length, "node names are unique");
  assertPlainJson(o);
});

test("a ranged share flows at its lower bound; the open part of the range is unexplained", () => {
  const o = read(chainSankey(loadStageShares()));
  const links = o.series?.[0]?.links ?? [];
  const magnet = links.filter((l) => l.target === "magnet making 2025");
  assert.deepEqual(
    magnet.map((l) => [l.source, l.value]),
    [
      ["China", 80],
      [UNEXPLAINED, 20],
    ],
  );
});

test("exposure: ranked end uses with demand and tonnes at risk as rare-earth metal, ranges shaded", () => {
  const shares = loadStageShares();
  const e = exposure({
    intensities: loadIntensities(),
    volumes: loadVolumes(),
    region: "USA",
    dependence: chinaMagnetDependence(shares),
  });
  const o = read(exposureChart(e));
  assert.deepEqual(o.yAxis?.data, ["wind turbines, all types (2024)", "EV traction motors (2025)"]);
  const wind = e.endUses[0];
  const lo = (name: string) => (seriesNamed(o, name).data ?? []).map(valueOf) as number[];
  assert.equal(lo("demand")[0], (wind?.demandReMetal?.lo ?? NaN) / 1000);
  assert.equal(lo("at risk (China-dependent)")[0], (wind?.atRiskReMetal?.lo ?? NaN) / 1000);
  const hi = lo("at risk (China-dependent)")[0]! + lo("at risk, range")[0]!;
  assert.ok(Math.abs(hi - (wind?.atRiskReMetal?.hi ?? NaN) / 1000) < 1e-9);
  // US wind: 2,600 t magnet, × 0.29–0.32 as RE metal (README); at risk 80–100% of it.
  assert.equal(wind?.demand?.kg.lo, 2_600_000);
  assert.match(o.title?.subtext ?? "", /15 end uses not drawn/);
  assertPlainJson(o);
});

test("prices: one line per oxide on a log axis; the source's estimates are hollow", () => {
  const all = loadOxidePrices().series;
  const magnet = magnetOxidePrices(all).flatMap((m) => all.filter((s) => s.metric === m.metric));
  const o = read(pricesChart(magnet));
  assert.deepEqual(o.xAxis?.data, ["2020", "2021", "2022", "2023", "2024"]);
  assert.equal(o.yAxis?.type, "log");
  const nd = seriesNamed(o, "Neodymium oxide 99.5%").data as { value: number; symbol?: string }[];
  assert.deepEqual(
    nd.map((p) => p.value),
    [49, 98, 134, 78, 56],
  );
  assert.equal(nd[4]?.symbol, "emptyCircle", "2024 is USGS's estimate");
  assert.equal(nd[3]?.symbol, undefined);
  assert.equal(read(pricesChart(magnet, { log: false })).yAxis?.type, "value");
  assertPlainJson(o);
});
