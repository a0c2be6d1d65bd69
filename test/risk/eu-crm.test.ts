import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ImportError } from "../../src/errors.js";
import {
  checkPublished,
  classify,
  euCrm,
  hhiWgiT,
  scaleWgi,
  sourcingOf,
  unscaleWgi,
  type CrmInput,
  type CountryShare,
  type Sourcing,
} from "../../src/risk/eu-crm.js";
import {
  applyWhatIf,
  readCritmatResults,
  readPublishedCrm,
  readWgi,
  readWhatIf,
} from "../../src/risk/eu-crm-inputs.js";
import { between, point, type Interval } from "../../src/risk/interval.js";
import { writeTemp } from "../helpers/store.js";

const near = (actual: number, expected: number, eps = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} ≠ ${expected}`);
const nearI = (actual: Interval | null | undefined, lo: number, hi: number, eps = 1e-12) => {
  assert.ok(actual, "interval is null");
  assert.ok(
    Math.abs(actual.lo - lo) <= eps && Math.abs(actual.hi - hi) <= eps,
    `${JSON.stringify(actual)} ≠ [${lo}, ${hi}]`,
  );
};
const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${String(e)}`);
    return e.message;
  }
  return assert.fail("expected an ImportError");
};
const shares = (pairs: [string, number][]): CountryShare[] =>
  pairs.map(([country, s]) => ({ country, share: point(s) }));

// ---------------------------------------------------------------------------------------------
// (a) A hand-worked case: global and EU sourcing differ, IR < 1, EOL_RIR > 0, t ≠ 1.

// Governance: WGI means −0.5 (CHN), +1.5 (AUS), +0.5 (MYS) → 10 − 2·(mean + 2.5) = 6, 2, 4.
const WGI = { CHN: scaleWgi(-0.5), AUS: scaleWgi(1.5), MYS: scaleWgi(0.5) };

const HAND: CrmInput = {
  material: "Handium",
  wgi: WGI,
  eolRir: point(0.1),
  siSr: point(0.95),
  stages: [
    {
      stage: "extraction",
      basis: "GS+EU",
      ir: point(0.8),
      global: sourcingOf(
        shares([
          ["CHN", 0.6],
          ["AUS", 0.4],
        ]),
      ),
      eu: sourcingOf(
        shares([
          ["AUS", 0.7],
          ["CHN", 0.3],
        ]),
      ),
    },
    {
      stage: "processing",
      basis: "GS+EU",
      ir: point(0.6),
      global: sourcingOf(
        shares([
          ["CHN", 0.8],
          ["MYS", 0.2],
        ]),
        { t: { CHN: 1.1 } },
      ),
      eu: sourcingOf(
        shares([
          ["CHN", 0.5],
          ["AUS", 0.3],
          ["MYS", 0.2],
        ]),
        { t: { CHN: 1.1, AUS: 0.8 } },
      ),
    },
  ],
  ei: {
    kind: "computed",
    sectors: [
      { name: "C29 Motor vehicles", share: point(0.6), valueAdded: 200 },
      { name: "C27 Electrical equipment", share: point(0.4), valueAdded: 100 },
    ],
    valueAddedMax: 400,
    siEi: point(0.9),
  },
};

test("scaleWgi is 10 − 2·(mean + 2.5): −2.5 → 10 (worst), +2.5 → 0, and the hand case's scores", () => {
  assert.equal(scaleWgi(-2.5), 10);
  assert.equal(scaleWgi(2.5), 0);
  assert.equal(scaleWgi(0), 5);
  assert.deepEqual(WGI, { CHN: 6, AUS: 2, MYS: 4 });
  assert.equal(unscaleWgi(6), -0.5);
});

