// One suite, two engines: every case runs on DuckDB (in memory) and on PostgreSQL (a database of
// its own per case, from LODESTONE_TEST_PG; skipped with the reason when unset, failed under CI).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { exportFlowsToFile } from "../../../src/data/export.js";
import { openLodestone } from "../../../src/data/open.js";
import { importBytes, importFile } from "../../../src/data/import-file.js";
import { listConflicts } from "../../../src/data/provenance.js";
import { DuckDbStore } from "../../../src/data/store/duckdb-store.js";
import { Store } from "../../../src/data/store/store.js";
import { writeImport } from "../../../src/data/store/write-import.js";
import { observationsLoader } from "../../../src/data/sources/observations.js";
import type { FlowRecord, ParsedFile } from "../../../src/data/sources/parsed.js";
import { ImportError } from "../../../src/errors.js";
import { brief } from "../../../src/monitor/briefing.js";
import { monitorAll, monthlySeries, readEvents } from "../../../src/monitor/series.js";
import { mirrorStatistics } from "../../../src/risk/mirror.js";
import { JobArchive } from "../../../src/jobs/job-archive.js";
import type { JobStatus } from "../../../src/jobs/result.js";
import { monthOf } from "../../../src/units/month.js";
import { createTestDatabase, pgSkip } from "../../helpers/pg.js";
import { storeDigest, tempDir, writeTemp } from "../../helpers/store.js";

interface Backend {
  readonly name: string;
  readonly skip: false | string;
  /** A fresh, empty, migrated store, and how to dispose of it. */
  fresh(): Promise<{ location: string; dispose(): Promise<void> }>;
}

const duckdb: Backend = {
  name: "DuckDB",
  skip: false,
  fresh: () => Promise.resolve({ location: ":memory:", dispose: () => Promise.resolve() }),
};

const postgres: Backend = {
  name: "PostgreSQL",
  skip: pgSkip(),
  async fresh() {
    const db = await createTestDatabase();
    return { location: db.url, dispose: () => db.drop() };
  },
};

const HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note,source_kind";
const bytes = (t: string) => new TextEncoder().encode(t);

/** Runs `fn` on a fresh store of the backend, then closes and drops it. */
async function withStore(b: Backend, fn: (store: Store) => Promise<void>): Promise<void> {
  const { location, dispose } = await b.fresh();
  try {
    const store = await Store.open(location);
    try {
      await fn(store);
    } finally {
      await store.end();
    }
  } finally {
    await dispose();
  }
}

