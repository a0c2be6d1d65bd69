/**
 * What the coordinator and the queue workers agree on: the queue's name, the Redis keys of a run
 * (its network and scenario, stored once; its cancel flag; each batch's encoded result) and a job's data.
 * @module
 */
import type { Network } from "../sim/network.js";
import type { Scenario } from "../sim/scenario.js";

/** The BullMQ queue every coordinator and worker with the same prefix shares. */
export const QUEUE_NAME = "monte-carlo";
/** BullMQ's key prefix by default; a test or a second team on one Redis picks its own. */
export const DEFAULT_PREFIX = "lodestone";
/** How long a run's keys outlive a coordinator that died without cleaning up. */
export const RUN_TTL_S = 7 * 24 * 3600;

/** A run's inputs, stored once under `specKey` instead of in every job. */
export interface RunSpec {
  readonly network: Network;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly keepInventory: boolean;
}

/** One job: runs firstRun … firstRun + count − 1 of a run. */
export interface BatchJobData {
  readonly runId: string;
  readonly firstRun: number;
  readonly count: number;
}

/** What a worker returns through BullMQ (the arrays go to `resultKey`, not through the event stream). */
export interface BatchJobReturn {
  readonly bytes: number;
}

export const specKey = (prefix: string, runId: string) => `${prefix}:${QUEUE_NAME}-run:${runId}:spec`;
export const cancelKey = (prefix: string, runId: string) => `${prefix}:${QUEUE_NAME}-run:${runId}:cancel`;
export const resultKey = (prefix: string, runId: string, firstRun: number) =>
  `${prefix}:${QUEUE_NAME}-run:${runId}:result:${firstRun}`;
/** BullMQ job ids may not contain ":". */
export const batchJobId = (runId: string, firstRun: number) => `${runId}-${firstRun}`;

/** "runs 0–249". */
export const runsLabel = (firstRun: number, count: number) =>
  count === 1 ? `run ${firstRun}` : `runs ${firstRun}–${firstRun + count - 1}`;
