// The job queue: order and concurrency, failures, persistence, and both ways a running job stops —
// the core hearing its AbortSignal (a real worker thread, in the middle of a synchronous grid search)
// and the hard stop of a task that does not listen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { MessagePort } from "node:worker_threads";
import {
  closeSimWorkers,
  JobQueue,
  jobRequestSchema,
  openLodestone,
  resolveJob,
  SpecLibrary,
  type JobInput,
  type JobStatus,
  type Store,
} from "../../src/index.js";

let store: Store;
let lib: SpecLibrary;
before(async () => {
  store = (await openLodestone(":memory:")).store;
  lib = new SpecLibrary(store);
});
after(async () => {
  store.close();
  await closeSimWorkers();
});

const input = (runs: number) =>
  resolveJob(jobRequestSchema.parse({ kind: "sim-run", scenario: "april-2025", runs }), lib, store);

async function finished(q: JobQueue, id: string): Promise<JobStatus> {
  for (;;) {
    const s = q.status(id)!;
    if (s.finishedAt) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A runner whose tasks finish when the test says, and never listen to their port. */
function manualRunner() {
  const started: { runs: number; finish: (json: string) => void; fail: (e: Error) => void }[] = [];
  const runner = (task: { input: JobInput; port: MessagePort }, _port: MessagePort, signal: AbortSignal) =>
    new Promise<string>((finish, fail) => {
      task.port.close();
      signal.addEventListener("abort", () => fail(new Error("terminated")));
      started.push({ runs: (task.input.request as { runs: number }).runs, finish, fail });
    });
  return { started, runner };
}

test("runs jobs in order, `concurrency` at once, and hands each finished one to persist", async () => {
  const { started, runner } = manualRunner();
  const persisted: [string, string | null][] = [];
  const q = new JobQueue({
    concurrency: 2,
    runner,
    persist: async (s, json) => void persisted.push([s.state, json]),
  });
  const [a, b, c] = [q.submit(await input(1)), q.submit(await input(2)), q.submit(await input(3))];
  assert.deepEqual(
    started.map((t) => t.runs),
    [1, 2],
  );
  assert.equal(q.status(c.id)!.state, "queued");
  assert.equal(q.status(c.id)!.position, 2, "both running jobs are ahead of it");
  started[1]!.fail(new Error("out of memory"));
  const bs = await finished(q, b.id);
  assert.equal(bs.state, "failed");
  assert.equal(bs.error, "out of memory");
  assert.deepEqual(
    started.map((t) => t.runs),
    [1, 2, 3],
    "the third starts when a slot frees",
  );
  started[0]!.finish('{"ok":1}');
  started[2]!.finish('{"ok":3}');
  assert.equal((await finished(q, a.id)).state, "succeeded");
  assert.equal((await finished(q, c.id)).state, "succeeded");
  assert.equal(q.result(a.id), '{"ok":1}');
  assert.deepEqual(persisted, [
    ["failed", null],
    ["succeeded", '{"ok":1}'],
    ["succeeded", '{"ok":3}'],
  ]);
  assert.deepEqual(
    q.list().map((s) => s.id),
    [c.id, b.id, a.id],
    "newest first",
  );
  await q.close();
});

test("a task that does not stop on cancel has its thread stopped after the grace period", async () => {
  const { runner } = manualRunner();
  const q = new JobQueue({ runner, cancelGraceMs: 50 });
  const s = q.submit(await input(5));
  const events: string[] = [];
  q.subscribe(s.id, (e) => events.push(e.type === "status" ? e.status.state : "progress"));
  assert.equal(q.cancel(s.id)!.state, "running", "still running until it stops");
  const done = await finished(q, s.id);
  assert.equal(done.state, "cancelled");
  assert.match(done.error!, /did not stop within 0.05 s .* worker thread was stopped/);
  assert.deepEqual(events, ["cancelled"]);
  await q.close();
});

test("a calibration in a real worker thread stops on cancel in the middle of its grid search", async () => {
  const q = new JobQueue({ cancelGraceMs: 30_000 });
  const cal = await resolveJob(
    jobRequestSchema.parse({ kind: "calibrate", scenario: "april-2025" }),
    lib,
    store,
  );
  const s = q.submit(cal);
  for (;;) {
    const p = q.status(s.id)!.progress;
    if (p && p.done > 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  q.cancel(s.id);
  const done = await finished(q, s.id);
  assert.equal(done.state, "cancelled");
  assert.equal(done.error, "cancelled while running", "the core stopped itself: no thread was killed");
  assert.ok(
    done.progress!.done < done.progress!.total,
    `stopped at ${done.progress!.done} of ${done.progress!.total}`,
  );
  await q.close();
});
