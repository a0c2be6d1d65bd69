// Errors as problem details: which status each kind of error gets, and what the client is told.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ImportError, LodestoneError, StoreError, UsageError } from "../../src/index.js";
import { problemFor } from "../../src/server/problem.js";

function classify(e: unknown, upload = false) {
  const logged: unknown[] = [];
  const p = problemFor(e, { upload, log: (err) => logged.push(err) });
  return { p, logged: logged.length };
}

test("a usage error is a 400 with its message", () => {
  const { p, logged } = classify(new UsageError("no observed world total for 1999-01"));
  assert.deepEqual(p, {
    type: "urn:lodestone:problem:invalid-request",
    title: "Bad request",
    status: 400,
    detail: "no observed world total for 1999-01",
  });
  assert.equal(logged, 0);
  const named = classify(new UsageError("no observed world total for 1999-01", "period")).p;
  assert.equal(named.field, "period", "a usage error that names its parameter passes it on");
});

test("an import error is a 422 with file, line and field for an upload, a logged 500 otherwise", () => {
  const e = new ImportError("up.csv", 7, "quantity_kg", "not a number");
  assert.deepEqual(classify(e, true).p, {
    type: "urn:lodestone:problem:import-rejected",
    title: "Import rejected",
    status: 422,
    detail: "up.csv:7: quantity_kg: not a number",
    file: "up.csv",
    line: 7,
    field: "quantity_kg",
  });
  const read = classify(e, false);
  assert.equal(read.p.status, 500);
  assert.equal(read.p.detail, "up.csv:7: quantity_kg: not a number");
  assert.equal(read.logged, 1);
});

test("a store error is a 503; another Lodestone error a 500 with its one line; anything else a bare 500", () => {
  assert.equal(classify(new StoreError("busy")).p.status, 503);
  assert.deepEqual(
    classify(new LodestoneError("EU CRM Nd: share is not a fraction")).p.detail,
    "EU CRM Nd: share is not a fraction",
  );
  const other = classify(new TypeError("Cannot read properties of undefined (reading 'x')"));
  assert.equal(other.p.status, 500);
  assert.equal(
    other.p.detail,
    "the server could not complete this request; the error is in the server's log",
  );
  assert.equal(other.logged, 1);
});

test("a client error Fastify raises keeps its status and message", () => {
  const e = Object.assign(new Error("Request body is too large"), { statusCode: 413 });
  assert.deepEqual(classify(e).p, {
    type: "urn:lodestone:problem:payload-too-large",
    title: "Payload too large",
    status: 413,
    detail: "Request body is too large",
  });
});