test("hand-worked case: every intermediate, number by number", () => {
  const r = euCrm(HAND);
  const [ext, proc] = r.stages;
  assert.ok(ext && proc);

  // processing, global supply: 0.8²·6·1.1 = 4.224 and 0.2²·4·1 = 0.16 → 4.384
  assert.deepEqual(
    proc.hhiGlobal?.terms.map((t) => [t.country, t.wgi, t.t]),
    [
      ["CHN", 6, 1.1],
      ["MYS", 4, 1],
    ],
  );
  nearI(proc.hhiGlobal?.terms[0]?.term, 4.224, 4.224);
  nearI(proc.hhiGlobal?.terms[1]?.term, 0.16, 0.16);
  nearI(proc.hhiGlobal?.remainder.term, 0, 0);
  nearI(proc.hhiGlobal?.value, 4.384, 4.384);
  // processing, EU sourcing: 0.5²·6·1.1 = 1.65, 0.3²·2·0.8 = 0.144, 0.2²·4·1 = 0.16 → 1.954
  nearI(proc.hhiEu?.terms[0]?.term, 1.65, 1.65);
  nearI(proc.hhiEu?.terms[1]?.term, 0.144, 0.144);
  nearI(proc.hhiEu?.terms[2]?.term, 0.16, 0.16);
  nearI(proc.hhiEu?.value, 1.954, 1.954);
  // IR 0.6: weights IR/2 = 0.3 and 1 − IR/2 = 0.7; 4.384·0.3 + 1.954·0.7 = 1.3152 + 1.3678 = 2.683
  nearI(proc.weightGlobal, 0.3, 0.3);
  nearI(proc.weightEu, 0.7, 0.7);
  nearI(proc.blended, 2.683, 2.683);
  // (1 − 0.1) = 0.9; SR = 2.683 · 0.9 · 0.95 = 2.293965
  nearI(proc.recyclingFactor, 0.9, 0.9);
  nearI(proc.siSr, 0.95, 0.95);
  nearI(proc.sr, 2.293965, 2.293965);

  // extraction: GS 0.6²·6 + 0.4²·2 = 2.16 + 0.32 = 2.48; EU 0.7²·2 + 0.3²·6 = 0.98 + 0.54 = 1.52
  nearI(ext.hhiGlobal?.value, 2.48, 2.48);
  nearI(ext.hhiEu?.value, 1.52, 1.52);
  // IR 0.8: 2.48·0.4 + 1.52·0.6 = 0.992 + 0.912 = 1.904; SR = 1.904 · 0.9 · 0.95 = 1.62792
  nearI(ext.weightGlobal, 0.4, 0.4);
  nearI(ext.blended, 1.904, 1.904);
  nearI(ext.sr, 1.62792, 1.62792);

  // SR is the higher stage: processing
  nearI(r.sr, 2.293965, 2.293965);
  assert.deepEqual(r.bottleneck, ["processing"]);

  // EI: Q scaled 10·200/400 = 5 and 10·100/400 = 2.5; 0.6·5 + 0.4·2.5 = 4; EI = 4 · 0.9 = 3.6
  assert.equal(r.ei?.kind, "computed");
  if (r.ei?.kind !== "computed") return;
  assert.deepEqual(
    r.ei.sectors.map((s) => s.scaled),
    [5, 2.5],
  );
  nearI(r.ei.sectors[0]?.term, 3, 3);
  nearI(r.ei.sectors[1]?.term, 1, 1);
  nearI(r.ei.sum, 4, 4);
  nearI(r.ei.value, 3.6, 3.6);
  assert.equal(r.verdict, "critical");
  assert.deepEqual(r.thresholds, { sr: 1, ei: 2.8 });
});

