// The message of the ImportError a promise rejects with; fails on any other outcome.
import assert from "node:assert/strict";
import { ImportError } from "../../src/errors.js";

export async function importError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected an ImportError");
}
