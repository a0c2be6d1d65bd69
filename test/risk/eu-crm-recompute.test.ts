import { test } from "node:test";
import assert from "node:assert/strict";
import { Command } from "commander";
import { ImportError, LodestoneError, UsageError } from "../../src/errors.js";
import { scaleWgi } from "../../src/risk/eu-crm.js";
import {
  readPublishedCrm,
  readWgi,
  readWhatIf,
  type PublishedCrm,
  type WgiTable,
} from "../../src/risk/eu-crm-inputs.js";
import {
  recomputeEuCrm,
  recomputeFrom,
  type RecomputeData,
  type Recomputation,
} from "../../src/risk/eu-crm-recompute.js";
import { point, type Interval } from "../../src/risk/interval.js";
import { loadStageShares, type StageShares } from "../../src/risk/stage-data.js";
import { registerCrm } from "../../src/cli/commands/risk/crm.js";
import { writeTemp } from "../helpers/store.js";

const nearI = (actual: Interval | null | undefined, lo: number, hi: number, eps = 1e-12) => {
  assert.ok(actual, "interval is null");
  assert.ok(
    Math.abs(actual.lo - lo) <= eps && Math.abs(actual.hi - hi) <= eps,
    `${JSON.stringify(actual)} ≠ [${lo}, ${hi}]`,
  );
};

// ---------------------------------------------------------------------------------------------
// Fixtures: two stages with known shares, governance with round scores, published rows.

const stage = (s: Partial<StageShares> & Pick<StageShares, "stage">): StageShares => ({
  year: null,
  basis: "",
  entries: [],
  remainder: point(1),
  noData: true,
  sources: [],
  notes: [],
  ...s,
});

const SHARES: StageShares[] = [
  stage({
    stage: "mining",
    year: 2020,
    basis: "mine production (fixture)",
    entries: [
      { country: "CHN", share: point(0.6), source: "fixture M" },
      { country: "AUS", share: point(0.4), source: "fixture M" },
    ],
    remainder: point(0),
    noData: false,
    sources: ["fixture M"],
  }),
  stage({
    stage: "separation",
    year: 2021,
    basis: "refined output (fixture)",
    entries: [
      { country: "CHN", share: point(0.9), source: "fixture S" },
      { country: "MYS", share: point(0.05), source: "fixture S" },
    ],
    remainder: point(0.05),
    noData: false,
    sources: ["fixture S"],
  }),
  stage({ stage: "metal" }),
  stage({ stage: "magnet" }),
];

// WGI means −0.5, +1.5, +0.5 → scaled 6, 2, 4.
const country = (c: string, mean: number) => ({
  country: c,
  year: 2022,
  indicators: { VA: mean, PV: mean, GE: mean, RQ: mean, RL: mean, CC: mean },
  mean,
  scaled: scaleWgi(mean),
  line: 2,
});
const WGI: WgiTable = {
  file: "fixture-wgi.csv",
  year: 2022,
  countries: { CHN: country("CHN", -0.5), AUS: country("AUS", 1.5), MYS: country("MYS", 0.5) },
  sources: ["fixture"],
};

const row = (material: string, line: number, p: Partial<PublishedCrm> = {}): PublishedCrm => ({
  file: "fixture-pub.csv",
  line,
  material,
  sr: 4.5,
  ei: 7.2,
  stageUsed: "extraction",
  srExtraction: 4.5,
  srProcessing: 3.7,
  siEi: 0.97,
  siSr: 0.99,
  irExtraction: 0.8,
  irProcessing: 1,
  eolRir: 0.01,
  basis: { extraction: "GS+EU", processing: "GSonly" },
  source: "fixture",
  sourceDate: "2023",
  note: "",
  ...p,
});

const DATA: RecomputeData = {
  stageShares: SHARES,
  wgi: WGI,
  published: [
    row("Neodymium", 5),
    row("LREE", 2, { siSr: null, sr: 3.7, stageUsed: "processing", srExtraction: null, srProcessing: 3.58 }),
    row("Samarium", 7, { siSr: 0.97 }),
  ],
};

