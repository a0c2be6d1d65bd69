// Golden files: compare rendered output with test/golden/<name>. On a mismatch write <name>-changed
// beside it for a diff; UPDATE_GOLDEN=1 rewrites goldens, never under CI.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function assertGolden(name: string, actual: string): void {
  const path = join("test", "golden", name);
  const changed = path.replace(/(\.\w+)$/, "-changed$1");
  if (process.env.UPDATE_GOLDEN === "1" && process.env.CI !== "true") {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    writeFileSync(changed, actual);
    assert.fail(`no golden file ${path}; wrote ${changed} (run with UPDATE_GOLDEN=1 to accept)`);
  }
  const expected = readFileSync(path, "utf8");
  if (expected !== actual) {
    writeFileSync(changed, actual);
    assert.equal(actual, expected, `output differs from ${path}; see ${changed}`);
  }
}
