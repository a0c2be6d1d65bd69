import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Command } from "commander";
import { ImportError, UsageError } from "../../src/errors.js";
import {
  convertBasis,
  MAGNET_TO_RE_METAL,
  massOf,
  RE_METAL_TO_REO,
  type Mass,
  type MaterialBasis,
} from "../../src/units/basis.js";
import { between, point, type Interval } from "../../src/risk/interval.js";
import { loadStageShares } from "../../src/risk/stage-data.js";
import {
  END_USES,
  loadIntensities,
  type EndUse,
  type Intensities,
  type IntensityRow,
} from "../../src/risk/intensities.js";
import { loadVolumes, volumeFor, type VolumeRow, type Volumes } from "../../src/risk/volumes.js";
import {
  addMass,
  assumedDependence,
  chinaMagnetDependence,
  convertRange,
  exposure,
  massRange,
  toReMetal,
  type ChinaDependence,
  type EndUseExposure,
} from "../../src/risk/exposure.js";
import { registerExposure, renderExposure } from "../../src/cli/commands/risk/exposure.js";
import type { Output } from "../../src/cli/context.js";
import { writeTemp } from "../helpers/store.js";

const FIX = "test/fixtures/risk";
const LB = 0.45359237;
const share80to100: ChinaDependence = {
  share: between(0.8, 1),
  via: "stage-share",
  label: "China's share of magnet making (fixture)",
  year: 2025,
  sources: ["https://example.org/share"],
};

function small(
  opts: { region?: string; year?: number; inventory?: Parameters<typeof exposure>[0]["inventory"] } = {},
) {
  return exposure({
    intensities: loadIntensities(`${FIX}/intensities-small.csv`),
    volumes: loadVolumes(`${FIX}/volumes-small.csv`),
    region: opts.region ?? "USA",
    dependence: share80to100,
    ...(opts.year !== undefined ? { year: opts.year } : {}),
    ...(opts.inventory ? { inventory: opts.inventory } : {}),
  });
}

const byKey = (rows: readonly EndUseExposure[], key: string) => {
  const r = rows.find((u) => u.key === key);
  assert.ok(r, `no row ${key}`);
  return r;
};

const range = (r: Interval | null | undefined) => (r ? [r.lo, r.hi] : null);

test("demand is intensity × volume on the intensity's basis, exact on small inputs", () => {
  const e = small();
  const wind = byKey(e.endUses, "wind");
  assert.equal(wind.year, 2024);
  assert.deepEqual(range(wind.volume?.count), [5200, 5200], "5.2 GW counted as 5,200 MW");
  assert.equal(wind.demand?.basis, "magnet");
  assert.deepEqual(range(wind.demand?.kg), [2_600_000, 2_600_000], "5,200 MW × 500 kg/MW");
  assert.deepEqual(range(wind.atRisk?.kg), [2_080_000, 2_600_000], "× China's 80–100%");
  assert.deepEqual(range(wind.atRiskReMetal), [2_080_000 * 0.29, 2_600_000 * 0.32], "× magnet→RE 0.29–0.32");
  assert.equal(wind.reliability, "medium");
  assert.deepEqual(wind.sources, ["https://example.org/us-wind", "https://example.org/wind"]);
});

test("rival sources stay a range: two volumes and an intensity given as low–high", () => {
  const ev = byKey(small().endUses, "ev-traction");
  assert.equal(ev.year, 2025, "the latest year, not 2024");
  assert.deepEqual(range(ev.volume?.count), [1_270_000, 1_275_000]);
  assert.deepEqual(range(ev.intensity?.kgPerUnit), [1, 2]);
  assert.deepEqual(range(ev.demand?.kg), [1_270_000, 2_550_000]);
  assert.deepEqual(range(ev.atRisk?.kg), [1_016_000, 2_550_000]);
  assert.equal(ev.reliability, "low");
  assert.match(
    ev.notes.join("\n"),
    /2 sources give the volume differently: 1,270,000 vehicle \(line 5\), 1,275,000/,
  );
});

