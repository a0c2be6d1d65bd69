// The write token: from the environment, a given file or the data directory; created 0600 once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../src/index.js";
import { bearerMatches, resolveToken } from "../../src/server/token.js";
import { tempDir } from "../helpers/store.js";

const posix = process.platform !== "win32";

test("LODESTONE_TOKEN wins over any file", () => {
  const t = resolveToken({
    env: { LODESTONE_TOKEN: "  abcdefghijklmnopqrstuvwxyz  " },
    tokenFile: "/nonexistent/x",
  });
  assert.deepEqual(t, { token: "abcdefghijklmnopqrstuvwxyz", from: "env", path: null, created: false });
});

test("a weak token is refused with a usage error", () => {
  assert.throws(() => resolveToken({ env: { LODESTONE_TOKEN: "short" } }), UsageError);
});

test("on first start the token file is created, owner-only, with 32 random bytes; later starts read it", () => {
  const dataHome = tempDir();
  const env = { XDG_DATA_HOME: dataHome };
  const first = resolveToken({ env, platform: "linux" });
  assert.equal(first.created, true);
  assert.equal(first.path, join(dataHome, "lodestone", "token"));
  assert.match(first.token, /^[0-9a-f]{64}$/);
  assert.equal(readFileSync(first.path as string, "utf8"), `${first.token}\n`);
  if (posix) assert.equal(statSync(first.path as string).mode & 0o777, 0o600);
  const again = resolveToken({ env, platform: "linux" });
  assert.deepEqual(again, { ...first, created: false });
});

test(
  "--token-file names the file; one other users can read is refused",
  { skip: !posix && "POSIX modes" },
  () => {
    const path = join(tempDir(), "my-token");
    writeFileSync(path, "0123456789abcdef0123\n", { mode: 0o644 });
    chmodSync(path, 0o644);
    assert.throws(
      () => resolveToken({ env: {}, tokenFile: path }),
      /can be read by other users: run `chmod 600/,
    );
    chmodSync(path, 0o600);
    assert.equal(resolveToken({ env: {}, tokenFile: path }).token, "0123456789abcdef0123");
  },
);

test("the bearer check accepts only the exact token", () => {
  const token = "0123456789abcdef0123";
  assert.equal(bearerMatches(`Bearer ${token}`, token), true);
  assert.equal(bearerMatches(`bearer ${token}`, token), true);
  assert.equal(bearerMatches(`Bearer ${token}x`, token), false);
  assert.equal(bearerMatches(`Basic ${token}`, token), false);
  assert.equal(bearerMatches(token, token), false);
  assert.equal(bearerMatches(undefined, token), false);
  assert.equal(bearerMatches("Bearer ", token), false);
});
