/**
 * What a page shows of its jobs: one line per submitted job with a live progress bar (runs done of
 * the total, elapsed time and an estimate of the rest), its place in the queue and a Cancel button;
 * the token field writes need; the list of the server's jobs, to reopen an earlier result; and a
 * result's heading with its downloads.
 * @module
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { JobKind, JobResult, JobStatus } from "../api.js";
import {
  cancelJob,
  downloadResult,
  errorText,
  isFinished,
  jobResult,
  listJobs,
  resultUrl,
  useFollow,
} from "../jobs.js";
import { setToken, useToken } from "../token.js";
import { useApi } from "../use-api.js";
import { Status, TableBox } from "./ui.js";

/** `m:ss` (or `h:mm:ss`) of a number of seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Ticks once a second while `on`, so elapsed times move between progress events. */
function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return on ? now : Date.now();
}

const STATE_TEXT: Record<JobStatus["state"], string> = {
  queued: "queued",
  running: "running",
  succeeded: "done",
  failed: "failed",
  cancelled: "cancelled",
};

/**
 * One job followed live. `onEnd` is called once it ends (done, failed or cancelled), for the page
 * to show its result.
 */
export function JobProgress(props: { id: string; onEnd?: (s: JobStatus) => void }) {
  const { status, error } = useFollow(props.id, props.onEnd);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const labelId = useId();
  const active = status !== null && !isFinished(status.state);
  const now = useTick(active && status.state === "running");
  if (!status) {
    return (
      <div class="job" data-job-id={props.id} aria-busy="true">
        {error ? (
          <p class="error" role="alert">
            Lost track of job {props.id}: {error}
          </p>
        ) : (
          <p class="loading">Starting job {props.id}…</p>
        )}
      </div>
    );
  }
  const p = status.progress;
  const done = status.state === "succeeded" ? (p?.total ?? 1) : (p?.done ?? 0);
  const total = p?.total ?? 1;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  const started = status.startedAt ? Date.parse(status.startedAt) : null;
  const finished = status.finishedAt ? Date.parse(status.finishedAt) : null;
  const elapsed = started === null ? null : ((finished ?? now) - started) / 1000;
  const eta =
    status.state === "running" && elapsed !== null && p && p.done > 0 && p.done < p.total
      ? (elapsed * (p.total - p.done)) / p.done
      : null;
  const counts = p ? `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${p.unit}` : null;
  const parts = [
    status.state === "queued"
      ? `queued, ${status.position} ahead`
      : status.state === "running"
        ? "running"
        : STATE_TEXT[status.state],
    status.state !== "queued" ? counts : null,
    elapsed !== null ? `${clock(elapsed)} elapsed` : null,
    eta !== null ? `about ${clock(eta)} left` : null,
  ].filter(Boolean);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      await cancelJob(props.id);
    } catch (e) {
      setCancelError(errorText(e));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div class={`job ${status.state}`} data-job-id={props.id} data-state={status.state} aria-busy={active}>
      <div class="job-head">
        <span id={labelId} class="job-label">
          {status.label}
        </span>
        <span class="job-state">{parts.join(" · ")}</span>
      </div>
      {/* Only changes of state are announced: progress would speak ten times a second. */}
      <span class="sr-only" role="status">
        {status.label}: {parts[0]}
      </span>
      <div class="job-bar">
        <progress
          max={total}
          value={status.state === "queued" ? 0 : done}
          aria-labelledby={labelId}
          aria-valuetext={`${pct}%${counts ? `, ${counts}` : ""}, ${STATE_TEXT[status.state]}`}
        />
        <span class="job-pct num" aria-hidden="true">
          {pct}%
        </span>
        {active ? (
          <button type="button" onClick={() => void cancel()} disabled={cancelling}>
            Cancel
          </button>
        ) : null}
      </div>
      {status.state === "failed" || (status.state === "cancelled" && status.error) ? (
        <p
          class={status.state === "failed" ? "error" : "note"}
          role={status.state === "failed" ? "alert" : undefined}
        >
          {status.state === "failed" ? "Failed: " : ""}
          {status.error}
        </p>
      ) : null}
      {cancelError ? (
        <p class="error" role="alert">
          Could not cancel: {cancelError}
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          Lost track of the job: {error}
        </p>
      ) : null}
    </div>
  );
}

/** The jobs a section started, newest first. */
export function JobList(props: { ids: readonly string[]; onEnd: (s: JobStatus) => void }) {
  if (props.ids.length === 0) return null;
  return (
    <div class="jobs">
      {props.ids.map((id) => (
        <JobProgress key={id} id={id} onEnd={props.onEnd} />
      ))}
    </div>
  );
}

/**
 * The write token: a password field shown while none is known (or after the server refused one).
 * Pasting it does not send it anywhere; the next write does.
 */