test("pounds convert exactly and rival F-35 figures give 408–417.3 kg per aircraft", () => {
  const f35 = byKey(small({ region: "WLD" }).endUses, "f35");
  assert.equal(f35.demand?.basis, "RE-metal");
  assert.deepEqual(range(f35.intensity?.kgPerUnit), [408, 920 * LB]);
  assert.equal((920 * LB).toFixed(4), "417.3050");
  assert.deepEqual(range(f35.demand?.kg), [191 * 408, 191 * 920 * LB]);
  assert.deepEqual(range(f35.demandReMetal), [191 * 408, 191 * 920 * LB], "already rare-earth metal");
});

test('a floor (">0.9") and a forecast are carried and labelled, never turned into a point', () => {
  const robot = byKey(small().endUses, "humanoid-robot");
  assert.equal(robot.volume?.kind, "forecast");
  assert.equal(robot.openAbove, true);
  assert.deepEqual(range(robot.demand?.kg), [900, 900]);
  assert.ok(robot.notes.some((n) => n.includes("a forecast, not an outcome")));
  assert.ok(robot.notes.some((n) => n.includes("only a floor")));
});

test("end uses without intensity or volume say no data, never zero", () => {
  const e = small();
  for (const key of ["drone", "missile", "industrial-robot", "smartphone", "f35"]) {
    const u = byKey(e.endUses, key);
    assert.equal(u.demand, null, key);
    assert.equal(u.atRisk, null, key);
    assert.equal(u.rank, null, key);
    assert.ok(u.noData, key);
  }
  assert.equal(byKey(e.endUses, "drone").noData, "no intensity in the data");
  assert.equal(byKey(e.endUses, "smartphone").noData, "no mass per product in the data");
  assert.match(
    byKey(e.endUses, "smartphone").notes.join(),
    /:7 not used: a count \(magnets per phone \(count\)\)/,
  );
  assert.equal(byKey(e.endUses, "f35").noData, "no volume for USA (volumes for WLD)");
});

test("ranking by the midpoint of tonnes at risk as RE metal; rule stated; no-data rows last", () => {
  const e = small();
  const ranked = e.endUses.filter((u) => u.rank !== null).map((u) => [u.rank, u.key]);
  // wind (603.2+832)/2 = 717.6 t > EV (294.64+816)/2 = 555.32 t > robots (720+900)/2 kg.
  assert.deepEqual(ranked, [
    [1, "wind"],
    [2, "ev-traction"],
    [3, "humanoid-robot"],
  ]);
  assert.match(e.rankingRule, /midpoint of the range, largest first; ties keep the end-use table order/);
  const firstNoData = e.endUses.findIndex((u) => u.noData !== null);
  assert.ok(e.endUses.slice(firstNoData).every((u) => u.noData !== null));
  assert.equal(e.total, null);
  assert.equal(e.totalNote, "not summed: the ranked end uses are of different years (2024, 2025)");
});

test("ties keep the table order, and the total sums ranked end uses of one year", () => {
  const a: EndUse = { key: "a", name: "A", product: "pa" };
  const b: EndUse = { key: "b", name: "B", product: "pb" };
  const c: EndUse = { key: "c", name: "C", product: "pc", overlaps: "a" };
  const input = {
    intensities: intensities([
      irow("a", "magnet", 1, 1),
      irow("b", "magnet", 1, 1),
      irow("c", "magnet", 5, 5),
    ]),
    volumes: volumes([vrow("pa", 100), vrow("pb", 100), vrow("pc", 100)]),
    region: "USA",
    dependence: share80to100,
  };
  for (const order of [
    [a, b, c],
    [b, a, c],
  ]) {
    const e = exposure({ ...input, endUses: order });
    assert.deepEqual(
      e.endUses.map((u) => [u.key, u.rank]),
      [
        [order[0]?.key, 1],
        [order[1]?.key, 2],
        ["c", null],
      ],
      "c overlaps a: shown, not ranked",
    );
    assert.deepEqual(range(e.total?.demandReMetal), [200 * 0.29, 200 * 0.32]);
    assert.deepEqual(range(e.total?.atRiskReMetal), [200 * 0.8 * 0.29, 200 * 0.32]);
  }
});

