import { test } from "node:test";
import assert from "node:assert/strict";
import { eventsLoader, eventStartDate } from "../../../src/data/sources/events.js";
import { parseFile } from "../../../src/data/sources/registry.js";
import { ImportError } from "../../../src/errors.js";

const HEADER =
  "id,date,actor,type,elements,products,destinations,end_uses,scope,description,status,end_date,derived,suspends,source,source_url,source_date";
const bytes = (t: string) => new TextEncoder().encode(t);

const GOOD = `${HEADER}
A18,2025-04-04,CHN,export_control,Sm;Dy,re-magnets;re-metals,,,seven REEs,Licensing,in_force,,0,,MOFCOM,,2025-04
O9,2025-10-09,CHN,export_control,Ho,re-magnets,,,more REEs,Oct controls,suspended,,0,,MOFCOM,,2025-10
S70,2025-11-07,CHN,relaxation,,,,,suspension,Suspends O9,in_force,2026-11-10,0,O9,MOFCOM,,2025-11
`;

test("reads scope lists, statuses and suspensions", () => {
  const p = eventsLoader.parse(bytes(GOOD), "ev.csv");
  assert.ok(!(p instanceof Promise));
  assert.equal(p.events.length, 3);
  assert.deepEqual(p.events[0]?.elements, ["Sm", "Dy"]);
  assert.deepEqual(p.events[0]?.products, ["re-magnets", "re-metals"]);
  assert.deepEqual(p.events[0]?.destinations, []);
  assert.deepEqual(p.events[2]?.suspends, ["O9"]);
  assert.equal(p.events[2]?.endDate, "2026-11-10");
  assert.equal(p.sources.length, 3, "one source per distinct citation and date");
});

test("event dates of a year or month start on their first day", () => {
  assert.equal(eventStartDate("2006"), "2006-01-01");
  assert.equal(eventStartDate("2025-10"), "2025-10-01");
  assert.equal(eventStartDate("2025-10-09"), "2025-10-09");
  assert.equal(eventStartDate("2025-13"), null);
});

test("rejects a suspension of an id the file does not hold", async () => {
  const bad = GOOD.replace("in_force,2026-11-10,0,O9", "in_force,2026-11-10,0,O10");
  await assert.rejects(parseFile(bytes(bad), "ev.csv"), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.message, 'ev.csv:4: suspends: no event with id "O10" in this file');
    return true;
  });
});

test("rejects an unknown status and a repeated id with their lines", async () => {
  await assert.rejects(parseFile(bytes(GOOD.replace("suspended,,0", "paused,,0")), "ev.csv"), {
    message:
      'ev.csv:3: status: "paused" is not one of announced, in_force, suspended, ended, scheduled, threat',
  });
  await assert.rejects(parseFile(bytes(GOOD.replace("O9,2025-10-09", "A18,2025-10-09")), "ev.csv"), {
    message: 'ev.csv:3: id: "A18" is already used on line 2',
  });
});
