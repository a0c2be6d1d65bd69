/**
 * What a job gives back, per kind, and how a job stands. Every result carries its manifest (network,
 * scenarios and cited data files with their hashes, seed, runs, code version) and the request with
 * its defaults filled in, so a result can be reproduced from the CLI or the API.
 * In JSON an infinite TTS is `null` ("does not bind"), as in the CLI's `--json`.
 * @module
 */
import type { CalibrationResult } from "../sim/calibrate.js";
import type { Manifest } from "../sim/manifest.js";
import type { Summary } from "../sim/summary.js";
import type { TtsReport } from "../sim/tts.js";
import type { PortfolioEvaluation } from "../plan/evaluate.js";
import type { FrontierPoint } from "../plan/frontier.js";
import type { PlanSolution } from "../plan/optimise.js";
import type { JobKind, JobRequest } from "./request.js";

interface ResultBase<K extends JobKind> {
  readonly kind: K;
  readonly manifest: Manifest;
  readonly request: Extract<JobRequest, { kind: K }>;
  /** Seconds the work took in its worker. */
  readonly seconds: number;
}

export interface SimRunResult extends ResultBase<"sim-run"> {
  /** `YYYY-MM` of each month of the horizon: the x axis of every path in the summary. */
  readonly months: string[];
  readonly summary: Summary;
  readonly workers: number;
}

export interface CalibrateResult extends ResultBase<"calibrate"> {
  readonly observedSeries: string;
  /** Months of the series found in the store. */
  readonly observedMonths: number;
  readonly calibration: CalibrationResult;
}

export interface TtsResult extends ResultBase<"tts"> {
  readonly report: TtsReport;
}

export interface EvaluateResult extends ResultBase<"evaluate"> {
  /** "none" first, then each portfolio, each on the same scenarios, runs and seed. */
  readonly evaluations: PortfolioEvaluation[];
}

export interface OptimizeResult extends ResultBase<"optimize"> {
  readonly solution: PlanSolution;
  /** The chosen portfolio re-run in the engine on fresh draws, when checkRuns > 0. */
  readonly outOfSample: PortfolioEvaluation | null;
}

export interface FrontierResult extends ResultBase<"frontier"> {
  readonly points: FrontierPoint[];
}

export type JobResult =
  SimRunResult | CalibrateResult | TtsResult | EvaluateResult | OptimizeResult | FrontierResult;

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const FINISHED_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled"];

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  /** What the job is doing: "runs", "grid points", "nodes", "portfolios", "points"… */
  readonly unit: string;
}

/** How a job stands; what `GET /api/jobs/:id` answers and each SSE `status` event carries. */
export interface JobStatus {
  readonly id: string;
  readonly kind: JobKind;
  /** A one-line description: "sim-run april-2025 · 1000 runs". */
  readonly label: string;
  readonly state: JobState;
  readonly progress: JobProgress | null;
  /** Jobs running or queued ahead of this one (0 once it runs or has finished). */
  readonly position: number;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Why it failed or was cancelled. */
  readonly error: string | null;
  readonly request: JobRequest;
}
