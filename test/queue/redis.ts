// The queue tests need a Redis server, named by LODESTONE_TEST_REDIS (locally redis://127.0.0.1:6379).
// Without it they skip with the reason, except under CI=true, where that is a failure.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE_NAME } from "../../src/queue/protocol.js";
import { parseRedisUrl, redisConnection } from "../../src/queue/redis-url.js";
import { parseNetwork, parseScenario } from "../../src/sim/load.js";

export const REDIS = process.env.LODESTONE_TEST_REDIS ?? "";

/** Runs `tests` as a suite when LODESTONE_TEST_REDIS is set; otherwise skips it with the reason (fails under CI=true). */
export function redisSuite(name: string, tests: () => void): void {
  const missing = REDIS ? "" : "LODESTONE_TEST_REDIS is not set (e.g. redis://127.0.0.1:6379)";
  if (!missing) return void describe(name, tests);
  if (process.env.CI === "true") {
    test(`${name}: LODESTONE_TEST_REDIS is set (CI=true)`, () => assert.fail(missing));
  } else {
    console.log(`# skipping ${name}: ${missing}`);
    test(name, { skip: missing }, () => {});
  }
}

/** A key prefix of its own, so that test runs never share a queue. */
export const uniquePrefix = () => `lodestone-test-${randomUUID().slice(0, 8)}`;

/** Deletes every key under the test's prefix: the queue's and the runs' (cancel flags, results). */
export async function dropQueue(prefix: string): Promise<void> {
  const q = new Queue(QUEUE_NAME, { connection: redisConnection(parseRedisUrl(REDIS)), prefix });
  try {
    await q.obliterate({ force: true });
    const client = new Redis(redisConnection(parseRedisUrl(REDIS)));
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await client.quit();
  } finally {
    await q.close();
  }
}

/** The reference network under the April 2025 controls, 24 months: the inputs the CLI ships with. */
export function referenceInputs() {
  const root = new URL("../../data/sim/", import.meta.url);
  const network = parseNetwork(readFileSync(new URL("network.yaml", root), "utf8"), "network.yaml");
  const scenario = parseScenario(
    readFileSync(new URL("scenarios/april-2025.yaml", root), "utf8"),
    "april-2025.yaml",
    network,
  );
  return { network, scenario };
}