function storeSuite(b: Backend): void {
  describe(`the store on ${b.name}`, { skip: b.skip }, () => {
    it("creates the schema at the latest version, one schema_info row per migration", () =>
      withStore(b, async (store) => {
        assert.equal(store.dialect, b === duckdb ? "duckdb" : "postgres");
        assert.equal(await store.schemaVersion(), 2);
        const tables = await store.all<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' " +
            "AND table_schema = current_schema() ORDER BY 1",
        );
        assert.deepEqual(
          tables.map((t) => t.table_name),
          ["events", "imports", "job_results", "saved_specs", "schema_info", "sources", "trade_flows"],
        );
        const versions = await store.all<{ version: number }>("SELECT version FROM schema_info ORDER BY 1");
        assert.deepEqual(versions, [{ version: 1 }, { version: 2 }]);
      }));

    it("gives BIGINT as a number and DATE as YYYY-MM-DD, and takes ? and $name parameters", () =>
      withStore(b, async (store) => {
        const rows = await store.all<{ n: number; d: string; s: string; t: string | null }>(
          "SELECT CAST(? AS BIGINT) AS n, CAST('2025-06-01' AS DATE) AS d, CAST(? AS VARCHAR) AS s, " +
            "CAST(NULL AS VARCHAR) AS t",
          [42, "it's ?"],
        );
        assert.deepEqual(rows, [{ n: 42, d: "2025-06-01", s: "it's ?", t: null }]);
        const named = await store.all<{ x: string | null }>(
          "SELECT CASE WHEN $a IS NULL THEN 'none' ELSE $a END AS x",
          { a: null },
        );
        assert.deepEqual(named, [{ x: "none" }]);
      }));

    it("imports a file, and the same bytes again are a no-op that says so", () =>
      withStore(b, async (store) => {
        const first = await importFile(store, "test/fixtures/observations/magnets-small.csv");
        assert.equal(first.status, "imported");
        assert.equal(first.flows, 11);
        assert.equal(first.sources, 7);
        const before = await storeDigest(store);
        const again = await importFile(store, "test/fixtures/observations/magnets-small.csv");
        assert.equal(again.status, "unchanged");
        assert.equal(again.importId, first.importId);
        assert.match(again.firstImportedAt ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        assert.equal(await storeDigest(store), before);
      }));

    it("a file whose last row is bad leaves the store as it was", () =>
      withStore(b, async (store) => {
        await importFile(store, "test/fixtures/observations/magnets-small.csv");
        const before = await storeDigest(store);
        const good = Array.from(
          { length: 50 },
          (_, i) =>
            `2025-${String((i % 12) + 1).padStart(2, "0")},CHN,DEU,export,re-magnets,${i},,,,S${i},,,1,,press`,
        );
        const path = writeTemp(
          "bad-last.csv",
          `${HEADER}\n${good.join("\n")}\n2025-06,CHN,DEU,export,re-magnets,-1,,,,Z,,,1,,press\n`,
        );
        await assert.rejects(importFile(store, path), (e: unknown) => {
          assert.ok(e instanceof ImportError);
          assert.equal(e.message, `${path}:52: quantity_kg: -1 is negative`);
          return true;
        });
        assert.equal(await storeDigest(store), before);
      }));

    it("a write that fails on its last row rolls back every row before it", () =>
      withStore(b, async (store) => {
        const good = observationsLoader.parse(
          bytes(`${HEADER}\n2025-06,CHN,WLD,export,re-magnets,5,,,,S,,,1,,press\n`),
          "x.csv",
        ) as ParsedFile;
        const row = good.flows[0] as FlowRecord;
        const broken: ParsedFile = {
          ...good,
          flows: [
            row,
            { ...row, line: 3, partner: "DEU" },
            { ...row, line: 4, reporter: null as unknown as string },
          ],
        };
        const before = await storeDigest(store);
        await assert.rejects(writeImport(store, broken, { fileName: "x.csv", sha256: "feed" }));
        assert.equal(await storeDigest(store), before);
      }));

    it("a new edition of a bundled table replaces the old one", () =>
      withStore(b, async (store) => {
        const v1 = `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,100,,,,S,,,1,,press\n`;
        const v2 = `${HEADER}\n2025-06,CHN,WLD,export,re-magnets,200,,,,S,,,1,,press\n`;
        await importBytes(store, bytes(v1), "t.csv", { bundledPath: "observations/t.csv" });
        const r = await importBytes(store, bytes(v2), "t.csv", { bundledPath: "observations/t.csv" });
        assert.equal(r.status, "replaced");
        assert.deepEqual(await store.all("SELECT qty_kg FROM trade_flows"), [{ qty_kg: 200 }]);
        assert.deepEqual(await store.all("SELECT count(*) AS n FROM imports"), [{ n: 1 }]);
      }));

    it("the best view ranks customs over press, then preferred, then later date, then precision; conflicts stay listed", () =>
      withStore(b, async (store) => {
        const text = `${HEADER}
2025-06,CHN,WLD,export,re-magnets,3300000,,,,Press old,,2025-07-01,0,,press
2025-06,CHN,WLD,export,re-magnets,3188000,,,,Press newer,,2025-07-21,0,,press
2025-06,CHN,WLD,export,re-magnets,3188470,,,,Press precise,,2025-07-21,0,,press
2025-07,CHN,WLD,export,re-magnets,5577000,,,,Press pref,,2025-08-01,1,,press
2025-07,CHN,WLD,export,re-magnets,5577130,,,,Press newer,,2025-08-26,0,,press
2025-08,CHN,WLD,export,re-magnets,6146000,,,,Press pref,,2025-09-20,1,,press
2025-08,CHN,WLD,export,re-magnets,6145999,,,,Customs,,2025-09-20,,,customs
`;
        await importBytes(store, bytes(text), "rank.csv");
        const best = await store.all(
          "SELECT start_month, v, citation, versions FROM best WHERE measure = 'qty_kg' ORDER BY start_month",
        );
        assert.deepEqual(best, [
          { start_month: monthOf(2025, 6), v: 3188470, citation: "Press precise", versions: 3 },
          { start_month: monthOf(2025, 7), v: 5577000, citation: "Press pref", versions: 2 },
          { start_month: monthOf(2025, 8), v: 6145999, citation: "Customs", versions: 2 },
        ]);
        const conflicts = await listConflicts(store);
        assert.equal(conflicts.length, 3);
        const june = conflicts.find((c) => c.period === "2025-06");
        assert.deepEqual(
          june?.versions.map((v) => [v.value, v.won]),
          [
            [3188470, true],
            [3188000, false],
            [3300000, false],
          ],
        );
        assert.equal(june?.withinRounding, false, "3.3 million kg lies outside the rounding of 3,188.47 t");
        assert.equal(conflicts.find((c) => c.period === "2025-07")?.withinRounding, true);
      }));

    it("keeps a finished job's times to the millisecond and lists the newest first", () =>
      withStore(b, async (store) => {
        const archive = new JobArchive(store);
        const job = (id: string, finishedAt: string): JobStatus => ({
          id,
          kind: "sim-run",
          label: `run ${id}`,
          state: "succeeded",
          progress: null,
          position: 0,
          createdAt: "2026-05-01T09:30:00.123Z",
          startedAt: null,
          finishedAt,
          error: null,
          request: { kind: "sim-run" } as unknown as JobStatus["request"],
        });
        await archive.save(job("a", "2026-05-01T09:31:00.456Z"), '{"x":1}');
        await archive.save(job("b", "2026-05-01T09:32:00.789Z"), null);
        assert.deepEqual(await archive.status("a"), job("a", "2026-05-01T09:31:00.456Z"));
        assert.equal(await archive.result("a"), '{"x":1}');
        assert.deepEqual(
          (await archive.list()).map((j) => j.id),
          ["b", "a"],
        );
      }));

    it("a transaction that throws leaves nothing behind, and a nested one joins it", () =>
      withStore(b, async (store) => {
        await assert.rejects(
          store.transaction(async () => {
            await store.run("INSERT INTO saved_specs VALUES (?, ?, ?, ?, now())", [
              "scenarios",
              "a",
              "t",
              "h",
            ]);
            await store.transaction(() =>
              store.run("INSERT INTO saved_specs VALUES (?, ?, ?, ?, now())", ["scenarios", "b", "t", "h"]),
            );
            throw new Error("boom");
          }),
          /boom/,
        );
        assert.deepEqual(await store.all("SELECT count(*) AS n FROM saved_specs"), [{ n: 0 }]);
      }));
  });
}