test("Nd from fixture shares, number by number, beside the published SR with the difference", () => {
  const [nd] = recomputeFrom(DATA, { materials: ["nd"] });
  assert.ok(nd);
  assert.equal(nd.material, "Neodymium");
  const [ext, proc] = nd.result.stages;
  // extraction: 0.6²·6 + 0.4²·2 = 2.16 + 0.32 = 2.48; SR = 2.48 · (1 − 0.01) · 0.99 = 2.430648
  assert.equal(ext?.basis, "GSonly");
  nearI(ext?.hhiGlobal?.value, 2.48, 2.48);
  nearI(ext?.sr, 2.430648, 2.430648);
  // processing: 0.9²·6 + 0.05²·4 = 4.86 + 0.01 = 4.87 at least; the 5% remainder adds up to
  // 0.05 · min(0.05, 0.05) · 10 = 0.025 → 4.895; SR = [4.87, 4.895] · 0.9801
  nearI(proc?.hhiGlobal?.value, 4.87, 4.895);
  nearI(proc?.hhiGlobal?.remainder.term, 0, 0.025);
  nearI(proc?.sr, 4.773087, 4.7975895);
  nearI(nd.result.sr, 4.773087, 4.7975895);
  assert.deepEqual(nd.result.bottleneck, ["processing"]);
  // difference from the published 4.5, and per stage from 4.5 and 3.7
  nearI(nd.difference, 0.273087, 0.2975895, 1e-12);
  nearI(nd.stages[0]?.difference, 2.430648 - 4.5, 2.430648 - 4.5);
  nearI(nd.stages[1]?.difference, 4.773087 - 3.7, 4.7975895 - 3.7, 1e-12);
  // EI as published, and the verdict with it
  assert.deepEqual(nd.ei, { value: 7.2, source: "fixture-pub.csv:5" });
  assert.deepEqual(nd.result.ei, { kind: "given", value: point(7.2), source: "fixture-pub.csv:5" });
  assert.equal(nd.result.verdict, "critical");
  assert.equal(nd.publishedCheck.verdict, "critical");
});

test("each difference comes with its reasons: the sourcing stand-in, the years, the bottleneck", () => {
  const [nd] = recomputeFrom(DATA, { materials: ["Neodymium"] });
  assert.deepEqual(nd?.reasons, [
    "extraction: EU sourcing shares are not bundled, so global supply stands in for them; the EU used GS+EU, where EU sourcing carries weight 1 − IR/2 = 0.60.",
    "5.0% of processing supply is unexplained in the bundled shares: it is bounded (none, up to producers no larger than the smallest listed one with governance 0–10), which widens SR.",
    "processing: the EU also used global supply only (GSonly).",
    "Years: the bundled shares are for extraction 2020, processing 2021 and governance for 2022; the EU's 2023 assessment averaged earlier years (mostly 2016–2020).",
    "The bundled shares are of all rare earths (mine output in t REO; refined output), not of Neodymium: element- and group-specific country shares are not bundled.",
    "t = 1 for every supplier: no trade-restriction factors are bundled (the EU's 2023 factors list none for rare earths); export licensing since 2023 is not in t — try a what-if with t.",
    "The EU's bottleneck stage was extraction; here it is processing.",
  ]);
});

test("every input states its source and range", () => {
  const [nd] = recomputeFrom(DATA, { materials: ["Nd"] });
  const by = new Map(nd?.inputs.map((i) => [i.input, i]));
  assert.deepEqual(by.get("IR extraction"), {
    input: "IR extraction",
    range: point(0.8),
    unit: "fraction",
    source: "fixture-pub.csv:5 (EU 2023, published)",
  });
  assert.equal(
    by.get("extraction shares (2 countries, mine production (fixture), 2020)")?.source,
    "fixture M",
  );
  nearI(by.get("processing shares (2 countries, refined output (fixture), 2021)")?.range, 0.95, 0.95);
  nearI(by.get("WGI scaled (3 supplier countries, mean of six, 2022)")?.range, 2, 6);
  assert.equal(by.get("t (trade-restriction factors)")?.source, "none bundled: 1 for every supplier");
  assert.equal(by.get("EI")?.source, "fixture-pub.csv:5 (as published)");
});

test("a group without its own SI_SR takes its members' range, and says so", () => {
  const [lree] = recomputeFrom(DATA, { materials: ["LREE"] });
  nearI(lree?.input.siSr, 0.97, 0.99);
  // processing: [4.87 · 0.99 · 0.97, 4.895 · 0.99 · 0.99]
  nearI(lree?.result.stages[1]?.sr, 4.87 * 0.99 * 0.97, 4.895 * 0.99 * 0.99, 1e-12);
  assert.ok(
    lree?.reasons.includes(
      "SI_SR is blank for LREE in the published file: the range of its members' SI_SR (0.97–0.99, 2 members) is used.",
    ),
  );
  // The published LREE row is not self-consistent (SR 3.7, processing SR 3.58): reported, not fixed.
  assert.ok(
    lree?.reasons.includes(
      "The published figures disagree among themselves: SR 3.7 vs the processing SR 3.58 (the only stage given).",
    ),
  );
});

