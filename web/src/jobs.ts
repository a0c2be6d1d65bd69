/**
 * The jobs client: submit a job, follow its progress over server-sent events, cancel it, fetch or
 * download its result. The event stream is read with fetch and a stream reader, not EventSource,
 * because EventSource cannot send the Authorization header a server off loopback needs.
 * @module
 * @example
 * const job = await submitJob({ kind: "sim-run", scenario: "april-2025", runs: 200 });
 * const last = await watchJob(job.id, (e) => console.log(e), signal); // resolves when it ends
 * const result = await jobResult<SimRunResult>(job.id);
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { JobProgress, JobRequestInput, JobState } from "../../src/index.js";
import { ApiError, apiError, apiUrl, getJson, sendJson, type JobResult, type JobStatus } from "./api.js";
import { saveBlob } from "./download.js";
import { authHeaders } from "./token.js";

export type { JobRequestInput };

const FINISHED: readonly JobState[] = ["succeeded", "failed", "cancelled"];

export function isFinished(state: JobState): boolean {
  return FINISHED.includes(state);
}

/** `POST /api/jobs`: the job as queued (or already running). */
export function submitJob(request: JobRequestInput): Promise<JobStatus> {
  return sendJson<JobStatus>("POST", "jobs", request);
}

/** `DELETE /api/jobs/:id`: a queued or running job stops and says "cancelled". */
export function cancelJob(id: string): Promise<JobStatus | null> {
  return sendJson<JobStatus | null>("DELETE", `jobs/${encodeURIComponent(id)}`);
}

export function jobStatus(id: string, signal?: AbortSignal): Promise<JobStatus> {
  return getJson<JobStatus>(`jobs/${encodeURIComponent(id)}`, {}, signal);
}

/** Every job the server holds, newest first. */
export function listJobs(signal?: AbortSignal): Promise<readonly JobStatus[]> {
  return getJson<readonly JobStatus[]>("jobs", {}, signal);
}

export function jobResult<T extends JobResult>(id: string, signal?: AbortSignal): Promise<T> {
  return getJson<T>(`jobs/${encodeURIComponent(id)}/result`, {}, signal);
}

/** Where a result downloads from: its JSON, or its main table as CSV. */
export function resultUrl(id: string, format: "json" | "csv"): string {
  return apiUrl(`jobs/${encodeURIComponent(id)}/result`, {
    format: format === "csv" ? "csv" : undefined,
    download: 1,
  });
}

/**
 * Downloads a result with the token sent (a plain link cannot send it when reads need it), under
 * the file name the server gives.
 */
export async function downloadResult(id: string, format: "json" | "csv"): Promise<void> {
  const res = await fetch(resultUrl(id, format), { headers: authHeaders() });
  if (!res.ok) {
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    throw apiError(res, body);
  }
  const name =
    /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ??
    `lodestone-${id}.${format}`;
  saveBlob(await res.blob(), name);
}

export type JobEvent =
  | { readonly type: "status"; readonly status: JobStatus }
  | { readonly type: "progress"; readonly progress: JobProgress };

/**
 * Follows a job's event stream until a status says it ended, and resolves with that status. A
 * stream that drops early is opened again (the server sends the current status first on connect).
 */
export async function watchJob(
  id: string,
  onEvent: (e: JobEvent) => void,
  signal: AbortSignal,
): Promise<JobStatus> {
  for (let attempt = 0; ; attempt++) {
    const last = await readStream(id, onEvent, signal);
    if (last && isFinished(last.state)) return last;
    signal.throwIfAborted();
    if (attempt >= 5) return await jobStatus(id, signal);
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

async function readStream(
  id: string,
  onEvent: (e: JobEvent) => void,
  signal: AbortSignal,
): Promise<JobStatus | null> {
  const res = await fetch(apiUrl(`jobs/${encodeURIComponent(id)}/events`), {
    headers: { accept: "text/event-stream", ...authHeaders() },
    signal,
  });
  if (!res.ok || !res.body) {
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    throw apiError(res, body);
  }
  let last: JobStatus | null = null;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e = parseEvent(block);
        if (!e) continue;
        if (e.type === "status") last = e.status;
        onEvent(e);
        if (last && isFinished(last.state)) return last;
      }
    }
  } finally {
    reader.releaseLock();
  }
  return last;
}

/** One SSE block: `event:` names it, `data:` lines (joined) carry its JSON; comments are skipped. */
function parseEvent(block: string): JobEvent | null {
  let name = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return null;
  const body = JSON.parse(data.join("\n")) as unknown;
  if (name === "status") return { type: "status", status: body as JobStatus };
  if (name === "progress") return { type: "progress", progress: body as JobProgress };
  return null;
}

/** How a followed job stands, as the page shows it. */
export interface Followed {
  readonly status: JobStatus | null;
  readonly error: string | null;
}

/**
 * Follows one job while the component is mounted; calls `onEnd` once with its last status.
 * Progress events update the status in place.
 */
export function useFollow(id: string, onEnd?: (s: JobStatus) => void): Followed {
  const [f, setF] = useState<Followed>({ status: null, error: null });
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    const ctl = new AbortController();
    watchJob(
      id,
      (e) =>
        setF((prev) => {
          if (e.type === "status") return { status: e.status, error: null };
          if (!prev.status) return prev;
          return { status: { ...prev.status, progress: e.progress }, error: null };
        }),
      ctl.signal,
    ).then(
      (s) => {
        if (ctl.signal.aborted) return;
        setF({ status: s, error: null });
        end.current?.(s);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setF((prev) => ({ ...prev, error: errorText(e) }));
      },
    );
    return () => ctl.abort();
  }, [id]);
  return f;
}

/** The jobs a section submitted in this visit, newest first, and the error of the last submit. */
export interface Submissions {
  readonly ids: readonly string[];
  readonly error: string | null;
  readonly submitting: boolean;
  submit(request: JobRequestInput): Promise<JobStatus | null>;
}

export function useSubmissions(): Submissions {
  const [ids, setIds] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  return {
    ids,
    error,
    submitting,
    async submit(request) {
      setSubmitting(true);
      setError(null);
      try {
        const s = await submitJob(request);
        setIds((xs) => [s.id, ...xs]);
        return s;
      } catch (e) {
        setError(errorText(e));
        return null;
      } finally {
        setSubmitting(false);
      }
    },
  };
}

/** An error as one line; a bad spec's problem also says where (file, line, path) unless it already does. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const p = e instanceof ApiError ? e.problem : null;
  if (!p) return e.message;
  const where = [
    p.file,
    typeof p.line === "number" && !e.message.includes(`line ${p.line}`) ? `line ${p.line}` : null,
    p.field && !e.message.includes(p.field) ? p.field : null,
  ].filter((x): x is string => Boolean(x));
  return where.length ? `${e.message} (${where.join(", ")})` : e.message;
}