storeSuite(duckdb);
storeSuite(postgres);

describe("the monitor on both engines", { skip: postgres.skip }, () => {
  it("gives identical series, briefing, events, conflicts and mirror gaps on the bundled data", async () => {
    const { location, dispose } = await postgres.fresh();
    try {
      const pg = (await openLodestone(location)).store;
      const duck = (await openLodestone(":memory:")).store;
      try {
        assert.ok(duck instanceof DuckDbStore);
        const same = async (what: string, f: (s: Store) => Promise<unknown>) => {
          const [a, b] = [JSON.stringify(await f(duck)), JSON.stringify(await f(pg))];
          assert.ok(a.length > 2, `${what} is not empty`);
          assert.equal(b, a, `${what} differs between DuckDB and PostgreSQL`);
        };
        await same("monthlySeries CHN export re-magnets", (s) =>
          monthlySeries(s, { reporter: "CHN", flow: "export", commodity: "re-magnets" }),
        );
        await same("every series (monitorAll)", (s) => monitorAll(s));
        await same("brief 2025-06", (s) => brief(s, { period: monthOf(2025, 6) }));
        await same("events", (s) => readEvents(s));
        await same("conflicts", (s) => listConflicts(s));
        await same("mirror statistics", (s) => mirrorStatistics(s));
        // Files: PostgreSQL's rows go through a throwaway DuckDB, with the same column types.
        const dir = tempDir();
        for (const format of ["csv", "json"] as const) {
          const [a, b] = [join(dir, `duck.${format}`), join(dir, `pg.${format}`)];
          assert.equal(await exportFlowsToFile(pg, format, b), await exportFlowsToFile(duck, format, a));
          assert.equal(readFileSync(b, "utf8"), readFileSync(a, "utf8"), `the ${format} export differs`);
        }
        const parquet = join(dir, "pg.parquet");
        const n = await exportFlowsToFile(pg, "parquet", parquet);
        assert.deepEqual(await duck.all(`SELECT count(*) AS n FROM read_parquet('${parquet}')`), [{ n }]);
      } finally {
        await pg.end();
        duck.close();
      }
    } finally {
      await dispose();
    }
  });
});