test("what-if: a new non-Chinese refinery lowers processing SR, number by number", () => {
  const f = writeTemp(
    "w.csv",
    "material,stage,field,country,value,note\nNd,processing,share,CHN,75,\nNd,separation,share,AUS,15,a new refinery\n",
  );
  const [nd] = recomputeFrom(DATA, { materials: ["Nd"], whatIf: readWhatIf(f) });
  const w = nd?.whatIf;
  assert.ok(w);
  assert.deepEqual(
    w.changes.map((c) => c.line),
    [2, 3],
  );
  // CHN 75%, MYS 5%, AUS 15%, 5% unexplained: 0.5625·6 + 0.0025·4 + 0.0225·2 = 3.43, + 0.025 at most
  const proc = w.result.stages[1];
  nearI(proc?.hhiGlobal?.value, 3.43, 3.455, 1e-12);
  nearI(proc?.sr, 3.43 * 0.9801, 3.455 * 0.9801, 1e-12);
  nearI(w.result.sr, 3.43 * 0.9801, 3.455 * 0.9801, 1e-12);
  nearI(w.srChange, 3.43 * 0.9801 - 4.773087, 3.455 * 0.9801 - 4.7975895, 1e-12);
  // The baseline is untouched.
  nearI(nd?.result.sr, 4.773087, 4.7975895);
});

test("unknown materials are refused, in the options and in a what-if file", () => {
  assert.throws(() => recomputeFrom(DATA, { materials: ["Fe"] }), LodestoneError);
  const f = writeTemp("w.csv", "material,stage,field,country,value\nIron,processing,share,CHN,75\n");
  assert.throws(
    () => recomputeFrom(DATA, { materials: ["Nd"], whatIf: readWhatIf(f) }),
    (e: Error) => e.message === `${f}:2: material: "Iron" is not one of LREE, HREE, Nd, Pr, Sm, Dy, Tb`,
  );
});

test("a stage without bundled shares is not recomputed, and the result says so", () => {
  const data = {
    ...DATA,
    stageShares: SHARES.map((s) => (s.stage === "mining" ? stage({ stage: "mining" }) : s)),
  };
  const [nd] = recomputeFrom(data, { materials: ["Nd"] });
  assert.deepEqual(
    nd?.result.stages.map((s) => s.stage),
    ["processing"],
  );
  assert.equal(nd?.stages[0]?.recomputed, null);
  assert.ok(nd?.reasons[0]?.startsWith("No bundled country shares for extraction (mining)"));
});

// ---------------------------------------------------------------------------------------------
// Against the bundled data

test("bundled data, 2023: SR of Nd derived by hand from the shares and WGI equals the recomputation", () => {
  const recs = recomputeEuCrm({ year: 2023 });
  assert.deepEqual(
    recs.map((r) => r.material),
    ["LREE", "HREE", "Neodymium", "Praseodymium", "Samarium", "Dysprosium", "Terbium"],
  );
  const wgi = readWgi();
  const shares = loadStageShares({ year: 2023 });
  const nd = recs.find((r) => r.material === "Neodymium") as Recomputation;
  const pub = readPublishedCrm().find((p) => p.material === "Neodymium") as PublishedCrm;
  const f = (1 - pub.eolRir) * (pub.siSr as number);
  const mining = shares.find((s) => s.stage === "mining") as StageShares;
  const hhiMining = mining.entries.reduce(
    (s, e) => s + e.share.lo ** 2 * (wgi.countries[e.country]?.scaled ?? NaN),
    0,
  );
  // the unexplained remainder (USGS's "other countries" and rounding) adds up to r·min(r, s_min)·10
  const r = mining.remainder.hi;
  const sMin = Math.min(...mining.entries.map((e) => e.share.hi));
  assert.ok(r > 0 && r < 0.01);
  nearI(nd.result.stages[0]?.sr, hhiMining * f, (hhiMining + r * Math.min(r, sMin) * 10) * f, 1e-12);
  // processing 2023: China 92%, Malaysia 5%, 3% unexplained (up to 0.03 · 0.03 · 10)
  const chn = wgi.countries.CHN?.scaled as number;
  const mys = wgi.countries.MYS?.scaled as number;
  const lo = 0.92 ** 2 * chn + 0.05 ** 2 * mys;
  nearI(nd.result.stages[1]?.sr, lo * f, (lo + 0.03 * 0.03 * 10) * f, 1e-9);
  // rounded, as the report quotes them
  const r2 = (r: Recomputation) => `${r.result.sr.lo.toFixed(2)}–${r.result.sr.hi.toFixed(2)}`;
  assert.deepEqual(
    recs.map((r) => [r.material, r.published.sr, r2(r)]),
    [
      ["LREE", 3.7, "4.55–4.65"],
      ["HREE", 5.1, "2.76–4.69"],
      ["Neodymium", 4.5, "4.64–4.65"],
      ["Praseodymium", 3.2, "4.59–4.60"],
      ["Samarium", 3.5, "4.59–4.60"],
      ["Dysprosium", 5.6, "4.64–4.65"],
      ["Terbium", 4.9, "4.31–4.32"],
    ],
  );
  for (const r of recs) {
    nearI(r.difference, r.result.sr.lo - r.published.sr, r.result.sr.hi - r.published.sr);
    assert.ok(
      r.reasons.some((x) => x.includes("global supply stands in") || x.includes("global supply only")),
    );
    assert.deepEqual(r.result.ei, { kind: "given", value: point(r.published.ei), source: r.ei.source });
  }
});