test("a share known as a range and an unexplained remainder give SR bounds, not a point", () => {
  // CHN 88–91%, remainder 9–12%: lo = 0.88²·6 = 4.6464; hi = 0.91²·6 + 0.12·min(0.12, 0.91)·10 = 4.9686 + 0.144
  const s = sourcingOf([{ country: "CHN", share: between(0.88, 0.91) }]);
  nearI(s.remainder, 1 - 0.91, 1 - 0.88);
  const h = hhiWgiT(s, WGI);
  nearI(h.remainder.term, 0, 0.12 * 0.12 * 10);
  near(h.remainder.cap, 0.12);
  nearI(h.value, 0.88 ** 2 * 6, 0.91 ** 2 * 6 + 0.144);
  const r = euCrm({
    material: "X",
    wgi: WGI,
    eolRir: point(0),
    siSr: point(1),
    ei: null,
    stages: [{ stage: "processing", basis: "GSonly", ir: point(1), global: s, eu: null }],
  });
  nearI(r.sr, 4.6464, 5.1126, 1e-12);
  assert.equal(r.verdict, "undetermined");
  assert.equal(r.verdictReason, "EI is not known");
});

test("the listing rule: SR ≥ 1.0 and EI ≥ 2.8, thresholds included; ranges straddling a threshold stay open", () => {
  assert.equal(classify(point(1), point(2.8)).verdict, "critical");
  assert.equal(classify(point(0.99), point(9)).verdict, "not critical");
  assert.equal(classify(point(5), point(2.79)).verdict, "not critical");
  assert.equal(classify(between(0.9, 1.1), point(5)).verdict, "undetermined");
  assert.equal(classify(between(0.5, 0.9), null).verdict, "not critical");
});

test("inconsistent inputs are refused: no WGI for a supplier, shares over 100%, a missing EU sourcing", () => {
  const base = HAND.stages[1];
  assert.ok(base);
  const withStage = (s: Partial<typeof base>): CrmInput => ({ ...HAND, stages: [{ ...base, ...s }] });
  assert.throws(
    () => euCrm(withStage({ global: sourcingOf(shares([["CAN", 1]])) })),
    /Handium processing global supply: CAN has no governance score/,
  );
  assert.throws(
    () =>
      euCrm(
        withStage({
          global: {
            entries: shares([
              ["CHN", 0.7],
              ["MYS", 0.4],
            ]),
            remainder: point(0),
            t: {},
          },
        }),
      ),
    /shares sum to 110\.0%, over 100%/,
  );
  assert.throws(() => euCrm(withStage({ eu: null })), /basis GS\+EU needs EU sourcing/);
  assert.throws(() => euCrm({ ...HAND, eolRir: point(1.2) }), /EOL_RIR \[1.2, 1.2\] is not a fraction/);
});

// ---------------------------------------------------------------------------------------------
// Properties

const COUNTRIES = ["C1", "C2", "C3", "C4", "C5"];
const arbWgi = fc
  .tuple(...COUNTRIES.map(() => fc.double({ min: 0, max: 10, noNaN: true })))
  .map((ws) => Object.fromEntries(COUNTRIES.map((c, i) => [c, ws[i] as number])));
// 1–5 suppliers with positive weights normalised to sum 1, and trade factors 0.8–1.5.
const arbSourcing = fc
  .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 })
  .chain((ws) =>
    fc
      .array(fc.double({ min: 0.8, max: 1.5, noNaN: true }), { minLength: ws.length, maxLength: ws.length })
      .map((ts): Sourcing => {
        const total = ws.reduce((a, b) => a + b, 0);
        return {
          entries: ws.map((w, i) => ({ country: COUNTRIES[i] as string, share: point(w / total) })),
          remainder: point(0),
          t: Object.fromEntries(ts.map((t, i) => [COUNTRIES[i] as string, t])),
        };
      }),
  );
const oneStage = (wgi: Record<string, number>, g: Sourcing, e: Sourcing, ir: number, eol = 0.1, si = 0.9) =>
  euCrm({
    material: "P",
    wgi,
    eolRir: point(eol),
    siSr: point(si),
    ei: null,
    stages: [{ stage: "processing", basis: "GS+EU", ir: point(ir), global: g, eu: e }],
  });

