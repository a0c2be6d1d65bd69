import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { brief, renderBrief } from "../../src/monitor/briefing.js";
import { monthlySeries } from "../../src/monitor/series.js";
import { openLodestone } from "../../src/data/open.js";
import type { Store } from "../../src/data/store/store.js";
import { UsageError } from "../../src/errors.js";
import { formatMonth, parseMonth } from "../../src/units/month.js";
import { assertGolden } from "../helpers/golden.js";

let store: Store;
before(async () => {
  store = (await openLodestone(":memory:")).store;
});
after(() => store.close());

const month = (t: string) => parseMonth(t) as NonNullable<ReturnType<typeof parseMonth>>;

test("June 2025 on the bundled data: the figures the issue names, each with its basis", async () => {
  const b = await brief(store, { period: month("2025-06") });
  assert.deepEqual([b.world.qty.value, b.world.qty.unit, b.world.qty.basis], [3_188_000, "kg", "observed"]);
  assert.equal(b.world.mom_pct?.basis, "computed");
  assert.equal(b.world.mom_pct?.value, (3_188_000 / 1_238_000 - 1) * 100);
  assert.equal(b.world.mom_pct?.value.toFixed(1), "157.5");
  assert.deepEqual([b.world.yoy_pct?.value, b.world.yoy_pct?.basis], [-38.1, "reported"]);
  assert.deepEqual([b.world.ytd?.value, b.world.ytd?.basis], [22_319_000, "observed"]);
  assert.deepEqual([b.world.ytd_yoy_pct?.value, b.world.ytd_yoy_pct?.basis], [-18.9, "reported"]);
  const usa = b.partners.find((p) => p.partner === "USA");
  assert.equal(usa?.qty.value, 353_000);
  assert.equal(usa?.share_pct?.value, (353_000 / 3_188_000) * 100);
  assert.equal(usa?.mom_pct?.value, (353_000 / 46_400 - 1) * 100);
  // 2024's twelve months are not all known and the only 2024 annual total is of magnets plus
  // alloys (another series), so the prior-year average is WSJ's reported 4.8 million kg a month.
  assert.deepEqual(
    [
      b.world.prior_year_monthly_avg?.value,
      b.world.prior_year_monthly_avg?.basis,
      b.world.prior_year_monthly_avg?.definition,
    ],
    [4_800_000, "reported", "monthly average for 2024 as reported"],
  );
  assert.equal(b.world.vs_prior_year_avg_pct?.value, (3_188_000 / 4_800_000 - 1) * 100);
  assert.ok(b.events.some((e) => e.id === "CHN-2025-04-04-ann18" && e.relation === "in_force"));
  for (const f of [b.world.qty, b.world.mom_pct, b.world.yoy_pct, b.world.ytd])
    assert.ok(f && f.sources.length > 0);
  const ids = new Set(b.sources.map((s) => s.id));
  for (const f of [b.world.qty, b.world.ytd, usa?.qty])
    for (const id of f?.sources ?? []) assert.ok(ids.has(id));
});

test("the world total of May 2025 is the preferred Reuters figure, and its records are listed", async () => {
  const b = await brief(store, { period: month("2025-05") });
  assert.equal(b.world.qty.value, 1_238_000);
  assert.deepEqual([b.world.yoy_pct?.value, b.world.yoy_pct?.basis], [-74, "reported"]);
  assert.equal(b.world.record?.value, "lowest since 2020-02");
  assert.equal(b.world.record?.basis, "reported");
});

test("a month with its prior-year month known computes the change on the year", async () => {
  const b = await brief(store, { period: month("2025-07") });
  assert.equal(b.world.yoy_pct?.basis, "computed");
  assert.equal(b.world.yoy_pct?.value, (5_577_000 / 5_278_000 - 1) * 100);
});

test("after the November 2025 suspension, October's measures show as suspended and April's as in force", async () => {
  const b = await brief(store, { period: month("2025-12") });
  const rel = new Map(b.events.map((e) => [e.id, e.relation]));
  assert.equal(rel.get("CHN-2025-04-04-ann18"), "in_force");
  assert.equal(rel.get("CHN-2025-10-09-ann61-62"), "suspended");
});

test("a month with no world total is a usage error listing the months that have one", async () => {
  await assert.rejects(brief(store, { period: month("2025-02") }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(
      e.message,
      /^no observed world total for 2025-02; months with one: 2024-02, 2024-07, .*2026-03$/,
    );
    return true;
  });
});

test("the default month is the latest with an observed world total", async () => {
  const b = await brief(store);
  assert.equal(b.period, "2026-03");
});

for (const period of ["2025-05", "2025-06", "2025-07", "2025-12"]) {
  test(`the briefing for ${period} matches its golden text`, async () => {
    assertGolden(`brief-${period}.txt`, `${renderBrief(await brief(store, { period: month(period) }))}\n`);
  });
}

test("the June 2025 briefing as JSON matches its golden file", async () => {
  const b = await brief(store, { period: month("2025-06") });
  assertGolden("brief-2025-06.json", `${JSON.stringify(b, null, 2)}\n`);
});

test("no series month is both observed and derived, and derived months carry an interval", async () => {
  const s = await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" });
  for (const r of s.rows) {
    if (r.status === "derived") {
      assert.equal(r.qty?.basis, "derived", formatMonth(r.month));
      assert.ok(r.qty!.low! <= r.qty!.value && r.qty!.value <= r.qty!.high!, formatMonth(r.month));
    }
    if (r.status === "observed") assert.equal(r.qty?.basis, "observed");
  }
  const checks = s.checks.filter((c) => c.partner === "WLD");
  assert.ok(checks.length > 0);
  const sepOct = checks.find((c) => formatMonth(c.start) === "2024-09" && formatMonth(c.end) === "2024-10");
  assert.deepEqual([sepOct?.stated, sepOct?.consistent], [9_640_000, true]);
});
