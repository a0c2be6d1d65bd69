// The store gate (reads share, a write is alone) and the response cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResponseCache } from "../../src/server/cache.js";
import { StoreGate } from "../../src/server/gate.js";

const tick = () => new Promise((r) => setImmediate(r));

test("reads run together; a write waits for them, runs alone, and goes before later reads", async () => {
  const gate = new StoreGate();
  const log: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const r1 = gate.read(async () => {
    log.push("r1 start");
    await held;
    log.push("r1 end");
  });
  const r2 = gate.read(async () => log.push("r2"));
  await tick();
  const w = gate.write(async () => {
    log.push("w start");
    await tick();
    log.push("w end");
  });
  const r3 = gate.read(async () => log.push("r3"));
  await tick();
  assert.deepEqual(log, ["r1 start", "r2"], "the write waits for r1; r3 waits behind the write");
  release();
  await Promise.all([r1, r2, w, r3]);
  assert.deepEqual(log, ["r1 start", "r2", "r1 end", "w start", "w end", "r3"]);
});

test("a failed write releases the gate", async () => {
  const gate = new StoreGate();
  await assert.rejects(
    gate.write(async () => Promise.reject(new Error("boom"))),
    /boom/,
  );
  assert.equal(await gate.read(async () => 1), 1);
});

test("the cache answers a key once computed, forgets on clear, and drops the least recently used", async () => {
  const cache = new ResponseCache(2);
  let n = 0;
  const compute = async () => String(++n);
  assert.equal(await cache.get("a", compute), "1");
  assert.equal(await cache.get("a", compute), "1");
  assert.equal(await cache.get("b", compute), "2");
  assert.equal(await cache.get("a", compute), "1");
  assert.equal(await cache.get("c", compute), "3"); // evicts b
  assert.equal(await cache.get("b", compute), "4");
  assert.deepEqual([cache.hits, cache.misses, cache.size], [2, 4, 2]);
  cache.clear();
  assert.equal(await cache.get("a", compute), "5");
});

test("a body computed while the cache was cleared is not kept (it may predate the import)", async () => {
  const cache = new ResponseCache();
  let release!: () => void;
  const slow = cache.get("k", () => new Promise<string>((r) => (release = () => r("old"))));
  cache.clear();
  release();
  assert.equal(await slow, "old");
  assert.equal(await cache.get("k", async () => "new"), "new");
});
