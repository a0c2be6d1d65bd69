// `lodestone serve` as a process: it starts on loopback (port 0: any free port; no request is
// made), prints where it listens and the token once, owns the database file while it runs, and
// stops cleanly on SIGTERM; a busy file is refused with the store's message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "../helpers/store.js";

const CLI = ["--import", "tsx", "test/server/serve-cli.ts"];

function env(dataHome: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: dataHome, NO_COLOR: "1" };
  delete e.LODESTONE_TOKEN;
  delete e.LODESTONE_DB;
  return e;
}

/** Starts the server and resolves with its output once it says where it listens. */
function start(
  args: string[],
  dataHome: string,
): Promise<{ child: ChildProcessWithoutNullStreams; out: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { env: env(dataHome) });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (/Write token[^\n]*\n(\s+\S+\n)?/.test(out) && out.includes("Lodestone at")) resolve({ child, out });
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

function stop(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: string | null; err: string }> {
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", (code, signal) => resolve({ code, signal, err }));
    child.kill("SIGTERM");
  });
}

test("serve prints its address and the new token once, holds the file, and stops on SIGTERM", async () => {
  const home = tempDir();
  const db = join(home, "served.duckdb");
  const first = await start(["--db", db, "serve", "--port", "0"], home);
  let stopped = false;
  try {
    assert.match(first.out, /^Lodestone at http:\/\/127\.0\.0\.1:\d+\/ \(API docs \/docs\)\n/);
    const token =
      /Write token \(shown once; stored in (.+), readable by you only\):\n {2}([0-9a-f]{64})\n/.exec(
        first.out,
      );
    assert.ok(token, first.out);
    assert.equal(token[1], join(home, "lodestone", "token"));

    // Another command on the same file is told the file is busy and pointed at the API.
    const second = spawnSync(process.execPath, [...CLI, "--db", db, "serve", "--port", "0"], {
      env: env(home),
      encoding: "utf8",
    });
    assert.equal(second.status, 1);
    assert.match(
      second.stderr,
      /^error: the database file .+served\.duckdb is busy: another process \(PID \d+\) has it open\. .*go through the server's API/,
    );

    const end = await stop(first.child);
    stopped = true;
    assert.equal(end.code, 0, `${end.signal} ${end.err}`);
    assert.match(end.err, /SIGTERM: stopping/);
    assert.match(end.err, /stopped; the database file is free/);

    // The file is free again, and the token is not printed a second time.
    const again = await start(["--db", db, "serve", "--port", "0"], home);
    assert.match(again.out, /Write token: in .+token\n/);
    assert.doesNotMatch(again.out, /[0-9a-f]{64}/);
    const end2 = await stop(again.child);
    assert.equal(end2.code, 0, `${end2.signal} ${end2.err}`);
  } finally {
    if (!stopped) first.child.kill("SIGKILL");
  }
});

test("a bad port is a usage error (exit 2) before anything opens", () => {
  const home = tempDir();
  const r = spawnSync(process.execPath, [...CLI, "--db", join(home, "x.duckdb"), "serve", "--port", "http"], {
    env: env(home),
    encoding: "utf8",
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'error: --port "http" is not a port (0–65535)\n');
});
