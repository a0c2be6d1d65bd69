/**
 * Checks on the committed dataset under data/ only: a user's clone has no shared folder, so the
 * builder (scripts/build-dataset.ts) is not re-run here.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { commodityById } from "../../src/ref/commodities.js";
import { parsePeriod } from "../../src/units/period.js";

const DATA = new URL("../../data/", import.meta.url);

const OBS_HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note,source_kind,stat,record";
const EVENT_HEADER =
  "id,date,actor,type,elements,products,destinations,end_uses,scope,description,status,end_date,derived,suspends,source,source_url,source_date";
const OBS_FILES = ["china-magnet-exports.csv", "china-rare-earth-trade.csv", "published-averages.csv"];
const ANN18 = "CHN-2025-04-04-ann18";
const OCT9 = "CHN-2025-10-09-ann61-62";
const ANN70 = "CHN-2025-11-07-ann70";

type Row = Record<string, string>;

function text(path: string): string {
  return readFileSync(new URL(path, DATA), "utf8");
}

function rows(path: string): Row[] {
  return parse(text(path), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Row[];
}

function header(path: string): string {
  return text(path).split("\n", 1)[0] ?? "";
}

const observations = new Map(OBS_FILES.map((f) => [f, rows(`observations/${f}`)]));
const allObservations = [...observations.values()].flat();
const events = rows("events.csv");

function one(file: string, pick: (r: Row) => boolean): Row {
  const hits = (observations.get(file) ?? []).filter(pick);
  assert.equal(hits.length, 1, `expected one matching row in ${file}, found ${hits.length}`);
  return hits[0] as Row;
}

describe("observation files", () => {
  it("have the exact observations header", () => {
    for (const f of OBS_FILES) assert.equal(header(`observations/${f}`), OBS_HEADER, f);
  });

  it("give every row a period that parses as a month, a year or a range", () => {
    for (const o of allObservations) {
      const p = parsePeriod(o.period ?? "");
      assert.notEqual(typeof p, "string", `bad period "${o.period}"`);
    }
  });

  it("use only catalogue commodity ids", () => {
    for (const o of allObservations) {
      const id = o.commodity ?? "";
      assert.ok(commodityById(id) !== undefined, `unknown commodity "${id}"`);
    }
  });

  it("cite a source on every row and flag preferred as 0 or 1", () => {
    for (const o of allObservations) {
      assert.notEqual(o.source, "", `no source: ${o.period} ${o.partner}`);
      assert.ok(o.preferred === "0" || o.preferred === "1", `preferred "${o.preferred}"`);
      assert.ok(o.flow === "export" || o.flow === "import", `flow "${o.flow}"`);
      assert.ok(o.stat === "total" || o.stat === "monthly_mean", `stat "${o.stat}"`);
    }
  });

  it("carry at least one figure per row, each a plain number", () => {
    for (const o of allObservations) {
      const figures = [o.quantity_kg, o.value_usd, o.yoy_pct, o.mom_pct].filter((v) => v !== "");
      assert.ok(figures.length > 0, `row without a figure: ${o.period} ${o.partner} ${o.source}`);
      for (const v of figures) assert.match(v ?? "", /^-?\d+(\.\d+)?$/);
    }
  });

  it("have no duplicate keys within a file", () => {
    for (const [f, list] of observations) {
      const keys = list.map((o) =>
        [o.period, o.reporter, o.partner, o.flow, o.commodity, o.stat, o.source, o.source_url].join("|"),
      );
      assert.equal(new Set(keys).size, keys.length, f);
    }
  });

  it("prefer at most one row per period, partner, flow, commodity and stat", () => {
    const seen = new Set<string>();
    for (const o of allObservations.filter((x) => x.preferred === "1")) {
      const k = [o.period, o.partner, o.flow, o.commodity, o.stat].join("|");
      assert.ok(!seen.has(k), `two preferred rows for ${k}`);
      seen.add(k);
    }
  });

  it("keep June 2025 world magnet exports as reported", () => {
    const o = one(
      "china-magnet-exports.csv",
      (r) =>
        r.period === "2025-06" && r.partner === "WLD" && r.commodity === "re-magnets" && r.preferred === "1",
    );
    assert.equal(o.quantity_kg, "3188000");
    assert.equal(o.yoy_pct, "-38.1");
    assert.equal(o.mom_pct, "157.5");
  });

  it("keep the January–June 2025 cumulative world total as a range", () => {
    const o = one(
      "china-magnet-exports.csv",
      (r) => r.period === "2025-01/2025-06" && r.partner === "WLD" && r.commodity === "re-magnets",
    );
    assert.equal(o.quantity_kg, "22319000");
    assert.equal(o.yoy_pct, "-18.9");
  });

  it("file the Adamas 2024 annual total as magnets plus alloys", () => {
    const o = one(
      "china-magnet-exports.csv",
      (r) => r.period === "2024" && r.partner === "WLD" && r.preferred === "1",
    );
    assert.equal(o.commodity, "re-magnets-alloys");
    assert.equal(o.quantity_kg, "58152000");
  });

  it("state the 2024 monthly mean as a monthly_mean, not a total", () => {
    const o = one("published-averages.csv", (r) => r.period === "2024");
    assert.equal(o.stat, "monthly_mean");
    assert.equal(o.quantity_kg, "4800000");
    assert.equal(o.commodity, "re-magnets");
    assert.equal(o.source_url, "");
    assert.match(o.source ?? "", /^Wall Street Journal/);
  });

  it("normalise a record the source states", () => {
    const o = one(
      "china-magnet-exports.csv",
      (r) =>
        r.period === "2025-05" && r.partner === "WLD" && r.commodity === "re-magnets" && r.preferred === "1",
    );
    assert.equal(o.record, "lowest since 2020-02");
  });
});

describe("events file", () => {
  const STATUSES = new Set(["announced", "in_force", "suspended", "ended", "scheduled", "threat"]);
  const ids = new Set(events.map((e) => e.id));
  const byId = (id: string) => {
    const e = events.find((x) => x.id === id);
    assert.ok(e, `no event ${id}`);
    return e;
  };

  it("has the exact events header and unique ids", () => {
    assert.equal(header("events.csv"), EVENT_HEADER);
    assert.equal(ids.size, events.length);
  });

  it("dates every event and uses the status vocabulary", () => {
    for (const e of events) {
      assert.match(e.date ?? "", /^\d{4}(-\d{2}(-\d{2})?)?$/, e.id);
      assert.ok(STATUSES.has(e.status ?? ""), `${e.id}: status "${e.status}"`);
      assert.ok(e.derived === "0" || e.derived === "1", e.id);
      assert.match(e.end_date ?? "", /^(\d{4}-\d{2}-\d{2})?$/, e.id);
      assert.notEqual(e.source_url, "", e.id);
    }
  });

  it("lists only catalogue products and known ids in suspends", () => {
    for (const e of events) {
      for (const p of (e.products ?? "").split(";").filter((x) => x !== "")) {
        assert.ok(commodityById(p), `${e.id}: product ${p}`);
      }
      for (const s of (e.suspends ?? "").split(";").filter((x) => x !== "")) {
        assert.ok(ids.has(s), `${e.id}: suspends unknown ${s}`);
      }
    }
  });

  it("has Announcement No. 70 suspend the October 9 measures but not No. 18", () => {
    const ann70 = byId(ANN70);
    const suspended = (ann70.suspends ?? "").split(";");
    assert.ok(suspended.includes(OCT9));
    assert.ok(!suspended.includes(ANN18));
    assert.equal(ann70.end_date, "2026-11-10");
    assert.equal(byId(OCT9).status, "suspended");
    assert.equal(byId(ANN18).status, "in_force");
  });

  it("scopes the January 2026 dual-use ban to Japan's military", () => {
    const e = byId("CHN-2026-01-06-japan-dual-use");
    assert.equal(e.destinations, "JPN");
    assert.equal(e.end_uses, "military");
  });
});

describe("data README", () => {
  const readme = text("README.md");

  it("states the row count of every file it lists", () => {
    const counts: [string, number][] = [
      ...OBS_FILES.map((f): [string, number] => [`observations/${f}`, observations.get(f)?.length ?? 0]),
      ["events.csv", events.length],
    ];
    for (const [file, n] of counts) {
      assert.ok(readme.includes(`| ${file} | ${n} |`), `README row count for ${file} should be ${n}`);
    }
  });

  it("lists reference files that exist", () => {
    const listed = [...readme.matchAll(/^\| (reference\/\S+) \| (\d+) \|/gm)];
    assert.equal(listed.length, 9);
    for (const m of listed) {
      const path = m[1] ?? "";
      assert.ok(existsSync(new URL(path, DATA)), path);
      assert.equal(rows(path).length, Number(m[2]), path);
    }
  });
});