test("bundled data, latest years: every recomputation is a range with lo ≤ hi and a verdict", () => {
  for (const r of recomputeEuCrm()) {
    assert.ok(r.result.sr.lo <= r.result.sr.hi);
    assert.ok(r.result.sr.lo > 0);
    assert.ok(["critical", "not critical", "undetermined"].includes(r.result.verdict));
  }
});

// ---------------------------------------------------------------------------------------------
// The command

function runCrm(args: string[]): string {
  const program = new Command("lodestone").option("--json").exitOverride();
  const risk = program.command("risk");
  registerCrm(risk, () => program.opts());
  let out = "";
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    program.parse(["risk", "crm", ...args], { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test("risk crm --material Dy --json has the method, thresholds and every intermediate", () => {
  const j = JSON.parse(runCrm(["--material", "Dy", "--year", "2023", "--json"]));
  assert.match(j.method, /doi:10\.2873\/769526/);
  assert.deepEqual(j.thresholds, { sr: 1, ei: 2.8 });
  assert.equal(j.recomputations.length, 1);
  const dy = j.recomputations[0];
  assert.equal(dy.material, "Dysprosium");
  assert.equal(dy.published.sr, 5.6);
  assert.equal(dy.result.stages[1].hhiGlobal.terms[0].country, "CHN");
  assert.equal(dy.result.stages[1].hhiGlobal.terms[0].share.lo, 0.92);
  assert.equal(dy.result.sr.lo.toFixed(2), "4.64");
  assert.ok(dy.inputs.every((i: { source: string }) => i.source.length > 0));
});

test("risk crm in text: the comparison table, reasons and sources; a what-if line", () => {
  const f = writeTemp("w.csv", "material,stage,field,country,value,note\nDy,processing,share,CHN,80,\n");
  const out = runCrm(["--material", "dysprosium", "--year", "2023", "--what-if", f]);
  assert.match(
    out,
    /Dysprosium \(Dy\)\s+5\.6\s+4\.64–4\.65\s+−0\.96 to −0\.95\s+processing \/ processing\s+7\.8\s+critical \/ critical/,
  );
  assert.match(out, /What-if \(.*w\.csv lines 2\): SR 4\.64–4\.65 → /);
  assert.match(out, /global supply stands in|global supply only/);
  assert.match(out, /source|data\/reference\/wgi\.csv/);
});

test("risk crm: an unknown material is a usage error; a bad what-if file is a located error", () => {
  assert.throws(() => runCrm(["--material", "Fe"]), UsageError);
  const f = writeTemp("w.csv", "material,stage,field,country,value\nDy,processing,share,CHN,-3\n");
  assert.throws(
    () => runCrm(["--what-if", f]),
    (e: Error) => e instanceof ImportError && e.message === `${f}:2: value: share -3% is negative`,
  );
});

test("a range in a what-if share gives a range of SR", () => {
  const f = writeTemp("w.csv", "material,stage,field,country,value\nNd,processing,share,CHN,70-80\n");
  const [nd] = recomputeFrom(DATA, { materials: ["Nd"], whatIf: readWhatIf(f) });
  const p = nd?.whatIf?.result.stages[1];
  // CHN 70–80%, MYS 5%: remainder 15–25%; hi = 0.8²·6 + 0.05²·4 + 0.25·min(0.25, 0.05)·10
  nearI(p?.hhiGlobal?.value, 0.49 * 6 + 0.01, 0.64 * 6 + 0.01 + 0.25 * 0.05 * 10, 1e-12);
  nearI(p?.hhiGlobal?.remainder.share, 0.15, 0.25, 1e-12);
});