test("scaleWgi maps −2.5…+2.5 onto 10…0, strictly decreasing, and unscaleWgi inverts it", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -2.5, max: 2.5, noNaN: true }),
      fc.double({ min: -2.5, max: 2.5, noNaN: true }),
      (a, b) => {
        const s = scaleWgi(a);
        assert.ok(s >= 0 && s <= 10);
        if (a < b - 1e-9) assert.ok(scaleWgi(a) > scaleWgi(b));
        near(unscaleWgi(s), a, 1e-12);
      },
    ),
  );
});

test("SR moves with IR in the sign of HHI(GS) − HHI(EU): up when global supply is the more concentrated", () => {
  // ∂SR/∂IR = (HHI_GS − HHI_EU)/2 · (1 − EOL_RIR) · SI_SR: not monotone in IR by itself.
  fc.assert(
    fc.property(
      arbWgi,
      arbSourcing,
      arbSourcing,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (wgi, g, e, a, b) => {
        const [ir1, ir2] = a < b ? [a, b] : [b, a];
        const r1 = oneStage(wgi, g, e, ir1);
        const r2 = oneStage(wgi, g, e, ir2);
        const st = r1.stages[0];
        assert.ok(st?.hhiGlobal && st.hhiEu);
        const slope = ((st.hhiGlobal.value.lo - st.hhiEu.value.lo) / 2) * 0.9 * 0.9;
        near(r2.sr.lo - r1.sr.lo, slope * (ir2 - ir1), 1e-9);
      },
    ),
  );
});

test("SR falls as EOL_RIR rises and rises with SI_SR", () => {
  fc.assert(
    fc.property(
      arbWgi,
      arbSourcing,
      arbSourcing,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.9, noNaN: true }),
      fc.double({ min: 0.01, max: 0.1, noNaN: true }),
      (wgi, g, e, ir, x, dx) => {
        assert.ok(oneStage(wgi, g, e, ir, x + dx).sr.lo <= oneStage(wgi, g, e, ir, x).sr.lo + 1e-12);
        assert.ok(
          oneStage(wgi, g, e, ir, 0.1, x + dx).sr.lo >= oneStage(wgi, g, e, ir, 0.1, x).sr.lo - 1e-12,
        );
      },
    ),
  );
});

test("any realisation of ranged shares and of the remainder lies within the SR bounds", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.double({ min: 0.01, max: 0.3, noNaN: true }),
          fc.double({ min: 0, max: 0.05, noNaN: true }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
      fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 40, maxLength: 40 }),
      (ranges, picks, hiddenWgi) => {
        const entries = ranges.map(([lo, w], i) => ({ country: `K${i}`, share: between(lo, lo + w) }));
        const wgi: Record<string, number> = Object.fromEntries(entries.map((e, i) => [e.country, 2 + i]));
        const bounds = euCrm({
          material: "B",
          wgi,
          eolRir: point(0),
          siSr: point(1),
          ei: null,
          stages: [
            { stage: "extraction", basis: "GSonly", ir: point(0.5), global: sourcingOf(entries), eu: null },
          ],
        }).sr;
        // One realisation: each share somewhere in its range, the rest split into equal producers no
        // larger than the smallest realised share, each with its own governance score.
        const real = entries.map((e, i) => e.share.lo + (picks[i] ?? 0) * (e.share.hi - e.share.lo));
        const rest = 1 - real.reduce((a, b) => a + b, 0);
        const k = Math.ceil(rest / Math.min(...real)) + 1;
        const hidden = Array.from({ length: k }, (_, j) => ({ country: `H${j}`, share: point(rest / k) }));
        hidden.forEach((h, j) => (wgi[h.country] = hiddenWgi[j % hiddenWgi.length] as number));
        const exact = hhiWgiT(
          {
            entries: [
              ...entries.map((e, i) => ({ country: e.country, share: point(real[i] as number) })),
              ...hidden,
            ],
            remainder: point(0),
            t: {},
          },
          wgi,
        ).value.lo;
        assert.ok(
          exact >= bounds.lo - 1e-12 && exact <= bounds.hi + 1e-12,
          `${exact} outside ${JSON.stringify(bounds)}`,
        );
      },
    ),
  );
});

