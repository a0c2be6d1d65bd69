/**
 * Worker-thread entry of a job: runs it with progress posted back on the task's port and cancels it
 * through the core's AbortSignal when the port says so. A core busy in a synchronous loop (the
 * calibration grid) cannot hear the port's events, so each progress report also reads the port.
 * The result goes back as its JSON text: the main thread stores and serves it without re-encoding.
 * @module
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { JobInput } from "./resolve.js";
import { runJob } from "./run-job.js";

export interface JobTask {
  readonly input: JobInput;
  readonly port: MessagePort;
}

/** Messages on a job's port: progress from the worker, cancel from the queue. */
export type PortMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number; readonly unit: string }
  | { readonly type: "cancel" };

export default async function work({ input, port }: JobTask): Promise<string> {
  const ctl = new AbortController();
  const hear = (m: PortMessage) => {
    if (m.type === "cancel" && !ctl.signal.aborted) ctl.abort(new Error("cancelled"));
  };
  port.on("message", hear);
  const poll = () => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
      hear(m.message as PortMessage);
  };
  try {
    const result = await runJob(input, {
      signal: ctl.signal,
      onProgress: (p) => {
        port.postMessage({ type: "progress", ...p } satisfies PortMessage);
        poll();
      },
    });
    return JSON.stringify(result);
  } finally {
    port.off("message", hear);
    port.close();
  }
}
