// PostgreSQL specifics: parameters in its form, passwords never shown, connection failures in one
// line, and imports from several processes at once that serialise (nothing lost, no duplicates).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { redactUrl } from "../../../src/data/store/location.js";
import { PgStore, toPg } from "../../../src/data/store/pg-store.js";
import { Store } from "../../../src/data/store/store.js";
import { StoreError } from "../../../src/errors.js";
import { createTestDatabase, PG_URL, pgSkip, requirePg } from "../../helpers/pg.js";
import { writeTemp } from "../../helpers/store.js";

describe("PostgreSQL parameters", () => {
  it("numbers ? in order, leaving quoted text and comments alone", () => {
    assert.deepEqual(toPg("SELECT ?, '?', \"a?\" -- ?\n, ?", [1, 2]), {
      text: "SELECT $1, '?', \"a?\" -- ?\n, $2",
      values: [1, 2],
    });
  });
  it("gives a repeated $name one number, typed text when the value is text or NULL", () => {
    assert.deepEqual(toPg("WHERE ($r IS NULL OR r = $r) AND id = $id", { r: null, id: 3 }), {
      text: "WHERE ($1::text IS NULL OR r = $1::text) AND id = $2",
      values: [null, 3],
    });
  });
  it("refuses a $name without a value", () => {
    assert.throws(() => toPg("SELECT $x", {}), /no value for the SQL parameter \$x/);
  });
});

describe("PostgreSQL credentials", () => {
  it("redacts a password in a URL, also as a query parameter, and leaves a file path alone", () => {
    assert.equal(redactUrl("postgres://lodestone:s3cret@db:5432/x"), "postgres://lodestone:***@db:5432/x");
    assert.equal(
      redactUrl("postgresql://u@db/x?password=s3cret&ssl=1"),
      "postgresql://u@db/x?password=***&ssl=1",
    );
    assert.equal(redactUrl("postgres://u@db/x"), "postgres://u@db/x");
    assert.equal(redactUrl("/home/me/lodestone.duckdb"), "/home/me/lodestone.duckdb");
  });

  it("an unreachable server is one StoreError line without the password", async () => {
    const url = "postgres://lodestone:hunter2-secret@127.0.0.1:1/lodestone";
    await assert.rejects(Store.open(url), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(
        e.message,
        /^cannot connect to the database postgres:\/\/lodestone:\*\*\*@127\.0\.0\.1:1\/lodestone: /,
      );
      assert.ok(!e.message.includes("hunter2"), e.message);
      return true;
    });
  });

  it(
    "a missing database is one StoreError line without the password; store.path is redacted",
    { skip: pgSkip() },
    async () => {
      requirePg();
      const url = new URL(PG_URL);
      url.password = "hunter2-secret";
      url.pathname = "/lodestone_no_such_database";
      await assert.rejects(Store.open(url.toString()), (e: unknown) => {
        assert.ok(e instanceof StoreError);
        // The server checks the password or the database first, as it is configured.
        assert.match(
          e.message,
          /^cannot connect to the database postgres:\/\/[^:]+:\*\*\*@[^/]+\/lodestone_no_such_database: (.*does not exist|password authentication failed.*)$/,
        );
        assert.ok(!e.message.includes("hunter2"), e.message);
        return true;
      });
      const db = await createTestDatabase();
      try {
        const store = await PgStore.open(db.url);
        try {
          const password = new URL(db.url).password;
          if (password) assert.ok(!store.path.includes(`:${password}@`), store.path);
          assert.equal(store.path, redactUrl(db.url));
        } finally {
          await store.end();
        }
      } finally {
        await db.drop();
      }
    },
  );
});

const HEADER =
  "period,reporter,partner,flow,commodity,quantity_kg,value_usd,yoy_pct,mom_pct,source,source_url,source_date,preferred,note,source_kind";

/** An observations file of `rows` rows, its quantities and partner names unique to `tag`. */
function observations(tag: string, rows: number): string {
  const lines = Array.from(
    { length: rows },
    (_, i) =>
      `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")},CHN,WLD,export,re-magnets,${i + 1},,,,${tag},,,1,,press`,
  );
  return `${HEADER}\n${lines.join("\n")}\n`;
}

function importer(location: string, files: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/helpers/pg-import.ts", location, ...files],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`importer exited ${code}: ${err}`)),
    );
  });
}

