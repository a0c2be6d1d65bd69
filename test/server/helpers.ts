// Shared by the server tests: one in-memory store with the bundled data, an app over it (no
// socket: requests go through app.inject), the token, and checks common to every route.
import assert from "node:assert/strict";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { openLodestone, type Store } from "../../src/index.js";
import { buildApp, type AppOptions } from "../../src/server/app.js";

export const TOKEN = "test-token-0123456789abcdef";
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export interface Served {
  readonly app: FastifyInstance;
  readonly store: Store;
  close(): Promise<void>;
}

/** A fresh store with the bundled data and an app over it; rate limiting off unless asked. */
export async function serve(opts: Partial<AppOptions> = {}): Promise<Served> {
  const { store } = await openLodestone(":memory:");
  const app = await buildApp({ store, token: TOKEN, webRoot: null, rateLimit: false, ...opts });
  return {
    app,
    store,
    close: async () => {
      await app.close();
      store.close();
    },
  };
}

/**
 * The core's result as JSON sees it: what the API must answer, field for field (typed as the
 * result: these results have no dates or undefined values, so JSON keeps their shape).
 */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A 400 problem that names the field. */
export function assertBadField(res: LightMyRequestResponse, field: string, detail?: RegExp): void {
  assert.equal(res.statusCode, 400, res.body);
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
  const p = res.json();
  assert.equal(p.status, 400);
  assert.equal(p.field, field);
  assert.equal(p.type, "urn:lodestone:problem:invalid-request");
  if (detail) assert.match(p.detail, detail);
}

/** A CSV download: the attachment header, CRLF rows, and the parsed header and rows. */
export function csvOf(res: LightMyRequestResponse, name: string): { header: string[]; rows: string[] } {
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers["content-type"]), /^text\/csv/);
  assert.equal(res.headers["content-disposition"], `attachment; filename="lodestone-${name}.csv"`);
  assert.ok(res.body.endsWith("\r\n"));
  const [head = "", ...rows] = res.body.slice(0, -2).split("\r\n");
  return { header: head.split(","), rows };
}

/** A Parquet download: the attachment header and the file's magic bytes at both ends. */
export function assertParquet(res: LightMyRequestResponse, name: string): void {
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers["content-type"], "application/vnd.apache.parquet");
  assert.equal(res.headers["content-disposition"], `attachment; filename="lodestone-${name}.parquet"`);
  assert.equal(res.rawPayload.subarray(0, 4).toString("latin1"), "PAR1");
  assert.equal(res.rawPayload.subarray(-4).toString("latin1"), "PAR1");
}
