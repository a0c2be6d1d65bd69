import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/errors.js";
import { parseRedisUrl, redactRedisUrl } from "../../src/queue/redis-url.js";

test("a loopback Redis needs no password", () => {
  for (const url of [
    "redis://127.0.0.1:6379",
    "redis://localhost",
    "redis://[::1]:6380/2",
    "redis://127.8.9.1",
  ]) {
    const r = parseRedisUrl(url);
    assert.equal(r.loopback, true, url);
    assert.equal(r.password, undefined);
  }
  const r = parseRedisUrl("redis://[::1]:6380/2");
  assert.deepEqual([r.host, r.port, r.db], ["::1", 6380, 2]);
});

test("a remote Redis without a password is refused with the reason", () => {
  for (const url of ["redis://10.0.0.5:6379", "redis://redis.example.com", "redis://user@10.0.0.5"]) {
    assert.throws(
      () => parseRedisUrl(url),
      (e: unknown) =>
        e instanceof UsageError &&
        /not on this machine without a password/.test(e.message) &&
        e.message.includes(url.replace(/:6379$/, "")),
    );
  }
});

test("a remote Redis with a password is accepted, and the password is never in its display form", () => {
  const r = parseRedisUrl("redis://:s3cr%40t@10.0.0.5:6379/1");
  assert.equal(r.password, "s3cr@t");
  assert.equal(r.loopback, false);
  assert.equal(r.display, "redis://:***@10.0.0.5:6379/1");
  const u = parseRedisUrl("rediss://team:hunter2@redis.example.com");
  assert.deepEqual([u.username, u.password, u.tls, u.port], ["team", "hunter2", true, 6379]);
  assert.ok(!u.display.includes("hunter2"));
});

test("errors about a URL never print its password", () => {
  const bad = ["http://:hunter2@10.0.0.5", "redis://:hunter2@10.0.0.5/notadb", "redis://:hunter2@bad host:x"];
  for (const url of bad) {
    assert.throws(
      () => parseRedisUrl(url),
      (e: unknown) => e instanceof UsageError && !e.message.includes("hunter2"),
      url,
    );
    assert.ok(!redactRedisUrl(url).includes("hunter2"), url);
  }
});