test("months of cover needs an inventory: none by default, months or tonnes when given", () => {
  const none = byKey(small().endUses, "wind");
  assert.equal(none.cover, null);
  assert.equal(none.coverNote, "not computed: give an inventory (months of demand or tonnes)");

  const months = byKey(small({ inventory: { kind: "months", months: 2 } }).endUses, "wind");
  assert.deepEqual(months.cover?.ofShortfall, { lo: 2 / 1, hi: 2 / 0.8 });
  assert.deepEqual(range(months.cover?.ofDemand), [2, 2]);

  const inv = { kind: "mass", endUse: "wind", basis: "magnet", kg: 1_300_000 } as const;
  const mass = small({ inventory: inv }).endUses;
  // 1,300 t ÷ (2,600 t / 12) = 6 months of demand; ÷ 0.8–1 of it at risk = 6–7.5 months.
  assert.deepEqual(byKey(mass, "wind").cover?.ofShortfall, { lo: 6, hi: 7.5 });
  assert.equal(byKey(mass, "ev-traction").cover, null, "the tonnage is for wind only");

  const wrongBasis = small({ inventory: { ...inv, basis: "REO" } });
  assert.equal(
    byKey(wrongBasis.endUses, "wind").coverNote,
    "not computed: the inventory is in kg REO, the demand in kg magnet",
  );

  const maybeZero = exposure({
    intensities: loadIntensities(`${FIX}/intensities-small.csv`),
    volumes: loadVolumes(`${FIX}/volumes-small.csv`),
    region: "USA",
    dependence: assumedDependence(between(0, 0.5), "test"),
    inventory: { kind: "months", months: 3 },
  });
  assert.deepEqual(
    byKey(maybeZero.endUses, "wind").cover?.ofShortfall,
    { lo: 6, hi: null },
    "no upper bound",
  );
});

test("--year picks that year's volumes; a year without them is no data with the years there are", () => {
  const e = small({ year: 2024 });
  assert.deepEqual(range(byKey(e.endUses, "ev-traction").volume?.count), [1_301_411, 1_301_411]);
  assert.equal(
    byKey(small({ year: 2023 }).endUses, "wind").noData,
    "no volume for USA in 2023 (years: 2024)",
  );
});

test("property: demand and tonnes at risk contain every product of points drawn from the input ranges", () => {
  const rng = fc.tuple(
    fc.double({ min: 0, max: 1e4, noNaN: true }),
    fc.double({ min: 0, max: 1e4, noNaN: true }),
  );
  const frac = fc.tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  );
  fc.assert(
    fc.property(rng, rng, frac, fc.double({ min: 0, max: 1, noNaN: true }), (ik, vc, sh, t) => {
      const [ilo, ihi] = [Math.min(...ik), Math.max(...ik)];
      const [vlo, vhi] = [Math.min(...vc), Math.max(...vc)];
      const share = between(sh[0], sh[1]);
      const e = exposure({
        intensities: intensities([irow("x", "magnet", ilo, ihi)]),
        volumes: volumes([vrow("px", vlo), vrow("px", vhi)]),
        region: "USA",
        dependence: { ...share80to100, share },
        endUses: [{ key: "x", name: "X", product: "px" }],
      });
      const u = e.endUses[0] as EndUseExposure;
      const d = u.demand?.kg as Interval;
      const r = u.atRisk?.kg as Interval;
      const pick = (lo: number, hi: number) => lo + t * (hi - lo);
      const prod = pick(ilo, ihi) * pick(vlo, vhi);
      const slack = 1e-9 * Math.max(1, d.hi);
      assert.ok(d.lo <= d.hi && d.lo - slack <= prod && prod <= d.hi + slack);
      const atRisk = prod * pick(share.lo, share.hi);
      assert.ok(r.lo - slack <= atRisk && atRisk <= r.hi + slack);
      assert.ok(r.hi <= d.hi + slack, "never more at risk than demanded");
      const re = u.demandReMetal as Interval;
      assert.ok(re.lo <= d.lo * 0.29 + slack && re.hi + slack >= d.hi * 0.32);
    }),
  );
});

