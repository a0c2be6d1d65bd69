/**
 * Worker-thread entry: runs one batch (see batch.ts).
 * @module
 */
import { runBatch, type BatchTask } from "./batch.js";

export default function work(task: BatchTask) {
  return runBatch(task);
}