// ---------------------------------------------------------------------------------------------
// (b) All 91 rows of the EU 2023 assessment (CritMAT's transcription)

const REJECTED = [
  [14, "Coking coal", "eu_used_supply_refined"],
  [16, "Diatomite", "eu_used_supply_refined"],
  [44, "LREE", "supply_risk_primary"],
  [50, "Magnesite", "eu_used_supply_refined"],
  [54, "Natural cork", "eu_used_supply_refined"],
  [79, "Strontium", "eu_used_supply_refined"],
  [88, "Tungsten", "material_name"],
];

test("strict reading stops at the first malformed row with file, line, field and reason", () => {
  assert.equal(
    thrown(() => readCritmatResults()),
    'data/reference/raw/critmat_eureport_results.csv:14: eu_used_supply_refined: "1.0" is not a supply basis (GS+EU, GSonly, EUonly): the columns look shifted',
  );
});

test("tolerant reading keeps 84 rows and lists the 7 malformed ones, each located", () => {
  const c = readCritmatResults(undefined, { mode: "tolerant" });
  assert.equal(c.rows.length + c.rejected.length, 91);
  assert.equal(c.rows.length, 84);
  assert.deepEqual(
    c.rejected.map((r) => [r.line, r.material, r.field]),
    REJECTED,
  );
  assert.equal(
    c.rejected.find((r) => r.material === "LREE")?.message,
    'data/reference/raw/critmat_eureport_results.csv:44: supply_risk_primary: "281%" is not a number',
  );
  assert.equal(c.rejected.find((r) => r.line === 88)?.reason, '"Tungsten" appears twice (first at line 87)');
  assert.match(
    c.rejected[1]?.reason ?? "",
    /"0\.3" given for processing, a stage not assessed \(E\): the columns look shifted/,
  );
  // One spelling is read, not rejected, and says so.
  assert.deepEqual(c.rows.find((r) => r.material === "Molybdenum")?.notes, [
    'eu_used_supply_refined reads "EU", taken as EUonly',
  ]);
});

test("over the 84 good rows, SR is the higher stage SR within the published rounding", () => {
  const { rows } = readCritmatResults(undefined, { mode: "tolerant" });
  const both = rows.filter((r) => r.srExtraction !== null && r.srProcessing !== null);
  assert.equal(both.length, 37);
  for (const r of both) {
    const max = Math.max(r.srExtraction as number, r.srProcessing as number);
    assert.ok(Math.abs(r.sr - max) <= 0.05 + 1e-9, `${r.material}: SR ${r.sr} vs max ${max}`);
    const used = r.stageUsed === "extraction" ? r.srExtraction : r.srProcessing;
    assert.ok((used as number) >= max - 0.05, `${r.material}: the used stage is not the higher`);
  }
  for (const r of rows)
    assert.equal(checkPublished(r).consistent, true, `${r.material}: ${checkPublished(r).check}`);
  // Praseodymium's processing SR is blank: only SR ≥ the extraction SR can be checked.
  const pr = checkPublished(rows.find((r) => r.material === "Praseodymium")!);
  assert.match(pr.check, /processing SR is not given/);
});

// The file states no listing. The EU's 2023 list (Annex II of Regulation (EU) 2024/1252; the
// Commission's 2023 CRM list) names 34 materials, copper and nickel as strategic although below
// the thresholds; "Aluminium" is the file's merged aluminium/bauxite row.
const EU_2023_LIST = new Set([
  "Aluminium",
  "Antimony",
  "Arsenic",
  "Baryte",
  "Beryllium",
  "Bismuth",
  "Boron",
  "Cobalt",
  "Coking coal",
  "Copper",
  "Feldspar",
  "Fluorspar",
  "Gallium",
  "Germanium",
  "Hafnium",
  "Helium",
  "HREE",
  "LREE",
  "Lithium",
  "Magnesium",
  "Manganese",
  "Natural graphite",
  "Nickel",
  "Niobium",
  "Phosphate rock",
  "Phosphorus",
  "PGM",
  "Scandium",
  "Silicon metal",
  "Strontium",
  "Tantalum",
  "Titanium metal",
  "Tungsten",
  "Vanadium",
]);
const GROUP_MEMBERS = new Set(
  "Cerium Lanthanum Neodymium Praseodymium Samarium Dysprosium Erbium Europium Gadolinium Holmium Lutetium Terbium Thulium Ytterbium Yttrium Iridium Palladium Platinum Rhodium Ruthenium".split(
    " ",
  ),
);

