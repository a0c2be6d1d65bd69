/**
 * Worker-thread entry for `solveLp(…, { worker: true })`: solves LP text with HiGHS off the caller's
 * thread and returns the raw solution.
 * @module
 */
import { solveText, type RawSolution } from "./lp.js";

export default function solve(task: {
  text: string;
  isMip: boolean;
  options: { time_limit?: number; mip_rel_gap?: number };
}): Promise<RawSolution> {
  return solveText(task.text, task.isMip, task.options);
}