export function TokenField() {
  const token = useToken();
  const [text, setText] = useState("");
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  // A refusal answers the user's last click: bring the field to them.
  useEffect(() => {
    if (!token.refused || !input.current) return;
    input.current.scrollIntoView({ block: "center" });
    input.current.focus();
  }, [token.refused]);
  if (token.token) return null;
  return (
    <form
      class="token"
      aria-label="Write token"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(text);
        setText("");
      }}
    >
      {token.refused ? (
        <p class="error" role="alert">
          The server refused the write token, or needs one: paste the token <code>lodestone serve</code>{" "}
          printed.
        </p>
      ) : (
        <p class="hint">
          Running jobs and saving specs need the write token. Open the link <code>lodestone serve</code>{" "}
          printed, or paste its token here.
        </p>
      )}
      <div class="field">
        <label for={id}>Write token (printed by lodestone serve)</label>
        <input
          id={id}
          ref={input}
          type="password"
          autocomplete="off"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" disabled={!text.trim()}>
        Use token
      </button>
    </form>
  );
}

/**
 * The server's jobs of some kinds, newest first, to reopen an earlier result. `version` changes
 * when the page knows a job changed state, and the list reloads.
 */
export function ServerJobs(props: {
  kinds: readonly JobKind[];
  version: number;
  open: (s: JobStatus) => void;
  /** The ids of the results on show. */
  shown: readonly string[];
}) {
  const [refresh, setRefresh] = useState(0);
  const jobs = useApi((s) => listJobs(s), [props.version, refresh]);
  const mine = (jobs.data ?? []).filter((j) => props.kinds.includes(j.kind));
  return (
    <div aria-busy={jobs.state === "loading"} class="server-jobs">
      <Status res={jobs} what="the jobs">
        {() =>
          mine.length === 0 ? (
            <p class="note">No jobs yet.</p>
          ) : (
            <TableBox label="Jobs">
              <table class="data" data-table="jobs">
                <thead>
                  <tr>
                    <th scope="col">Submitted</th>
                    <th scope="col">Job</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span class="sr-only">Open</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((j) => (
                    <tr key={j.id} data-job-id={j.id}>
                      <td class="num">{timeText(j.createdAt)}</td>
                      <th scope="row">{j.label}</th>
                      <td>
                        {j.state === "queued" ? `queued, ${j.position} ahead` : STATE_TEXT[j.state]}
                        {j.state === "running" && j.progress
                          ? ` ${j.progress.done}/${j.progress.total} ${j.progress.unit}`
                          : ""}
                      </td>
                      <td>
                        {j.state === "succeeded" ? (
                          props.shown.includes(j.id) ? (
                            <span class="muted">on show</span>
                          ) : (
                            <button
                              type="button"
                              onClick={() => props.open(j)}
                              aria-label={`Open the result of ${j.label}`}
                            >
                              Open
                            </button>
                          )
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          )
        }
      </Status>
      <button type="button" onClick={() => setRefresh((r) => r + 1)}>
        Refresh the list
      </button>
    </div>
  );
}

function timeText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString("en-GB", { hour12: false });
}

/** A result's heading line (what ran, its job id) and its downloads: the JSON and the main table as CSV. */
/** A job's result, loaded by id, with the loading and error states every result view shares. */
export function JobResultView<K extends JobKind>(props: {
  id: string;
  kind: K;
  /** What the result is, for the loading and error lines: "the frontier". */
  what: string;
  children: (result: Extract<JobResult, { kind: K }>, id: string) => ComponentChildren;
}) {
  const res = useApi((s) => jobResult<Extract<JobResult, { kind: K }>>(props.id, s), [props.id]);
  return (
    <div data-job-id={props.id} data-result={props.kind} aria-busy={res.state === "loading"}>
      <Status res={res} what={props.what}>
        {(r) => props.children(r, props.id)}
      </Status>
    </div>
  );
}

export function ResultHead(props: { id: string; what: string; csv: string }) {
  const [error, setError] = useState<string | null>(null);
  const link = (format: "json" | "csv", label: string) => (
    <a
      class="download"
      href={resultUrl(props.id, format)}
      data-download={format}
      onClick={(e) => {
        e.preventDefault();
        setError(null);
        downloadResult(props.id, format).catch((x: unknown) => setError(errorText(x)));
      }}
    >
      {label}
    </a>
  );
  return (
    <>
      <p class="result-head">
        <strong>{props.what}</strong> <span class="muted">job {props.id}</span>
      </p>
      <div class="downloads">
        {link("json", "Download the result (JSON)")}
        {link("csv", `Download ${props.csv} (CSV)`)}
      </div>
      {error ? (
        <p class="error" role="alert">
          Download failed: {error}
        </p>
      ) : null}
    </>
  );
}