test("the listing rule on the published SR and EI reproduces the EU 2023 list, but for copper and nickel", () => {
  const { rows, rejected } = readCritmatResults(undefined, { mode: "tolerant" });
  assert.equal(EU_2023_LIST.size, 34);
  const verdict = new Map(rows.map((r) => [r.material, checkPublished(r).verdict]));
  assert.ok([...verdict.values()].every((v) => v !== "undetermined"));
  const disagree = rows
    .filter((r) => !GROUP_MEMBERS.has(r.material))
    .filter((r) => (verdict.get(r.material) === "critical") !== EU_2023_LIST.has(r.material))
    .map((r) => [r.material, verdict.get(r.material)]);
  assert.deepEqual(disagree, [
    ["Copper", "not critical"],
    ["Nickel", "not critical"],
  ]);
  // Every member of the listed groups meets the rule on its own.
  for (const m of GROUP_MEMBERS) assert.equal(verdict.get(m), "critical", m);
  assert.equal(rows.filter((r) => verdict.get(r.material) === "critical").length, 49);
  // Rows left out for being malformed are listed, not judged: three of them are on the list (the
  // second Tungsten row is left out, the first is judged).
  assert.deepEqual(
    rejected.map((r) => r.material).filter((m) => EU_2023_LIST.has(m) && !verdict.has(m)),
    ["Coking coal", "LREE", "Strontium"],
  );
});

test("malformed rows in a file of the same layout fail where they are, in either mode", () => {
  const head =
    "material_name,supply_risk,economic_importance,eu_used_stage,eu_stages,eu_used_supply_primary,supply_risk_primary,eu_used_supply_refined,supply_risk_refined,si_ei,si_sr,import_reliance_primary,import_reliance_refined,end_of_life,source_name,publish_year,date_year\n";
  const file = writeTemp(
    "crit.csv",
    head +
      "Good,1.5,3.0,Extraction,E+P,GS+EU,1.5,GSonly,0.8,0.9,0.9,50,40,5,X,2023,2023\n" +
      "Pct,1.5,3.0,Extraction,E+P,GS+EU,150%,GSonly,0.8,0.9,0.9,50,40,5,X,2023,2023\n" +
      "Neg,1.5,3.0,Extraction,E,GS+EU,1.5,,,0.9,0.9,-5,,5,X,2023,2023\n" +
      "Stage,1.5,3.0,Processing,E,GS+EU,1.5,,,0.9,0.9,5,,5,X,2023,2023\n" +
      "Big,1.5,3.0,Extraction,E,GS+EU,1.5,,,0.9,1.4,5,,5,X,2023,2023\n",
  );
  assert.equal(
    thrown(() => readCritmatResults(file)),
    `${file}:3: supply_risk_primary: "150%" is not a number`,
  );
  const t = readCritmatResults(file, { mode: "tolerant" });
  assert.deepEqual(
    t.rows.map((r) => r.material),
    ["Good"],
  );
  assert.deepEqual(
    t.rejected.map((r) => r.message),
    [
      `${file}:3: supply_risk_primary: "150%" is not a number`,
      `${file}:4: import_reliance_primary: -5 is outside 0–100 (percent)`,
      `${file}:5: eu_used_stage: processing is not among the stages assessed (E)`,
      `${file}:6: si_sr: 1.4 is outside 0–1 (substitution index)`,
    ],
  );
});