test("mixing material bases is a compile error; conversion goes through a cited factor", () => {
  const needsOxide = (m: Mass<"REO">): number => m;
  const magnet = massOf("magnet", 650);
  // @ts-expect-error: magnet kilograms are not oxide kilograms
  needsOxide(magnet);
  // @ts-expect-error: adding magnet to oxide needs a BasisFactor first
  addMass(massRange("magnet", point(1)), massRange("REO", point(1)));
  // @ts-expect-error: a magnet→RE-metal factor does not apply to oxide
  convertRange(massRange("REO", point(1)), MAGNET_TO_RE_METAL);
  // @ts-expect-error: convertBasis checks the basis of what it converts
  convertBasis(massOf("REO", 1), MAGNET_TO_RE_METAL);
  const oxide = convertBasis(convertBasis(magnet, MAGNET_TO_RE_METAL), RE_METAL_TO_REO);
  assert.equal(needsOxide(oxide), 650 * 0.3 * 1.1664);
  assert.deepEqual(range(toReMetal({ basis: "magnet", kg: massRange("magnet", point(1000)) })), [290, 320]);
  assert.equal(toReMetal({ basis: "Nd", kg: massRange("Nd", point(1)) }), null, "no sourced Nd→RE factor");
});

test("bad input gives file:line: field: reason", async () => {
  const bad = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof ImportError, String(e));
      return e.message;
    }
    assert.fail("expected an ImportError");
  };
  assert.equal(
    bad(() => loadIntensities(`${FIX}/intensities-bad-unit.csv`)),
    `${FIX}/intensities-bad-unit.csv:3: unit: "kg per fortnight" is not a mass per product (e.g. "kg per vehicle", "lb per aircraft", "kg per MW")`,
  );
  assert.equal(
    bad(() => loadVolumes(`${FIX}/volumes-bad-year.csv`)),
    `${FIX}/volumes-bad-year.csv:3: year: "2020-2023" is not a year (YYYY)`,
  );
  const ih = "end_use,intensity,intensity_low,intensity_high,unit,material,reliability,source_url\n";
  const cases: [string, string][] = [
    ["wind,-5,,,kg per MW,NdFeB magnet,high,u", "intensity: -5 is negative"],
    ["wind,,500,,kg per MW,NdFeB magnet,high,u", "intensity_high: is empty: give both ends of the range"],
    ["wind,,850,625,kg per MW,NdFeB magnet,high,u", "intensity_low: 850 is above intensity_high 625"],
    [
      "wind,,,,kg per MW,NdFeB magnet,high,u",
      "intensity: is empty: give intensity, or intensity_low and intensity_high",
    ],
    [
      "wind,500,,,kg per MW,unobtainium,high,u",
      'material: "unobtainium" is not a material basis (NdFeB magnet, rare earth, REO, RE-metal, Nd, Dy…)',
    ],
    ["wind,500,,,kg per MW,NdFeB magnet,sure,u", 'reliability: "sure" is not high, medium or low'],
  ];
  for (const [row, reason] of cases) {
    const f = writeTemp("i.csv", `${ih}${row}\n`);
    assert.equal(
      bad(() => loadIntensities(f)),
      `${f}:2: ${reason}`,
    );
  }
  const unknown = writeTemp("i.csv", `${ih}wind-farm,500,,,kg per MW,NdFeB magnet,high,u\n`);
  assert.match(
    bad(() => loadIntensities(unknown)),
    /^.*i\.csv:2: end_use: unknown end use "wind-farm": use a key \(ev-traction, /,
  );

  const vh = "end_use,region,year,volume,unit,reliability,source_url\n";
  const vcases: [string, string][] = [
    ["ev,ZZZ,2024,5,vehicles,high,u", 'region: unknown country or aggregate code "ZZZ"'],
    ["ev,USA,2024,abc,vehicles,high,u", 'volume: "abc" is not a number'],
    ["ev,USA,2024,-3,vehicles,high,u", "volume: -3 is negative"],
    [
      "ev,USA,2024,5,% of sales,high,u",
      'unit: "% of sales" is not a count of products (vehicles, GW, MW, aircraft, robots, turbines…)',
    ],
    ["evs,USA,2024,5,vehicles,high,u", 'end_use: unknown product "evs": use a key (ev, hybrid-vehicle, '],
  ];
  for (const [row, reason] of vcases) {
    const f = writeTemp("v.csv", `${vh}${row}\n`);
    const msg = bad(() => loadVolumes(f));
    assert.ok(msg.startsWith(`${f}:2: ${reason}`), msg);
  }
  const missing = writeTemp("v.csv", "end_use,region,year\nev,USA,2024\n");
  assert.equal(
    bad(() => loadVolumes(missing)),
    `${missing}:1: missing columns: volume, unit, reliability, source_url`,
  );
});

