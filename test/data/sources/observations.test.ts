import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { observationsLoader } from "../../../src/data/sources/observations.js";
import { parseFile } from "../../../src/data/sources/registry.js";
import { ImportError } from "../../../src/errors.js";
import type { ParsedFile } from "../../../src/data/sources/parsed.js";
import { monthOf } from "../../../src/units/month.js";

const HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note";
const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string, file = "obs.csv") => observationsLoader.parse(bytes(text), file) as ParsedFile;

async function rejects(text: string, message: string): Promise<void> {
  await assert.rejects(parseFile(bytes(text), "obs.csv", "observations"), (e: unknown) => {
    assert.ok(e instanceof ImportError, `not an ImportError: ${e}`);
    assert.equal(e.message, message);
    return true;
  });
}

test("reads the fixture with one source per distinct citation and line numbers", () => {
  const parsed = observationsLoader.parse(
    readFileSync("test/fixtures/observations/magnets-small.csv"),
    "small.csv",
  );
  assert.ok(!(parsed instanceof Promise));
  assert.equal(parsed.flows.length, 11);
  assert.equal(parsed.sources.length, 7);
  const june = parsed.flows.find(
    (f) => f.period.start === monthOf(2024, 6) && f.partner === "WLD" && f.preferred,
  );
  assert.equal(june?.qtyKg, 2_000_000);
  assert.equal(june?.yoyPct, -60);
  assert.equal(june?.record, "lowest since 2020-02");
  assert.equal(june?.line, 6);
  const press = parsed.sources.find((s) => s.citation === 'Press B, "unrounded"');
  assert.equal(press?.sourceDate, "2024-07-20");
  const annual = parsed.flows.find((f) => f.period.kind === "year");
  assert.equal(annual?.period.start, monthOf(2023, 1));
  assert.equal(annual?.period.end, monthOf(2023, 12));
});

test("accepts a BOM, CRLF line ends and quoted commas in notes", () => {
  const text = `\uFEFF${HEADER}\r\n2025-06,CHN,USA,export,re-magnets,353000,,,660,"Reuters, via X",,2025-07,1,"a, b"\r\n`;
  const p = parse(text);
  assert.equal(p.flows.length, 1);
  assert.equal(p.flows[0]?.note, "a, b");
  assert.equal(p.sources[0]?.citation, "Reuters, via X");
  assert.equal(p.sources[0]?.kind, "press");
});

test("rejects an unknown partner with its line and field", async () => {
  await rejects(
    `${HEADER}\n2025-06,CHN,XXX,export,re-magnets,1,,,,S,,,1,\n`,
    'obs.csv:2: partner: unknown country or aggregate code "XXX"',
  );
});

test("rejects a negative quantity with its line number", async () => {
  await rejects(
    `${HEADER}\n2025-05,CHN,WLD,export,re-magnets,1,,,,S,,,1,\n2025-06,CHN,WLD,export,re-magnets,-5,,,,S,,,1,\n`,
    "obs.csv:3: quantity_kg: -5 is negative",
  );
});

test("rejects a period that is not a month, year or range", async () => {
  await rejects(
    `${HEADER}\nH1-2025,CHN,WLD,export,re-magnets,1,,,,S,,,1,\n`,
    'obs.csv:2: period: "H1-2025" is not a period (YYYY-MM, YYYY or YYYY-MM/YYYY-MM)',
  );
});

test("rejects a commodity that is not in the catalogue", async () => {
  await rejects(
    `${HEADER}\n2025-06,CHN,WLD,export,magnets,1,,,,S,,,1,\n`,
    'obs.csv:2: commodity: "magnets" is not in the commodity catalogue',
  );
});

test("rejects a row with no figure at all", async () => {
  await rejects(
    `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,,,,,S,,,1,\n`,
    "obs.csv:2: quantity_kg: the row has no figure (quantity_kg, value_usd, yoy_pct and mom_pct are all empty)",
  );
});

test("rejects a duplicate key within the file, naming both lines", async () => {
  await rejects(
    `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,1,,,,S,,,1,\n2025-06,CHN,WLD,export,re-magnets,2,,,,S,,,1,\n`,
    "obs.csv:3: period: duplicate key: line 2 has the same reporter CHN, partner WLD, flow export, commodity re-magnets, period 2025-06 and source",
  );
});

test("the same cell from two sources is not a duplicate", () => {
  const p = parse(
    `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,1,,,,S1,,,1,\n2025-06,CHN,WLD,export,re-magnets,2,,,,S2,,,0,\n`,
  );
  assert.equal(p.flows.length, 2);
});

test("rejects a file with a missing column", async () => {
  await rejects(
    "period,reporter,partner,commodity,quantity_kg\n2025-06,CHN,WLD,re-magnets,1\n",
    "obs.csv:1: missing columns: flow, value_usd, yoy_pct, mom_pct, source, source_url, source_date, preferred, note",
  );
});

test("a file in no known format lists the formats tried", async () => {
  await assert.rejects(parseFile(bytes("a,b,c\n1,2,3\n"), "mystery.csv"), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.match(
      e.message,
      /^mystery\.csv:1: matches no known format; tried: observations .*comtrade.*gacc.*usitc/,
    );
    return true;
  });
});

test("never throws anything but ImportError on arbitrary bytes", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (raw) => {
      try {
        await parseFile(raw, "fuzz.csv", "observations");
      } catch (e) {
        assert.ok(e instanceof ImportError, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
    }),
    { numRuns: 300 },
  );
});

test("never throws anything but ImportError on mutated good files", async () => {
  const good = readFileSync("test/fixtures/observations/magnets-small.csv", "utf8");
  await fc.assert(
    fc.asyncProperty(fc.nat(good.length - 1), fc.string({ maxLength: 4 }), async (at, insert) => {
      const text = good.slice(0, at) + insert + good.slice(at + 1);
      try {
        await parseFile(bytes(text), "fuzz.csv", "auto");
      } catch (e) {
        assert.ok(e instanceof ImportError, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
    }),
    { numRuns: 300 },
  );
});