test("the curated 2023 rare-earth rows: LREE's SR 3.7 is not its stage SR 3.58, the rest agree", () => {
  const pub = readPublishedCrm();
  assert.equal(pub.length, 18);
  const nd = pub.find((p) => p.material === "Neodymium");
  assert.deepEqual(
    nd && [nd.sr, nd.ei, nd.stageUsed, nd.srExtraction, nd.srProcessing, nd.irExtraction, nd.eolRir, nd.siSr],
    [4.5, 7.2, "extraction", 4.5, 3.7, 0.8, 0.01, 0.99],
  );
  assert.deepEqual(nd?.basis, { extraction: "GS+EU", processing: "GS+EU" });
  assert.deepEqual(pub.find((p) => p.material === "Dysprosium")?.basis, {
    extraction: "GS+EU",
    processing: "GSonly",
  });
  const off = pub.filter((p) => checkPublished(p).consistent === false).map((p) => p.material);
  assert.deepEqual(off, ["LREE"]);
});

// ---------------------------------------------------------------------------------------------
// Governance indicators

test("the bundled WGI: 17 countries in 2023, each the mean of six estimates, scaled", () => {
  const w = readWgi();
  assert.equal(w.year, 2023);
  assert.equal(Object.keys(w.countries).length, 17);
  const chn = w.countries.CHN;
  assert.ok(chn);
  const six = Object.values(chn.indicators);
  assert.equal(six.length, 6);
  near(chn.mean, six.reduce((a, b) => a + b, 0) / 6);
  near(chn.scaled, 10 - 2 * (chn.mean + 2.5));
  assert.equal(chn.scaled.toFixed(4), "5.5802");
  assert.equal(w.countries.MMR?.scaled.toFixed(4), "8.3307");
});

test("a WGI table missing an indicator, or naming an unknown country, fails where it is", () => {
  const head = "country,year,indicator,estimate,source_url\n";
  const rows = ["VA", "PV", "GE", "RQ", "RL"].map((i) => `AUS,2023,${i},1.5,x`).join("\n");
  const f1 = writeTemp("wgi.csv", `${head}${rows}\n`);
  assert.equal(
    thrown(() => readWgi(f1)),
    `${f1}:2: indicator: AUS has 5 of the six WGI indicators for 2023 (missing CC): the method uses the mean of all six`,
  );
  const f2 = writeTemp("wgi.csv", `${head}XXX,2023,VA,1,x\n`);
  assert.equal(
    thrown(() => readWgi(f2)),
    `${f2}:2: country: unknown country "XXX"`,
  );
  const f3 = writeTemp("wgi.csv", `${head}AUS,2023,VA,7,x\n`);
  assert.match(
    thrown(() => readWgi(f3)),
    /:2: estimate: 7 is outside -3–3/,
  );
});

// ---------------------------------------------------------------------------------------------
// What-if files

const WHAT_IF_HEAD = "material,stage,field,country,value,note\n";

test("a what-if file with a negative share, an unknown country or a bad field fails at its line", () => {
  const neg = writeTemp("w.csv", `${WHAT_IF_HEAD}Nd,processing,share,CHN,-5,\n`);
  assert.equal(
    thrown(() => readWhatIf(neg)),
    `${neg}:2: value: share -5% is negative`,
  );
  const unk = writeTemp("w.csv", `${WHAT_IF_HEAD}Nd,processing,share,CHN,80,\nNd,processing,share,XXX,5,\n`);
  assert.equal(
    thrown(() => readWhatIf(unk)),
    `${unk}:3: country: unknown country "XXX"`,
  );
  const big = writeTemp("w.csv", `${WHAT_IF_HEAD}Nd,processing,share,CHN,120,\n`);
  assert.equal(
    thrown(() => readWhatIf(big)),
    `${big}:2: value: share 120% is over 100%`,
  );
  const field = writeTemp("w.csv", `${WHAT_IF_HEAD},,sharez,CHN,5,\n`);
  assert.match(
    thrown(() => readWhatIf(field)),
    /:2: field: "sharez" is not one of share, eu_share/,
  );
  const nostage = writeTemp("w.csv", `${WHAT_IF_HEAD},,share,CHN,5,\n`);
  assert.match(
    thrown(() => readWhatIf(nostage)),
    /:2: stage: is empty: a share belongs to one stage/,
  );
  const eol = writeTemp("w.csv", `${WHAT_IF_HEAD},processing,eol_rir,,5,\n`);
  assert.match(
    thrown(() => readWhatIf(eol)),
    /:2: stage: eol_rir is one value per material/,
  );
  const twice = writeTemp("w.csv", `${WHAT_IF_HEAD}Nd,processing,t,CHN,1.1,\nNd,processing,t,CHN,1.2,\n`);
  assert.match(
    thrown(() => readWhatIf(twice)),
    /:3: field: the same change is given twice \(first at line 2\)/,
  );
});