test("every bundled row is used or listed as not used with its reason", () => {
  const i = loadIntensities();
  const v = loadVolumes();
  assert.equal(i.rows.length + i.skipped.length, 32, "rows 2–33 of magnet_demand_intensity.csv");
  assert.equal(v.rows.length + v.skipped.length, 37, "rows 2–38 of end_use_volumes.csv");
  assert.ok([...i.skipped, ...v.skipped].every((s) => s.reason.length > 0));
  assert.deepEqual(
    v.skipped.map((s) => s.line),
    [7, 19, 20, 21, 27, 33],
    "share, 2035 unclear, cumulative, installed base, capacity, half-year",
  );
  // Every end use of the table appears in the result, data or not.
  const e = exposure({ intensities: i, volumes: v, region: "WLD", dependence: share80to100 });
  assert.deepEqual(e.endUses.map((u) => u.key).sort(), END_USES.map((u) => u.key).sort());
});

test("bundled data: the figures the README quotes", () => {
  const dependence = chinaMagnetDependence(loadStageShares());
  assert.deepEqual(range(dependence?.share), [0.8, 1], "rival >80% / >90% / 93% for 2025");
  const run = (region: string) =>
    exposure({ intensities: loadIntensities(), volumes: loadVolumes(), region, dependence });
  const usa = run("USA");
  const wind = byKey(usa.endUses, "wind");
  assert.deepEqual([wind.year, ...(range(wind.demand?.kg) ?? [])], [2024, 2_600_000, 2_600_000]);
  const ev = byKey(usa.endUses, "ev-traction");
  assert.deepEqual([ev.year, ...(range(ev.demand?.kg) ?? [])], [2025, 1_270_000, 2_550_000]);
  assert.deepEqual(
    ev.alternatives.map((a) => [a.demand.basis, a.demand.kg.lo, a.demand.kg.hi]),
    [["Nd", 1_270_000, 3_825_000]],
    "the 1–3 kg 'neodymium (as stated)' row stays on its own basis",
  );
  assert.equal(byKey(usa.endUses, "f35").noData, "no volume for USA (volumes for WLD)");

  const wld = run("WLD");
  const f35 = byKey(wld.endUses, "f35");
  assert.deepEqual([f35.year, ...(range(f35.demand?.kg) ?? [])], [2025, 191 * 408, 191 * 920 * LB]);
  assert.deepEqual(range(byKey(wld.endUses, "wind").demand?.kg), [117_000 * 500, 117_000 * 500]);
  assert.deepEqual(range(byKey(wld.endUses, "ev-traction").demand?.kg), [20_700_000, 41_400_000]);
  const robots = byKey(wld.endUses, "humanoid-robot");
  assert.deepEqual(
    [robots.volume?.kind, ...(range(robots.demand?.kg) ?? [])],
    ["forecast", 18_000 * 0.9, 18_000 * 0.9],
  );
  assert.deepEqual(
    wld.endUses.filter((u) => u.rank !== null).map((u) => u.key),
    ["wind", "ev-traction", "f35", "humanoid-robot"],
  );
  // 2024's world EV sales: IEA 17.3 M, Rho Motion 17 M and a 13.6 M of unclear scope.
  const v = loadVolumes();
  assert.deepEqual(range(volumeFor(v.rows, "ev", "WLD", 2024)?.count), [13_600_000, 17_300_000]);
  // 2025: the actual 20.7 M wins over the IEA's "more than 20 M" projection.
  assert.deepEqual(range(volumeFor(v.rows, "ev", "WLD", 2025)?.count), [20_700_000, 20_700_000]);
});

