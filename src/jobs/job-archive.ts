/**
 * Finished jobs in the store: each job's request, state, times and result (its JSON, manifest
 * included), so results outlive the server process and can be fetched and downloaded later.
 * @module
 * @example
 * const archive = new JobArchive(store);
 * await archive.save(status, resultJson);
 * (await archive.result(status.id)) === resultJson; // true
 */
import { isoTimestamp } from "../data/store/sql-timestamp.js";
import type { Dialect, Store } from "../data/store/store.js";
import type { JobRequest } from "./request.js";
import type { JobState, JobStatus } from "./result.js";

interface Row {
  job_id: string;
  kind: string;
  label: string;
  state: string;
  request_json: string;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string;
}

const columns = (d: Dialect) =>
  `job_id, kind, label, state, request_json, error, ${isoTimestamp(d, "created_at")}, ` +
  `${isoTimestamp(d, "started_at")}, ${isoTimestamp(d, "finished_at")}`;

function statusOf(r: Row): JobStatus {
  return {
    id: r.job_id,
    kind: r.kind as JobStatus["kind"],
    label: r.label,
    state: r.state as JobState,
    progress: null,
    position: 0,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    request: JSON.parse(r.request_json) as JobRequest,
  };
}

export class JobArchive {
  constructor(private readonly store: Store) {}

  async save(s: JobStatus, resultJson: string | null): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.run("DELETE FROM job_results WHERE job_id = ?", [s.id]);
      await this.store.run(
        `INSERT INTO job_results VALUES (?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP)`,
        [
          s.id,
          s.kind,
          s.label,
          s.state,
          JSON.stringify(s.request),
          resultJson,
          s.error,
          s.createdAt,
          s.startedAt,
          s.finishedAt ?? new Date().toISOString(),
        ],
      );
    });
  }

  async status(id: string): Promise<JobStatus | null> {
    const rows = await this.store.all<Row>(
      `SELECT ${columns(this.store.dialect)} FROM job_results WHERE job_id = ?`,
      [id],
    );
    return rows[0] ? statusOf(rows[0]) : null;
  }

  async result(id: string): Promise<string | null> {
    const rows = await this.store.all<{ result_json: string | null }>(
      "SELECT result_json FROM job_results WHERE job_id = ?",
      [id],
    );
    return rows[0]?.result_json ?? null;
  }

  /** The newest finished jobs first. */
  async list(limit = 100): Promise<JobStatus[]> {
    const rows = await this.store.all<Row>(
      `SELECT ${columns(this.store.dialect)} FROM job_results ORDER BY finished_at DESC LIMIT ?`,
      [limit],
    );
    return rows.map(statusOf);
  }

  /** Removes a finished job; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const had = (await this.status(id)) !== null;
    if (had) await this.store.run("DELETE FROM job_results WHERE job_id = ?", [id]);
    return had;
  }
}