test("what-if shares over 100% fail at the line that pushes the stage over", () => {
  const f = writeTemp(
    "w.csv",
    `${WHAT_IF_HEAD}Handium,processing,share,AUS,10,\nHandium,processing,share,MYS,25,\n`,
  );
  // 0.8 (CHN) + 0.1 (AUS) + 0.25 (MYS) = 115%
  assert.equal(
    thrown(() => applyWhatIf(HAND, readWhatIf(f))),
    `${f}:3: value: Handium processing global supply shares now sum to 115.0%, over 100%: lower another country's share`,
  );
});

test("what-if: a new non-Chinese refinery's share, number by number", () => {
  // Processing global supply becomes CHN 70%, MYS 20%, AUS 10% (new), with AUS's WGI from the file.
  const f = writeTemp(
    "w.csv",
    `${WHAT_IF_HEAD}Handium,processing,share,CHN,70,\nHandium,processing,share,AUS,10,a new refinery\nOther,processing,share,AUS,50,\n`,
  );
  const { input, applied } = applyWhatIf(HAND, readWhatIf(f));
  assert.deepEqual(
    applied.map((c) => c.line),
    [2, 3],
  );
  const r = euCrm(input);
  const proc = r.stages[1];
  // GS: 0.7²·6·1.1 + 0.2²·4 + 0.1²·2 = 3.234 + 0.16 + 0.02 = 3.414; EU unchanged 1.954
  nearI(proc?.hhiGlobal?.value, 3.414, 3.414);
  nearI(proc?.hhiEu?.value, 1.954, 1.954);
  // (3.414·0.3 + 1.954·0.7) · 0.855 = (1.0242 + 1.3678) · 0.855 = 2.0451600
  nearI(proc?.sr, 2.04516, 2.04516);
  nearI(r.sr, 2.04516, 2.04516);
  assert.ok(r.sr.hi < euCrm(HAND).sr.lo);
});

test("what-if EU sourcing starts from global supply and switches the stage to GS+EU", () => {
  const gsOnly: CrmInput = {
    ...HAND,
    stages: [
      {
        stage: "processing",
        basis: "GSonly",
        ir: point(0.5),
        global: sourcingOf(shares([["CHN", 1]])),
        eu: null,
      },
    ],
  };
  const f = writeTemp(
    "w.csv",
    `${WHAT_IF_HEAD},processing,eu_share,CHN,60,\n,processing,eu_share,AUS,40,\n,,t_eu,AUS,0.8,\n`,
  );
  const { input } = applyWhatIf(gsOnly, readWhatIf(f));
  const s = euCrm(input).stages[0];
  assert.equal(s?.basis, "GS+EU");
  // GS 1²·6 = 6; EU 0.6²·6 + 0.4²·2·0.8 = 2.16 + 0.256 = 2.416; IR 0.5 → 6·0.25 + 2.416·0.75 = 3.312
  nearI(s?.blended, 3.312, 3.312);
  nearI(s?.sr, 3.312 * 0.855, 3.312 * 0.855);
});