describe("two processes importing into one PostgreSQL database", { skip: pgSkip() }, () => {
  it("lose nothing and duplicate nothing, and a file both import lands once", async () => {
    const db = await createTestDatabase();
    try {
      const files = Array.from({ length: 8 }, (_, i) =>
        writeTemp(`p${i}.csv`, observations(`src-${i}`, 300)),
      );
      const shared = writeTemp("shared.csv", observations("shared", 120));
      // Both start on an empty database: they also race to migrate it.
      const [a, b] = await Promise.all([
        importer(db.url, [files[0]!, shared, files[2]!, files[4]!, files[6]!]),
        importer(db.url, [files[1]!, files[3]!, shared, files[5]!, files[7]!]),
      ]);
      const statuses = [...a.trim().split("\n"), ...b.trim().split("\n")].map(
        (l) => JSON.parse(l) as { file: string; status: string },
      );
      assert.deepEqual(
        statuses
          .filter((s) => s.file === shared)
          .map((s) => s.status)
          .sort(),
        ["imported", "unchanged"],
      );
      const store = await Store.open(db.url);
      try {
        assert.deepEqual(await store.all("SELECT count(*) AS n FROM imports"), [{ n: 9 }]);
        assert.deepEqual(await store.all("SELECT count(*) AS n FROM schema_info"), [{ n: 2 }]);
        assert.deepEqual(
          await store.all(
            "SELECT count(*) AS n, count(DISTINCT flow_id) AS ids, count(DISTINCT (source_id, source_line)) AS cells FROM trade_flows",
          ),
          [{ n: 8 * 300 + 120, ids: 8 * 300 + 120, cells: 8 * 300 + 120 }],
        );
        const perSource = await store.all<{ citation: string; n: number; total: number }>(
          "SELECT s.citation, count(*) AS n, sum(f.qty_kg) AS total FROM trade_flows f JOIN sources s USING (source_id) GROUP BY 1 ORDER BY 1",
        );
        assert.deepEqual(perSource, [
          { citation: "shared", n: 120, total: (120 * 121) / 2 },
          ...Array.from({ length: 8 }, (_, i) => ({ citation: `src-${i}`, n: 300, total: (300 * 301) / 2 })),
        ]);
      } finally {
        await store.end();
      }
    } finally {
      await db.drop();
    }
  });
});

describe("two servers on one PostgreSQL database importing at once", { skip: pgSkip() }, () => {
  it("lose nothing and duplicate nothing: each upload lands once, a file sent to both lands once", async () => {
    const db = await createTestDatabase();
    const servers: { base: string; stop: () => Promise<void> }[] = [];
    try {
      // Both servers start together on the empty database: they also race to migrate it.
      servers.push(...(await Promise.all([server(db.url), server(db.url)])));
      const files = Array.from({ length: 6 }, (_, i) => ({
        name: `s${i}.csv`,
        text: observations(`srv-${i}`, 200),
      }));
      const shared = { name: "both.csv", text: observations("both", 90) };
      const upload = async (base: string, f: { name: string; text: string }) => {
        const res = await fetch(`${base}api/imports?name=${f.name}`, {
          method: "POST",
          headers: { authorization: `Bearer ${SERVER_TOKEN}`, "content-type": "text/csv" },
          body: f.text,
        });
        assert.equal(res.status, 200, await res.clone().text());
        return ((await res.json()) as { status: string }).status;
      };
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const statuses = await Promise.all([
        ...files.map((f, i) => upload(i % 2 ? b.base : a.base, f)),
        upload(a.base, shared),
        upload(b.base, shared),
      ]);
      assert.deepEqual(statuses.slice(0, 6), Array(6).fill("imported"));
      assert.deepEqual(statuses.slice(6).sort(), ["imported", "unchanged"]);
      const store = await Store.open(db.url);
      try {
        assert.deepEqual(await store.all("SELECT count(*) AS n FROM schema_info"), [{ n: 2 }]);
        const perSource = await store.all<{ citation: string; n: number; ids: number }>(
          "SELECT s.citation, count(*) AS n, count(DISTINCT f.flow_id) AS ids FROM trade_flows f JOIN sources s USING (source_id) WHERE s.citation LIKE 'srv-%' OR s.citation = 'both' GROUP BY 1 ORDER BY 1",
        );
        assert.deepEqual(perSource, [
          { citation: "both", n: 90, ids: 90 },
          ...files.map((_, i) => ({ citation: `srv-${i}`, n: 200, ids: 200 })),
        ]);
      } finally {
        await store.end();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await db.drop();
    }
  });
});

const SERVER_TOKEN = "two-servers-token-0123456789";

/** `lodestone serve` on the database, on a free port; resolves once it listens. */
function server(location: string): Promise<{ base: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["bin/lodestone.js", "--db", location, "serve", "--port", "0", "--rate-limit", "100000"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LODESTONE_TOKEN: SERVER_TOKEN } },
    );
    let out = "";
    let err = "";
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Lodestone at (http:\/\/\S+\/)/.exec(out);
      if (m)
        resolve({
          base: m[1]!,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
