// PostgreSQL for tests: LODESTONE_TEST_PG names a server and a database its user may connect to;
// each test file gets a database of its own (created here, dropped when done), so runs never
// collide. Unset: the PostgreSQL cases skip with the reason, except under CI=true, where they fail.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_URL = process.env.LODESTONE_TEST_PG ?? "";

const REASON =
  "LODESTONE_TEST_PG is not set (e.g. postgres://lodestone:lodestone@127.0.0.1:5432/lodestone_test)";

/** `false` when PostgreSQL tests can run; else the reason to skip (printed once). */
export function pgSkip(): false | string {
  if (PG_URL) return false;
  if (process.env.CI === "true") return false;
  return REASON;
}

/** Fails under CI when the PostgreSQL URL is missing (the caller's case then runs and fails). */
export function requirePg(): void {
  if (!PG_URL) assert.fail(`PostgreSQL tests cannot run under CI=true: ${REASON}`);
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, with the URL to reach it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  requirePg();
  const name = `lodestone_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
