import { test } from "node:test";
import assert from "node:assert/strict";
import { eventsForMonth, statusPeriods, type PolicyEvent } from "../../src/monitor/events.js";
import { monthOf } from "../../src/units/month.js";
import { eventStartDate } from "../../src/data/sources/events.js";

const ev = (p: Partial<PolicyEvent> & Pick<PolicyEvent, "id" | "date">): PolicyEvent => ({
  start: eventStartDate(p.date) as string,
  actor: "CHN",
  type: "export_control",
  elements: [],
  products: ["re-magnets"],
  destinations: [],
  endUses: [],
  scopeText: "",
  description: "",
  status: "in_force",
  endDate: null,
  derived: false,
  suspends: [],
  sourceId: 1,
  ...p,
});

const apr = ev({ id: "ann18", date: "2025-04-04" });
const oct = ev({ id: "oct9", date: "2025-10-09", status: "suspended" });
const nov = ev({
  id: "ann70",
  date: "2025-11-07",
  type: "relaxation",
  products: [],
  endDate: "2026-11-10",
  suspends: ["oct9"],
});
const all = [apr, oct, nov];
const scope = { reporter: "CHN", partner: "WLD", commodity: "re-magnets" };

test("a suspension covers the measures it names and not the others", () => {
  assert.deepEqual(statusPeriods(apr, all), [{ status: "in_force", from: "2025-04-04", to: null }]);
  assert.deepEqual(statusPeriods(oct, all), [
    { status: "in_force", from: "2025-10-09", to: "2025-11-07" },
    { status: "suspended", from: "2025-11-07", to: "2026-11-10", by: "ann70" },
    { status: "in_force", from: "2026-11-10", to: null },
  ]);
});

test("a month lists measures in force, suspended ones and the events dated in it", () => {
  const dec = eventsForMonth(all, monthOf(2025, 12), scope);
  assert.deepEqual(
    dec.map((e) => [e.event.id, e.relation, e.detail]),
    [
      ["ann18", "in_force", "in force since 2025-04-04"],
      ["oct9", "suspended", "suspended from 2025-11-07 until 2026-11-10 by ann70"],
    ],
  );
  const novm = eventsForMonth(all, monthOf(2025, 11), scope);
  assert.deepEqual(
    novm.map((e) => [e.event.id, e.relation]),
    [
      ["ann18", "in_force"],
      ["oct9", "suspended"],
      ["ann70", "starts"],
    ],
  );
  assert.deepEqual(eventsForMonth(all, monthOf(2025, 3), scope), []);
  const apr25 = eventsForMonth(all, monthOf(2025, 4), scope);
  assert.deepEqual(
    apr25.map((e) => [e.event.id, e.relation, e.detail]),
    [["ann18", "starts", "in force from 2025-04-04"]],
  );
});

test("a destination-scoped measure touches its destination and the world, not other partners", () => {
  const jp = ev({ id: "jp", date: "2026-01-06", destinations: ["JPN"] });
  const m = monthOf(2026, 2);
  assert.equal(eventsForMonth([jp], m, { ...scope, partner: "JPN" }).length, 1);
  assert.equal(eventsForMonth([jp], m, scope).length, 1);
  assert.equal(eventsForMonth([jp], m, { ...scope, partner: "DEU" }).length, 0);
});

test("an ended measure with no end date applies only within its dated period; a threat never applies", () => {
  const quota = ev({ id: "q2006", date: "2006", status: "ended" });
  assert.deepEqual(statusPeriods(quota, [quota]), [
    { status: "in_force", from: "2006-01-01", to: "2007-01-01" },
  ]);
  const threat = ev({ id: "t", date: "2025-10", status: "threat", type: "tariff" });
  assert.deepEqual(eventsForMonth([threat], monthOf(2025, 11), scope), []);
});