function capture(): Output & { text: () => string } {
  const chunks: string[] = [];
  return {
    out: (t) => void chunks.push(t),
    err: (t) => void chunks.push(t),
    color: false,
    isTTY: false,
    text: () => chunks.join("\n"),
  };
}

async function cli(args: string[]) {
  const io = capture();
  const program = new Command("lodestone").option("--json").exitOverride();
  const risk = program.command("risk").exitOverride();
  registerExposure(risk, () => program.opts(), io);
  for (const c of risk.commands) c.exitOverride();
  await program.parseAsync(["risk", "exposure", ...args], { from: "user" });
  return io.text();
}

test("risk exposure prints the ranked table with bars, no-data rows, rules and sources", async () => {
  const out = await cli(["--region", "USA"]);
  assert.match(out, /^Magnet demand by end use and China exposure — United States \(USA\)$/m);
  assert.match(out, /^China's share: 80–100% ████████▒▒ — China's share of rare-earth magnet$/m);
  assert.match(
    out,
    /^1 +wind turbines, all types +2024 +5\.2 GW +500 kg magnet\/MW +2,600 t magnet +████████▒▒ 80–100% +2,080–2,600 t magnet +603–832 t +– +medium$/m,
  );
  assert.match(
    out,
    /^2 +EV traction motors +2025 +1,270,000–1,275,000 vehicles +1–2 kg magnet\/vehicle +1,270–2,550 t magnet .* 295–816 t +– +low$/m,
  );
  assert.match(out, /^ {2}F-35 Lightning II: no volume for USA \(volumes for WLD\)$/m);
  assert.match(out, /^ {2}drones: no intensity in the data$/m);
  assert.match(out, /^Inventory: none given — months of cover not computed/m);
  assert.match(
    out,
    /^ {2}Neodymium oxide 99\.5%: 56 USD\/kg in 2024 \(est\.\), −28\.2% y\/y, −58\.2% vs the 2022 peak$/m,
  );
  assert.match(out, /^ {2}\[\d+\] https:\/\/renewableenergymagazine\.com\/wind\//m);
});

test("risk exposure for the world with an inventory: F-35 408–417 kg per aircraft and cover in months", async () => {
  const out = await cli(["--inventory-months", "2"]);
  assert.match(
    out,
    /^3 +F-35 Lightning II +2025 +191 aircraft +408–417\.3 kg RE metal\/aircraft +77\.9–79\.7 t RE metal .* 62\.3–79\.7 t +2–2\.5 mo +low$/m,
  );
  assert.match(out, /^4 +humanoid robots +2025 f +18,000 robots +0\.9 kg RE metal\/robot +16\.2 t RE metal/m);
  const json = JSON.parse(await cli(["--json", "--end-use", "f35"]));
  assert.equal(json.endUses.length, 1);
  assert.deepEqual(json.endUses[0].demand, { basis: "RE-metal", kg: { lo: 191 * 408, hi: 191 * 920 * LB } });
  assert.ok(json.oxidePrices.some((p: { name: string }) => p.name === "Terbium oxide 99.99%"));
});

test("risk exposure reads the user's own files and refuses bad options as usage errors", async () => {
  const out = await cli([
    "--region",
    "USA",
    "--intensities",
    `${FIX}/intensities-small.csv`,
    "--volumes",
    `${FIX}/volumes-small.csv`,
    "--china-share",
    "70",
  ]);
  assert.match(
    out,
    /Inputs: test\/fixtures\/risk\/intensities-small\.csv; test\/fixtures\/risk\/volumes-small\.csv/,
  );
  assert.match(out, /^1 +wind turbines, all types .* ███████··· 70% +1,820 t magnet/m);
  await assert.rejects(
    cli(["--inventory-t", "100"]),
    (e) => e instanceof UsageError && /needs --end-use/.test(e.message),
  );
  const f35 = await cli(["--end-use", "f35", "--inventory-t", "20", "--inventory-basis", "RE-metal"]);
  // 20 t ÷ (77.9–79.7 t / 12) = 3.01–3.08 months of demand; ÷ China's 80–100% = 3.01–3.85 months.
  assert.match(f35, /^Inventory: 20 t RE metal for f35 \(your assumption\)/m);
  assert.match(f35, /^1 +F-35 Lightning II .* 3–3\.8 mo +low$/m);
  const wrongBasis = await cli(["--end-use", "f35", "--inventory-t", "20"]);
  assert.match(
    wrongBasis,
    /F-35 Lightning II: cover not computed: the inventory is in kg magnet, the demand in kg RE-metal/,
  );
  await assert.rejects(
    cli(["--end-use", "f35", "--inventory-t", "20", "--inventory-basis", "oxide"]),
    UsageError,
  );
  await assert.rejects(cli(["--year", "25"]), UsageError);
  await assert.rejects(cli(["--end-use", "toaster"]), UsageError);
  await assert.rejects(cli(["--china-share", "120"]), UsageError);
  await assert.rejects(cli(["--volumes", `${FIX}/volumes-bad-year.csv`]), ImportError);
  const text = renderExposure(small());
  assert.match(
    text,
    /^3 +humanoid robots +2025 f +1,000 robots +0\.9\+ kg RE metal\/robot +0\.9\+ t RE metal/m,
  );
});

// Synthetic rows for kernel tests: one source, one region (USA), one year (2024).
function irow(endUse: string, basis: MaterialBasis, lo: number, hi: number): IntensityRow {
  return {
    line: 2,
    label: endUse,
    endUse,
    basis,
    material: basis,
    unit: "unit",
    statedUnit: "kg per unit",
    kgPerUnit: between(lo, hi),
    openAbove: false,
    reliability: "high",
    source: { url: "u", date: "", file: "f", line: 2 },
    note: "",
  };
}

function vrow(product: string, count: number): VolumeRow {
  return {
    line: 2,
    label: product,
    product,
    role: "total",
    region: "USA",
    year: 2024,
    count,
    unit: "unit",
    statedUnit: "units",
    openAbove: false,
    kind: "actual",
    reliability: "high",
    source: { url: "u", date: "", file: "f", line: 2 },
    note: "",
  };
}

function intensities(rows: IntensityRow[]): Intensities {
  return { file: "f", rows, skipped: [] };
}

function volumes(rows: VolumeRow[]): Volumes {
  return { file: "f", rows, skipped: [] };
}
