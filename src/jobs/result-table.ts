/**
 * A job result's main table, as rows for a CSV download: the bands per product and month of a
 * simulation, the TTS ranking, the calibration's series, the portfolio comparison, the chosen levers
 * or the frontier's points.
 * @module
 * @example
 * resultRows(simRunResult)[0]; // { product: "ev-usa", month: "2025-01", p5: 0, p50: 0, … }
 */
import type { JobResult } from "./result.js";

const t3 = (x: number) => Math.round(x * 1000) / 1000;

export function resultRows(r: JobResult): Record<string, string | number | boolean | null>[] {
  switch (r.kind) {
    case "sim-run":
      return r.summary.products.flatMap((p) =>
        r.months.map((month, t) => ({
          product: p.product,
          month,
          p5: p.p5[t]!,
          p50: p.p50[t]!,
          p95: p.p95[t]!,
          mean: p.mean[t]!,
          probability: p.probability[t]!,
        })),
      );
    case "calibrate":
      return r.calibration.series.map((s) => ({
        month: s.month,
        observed_index: s.observedIndex,
        fitted_index: s.fittedIndex,
        window: s.window,
      }));
    case "tts":
      return r.report.nodes.map((n, i) => ({
        rank: i + 1,
        node: n.node,
        stage: n.stage,
        country: n.country,
        // JSON has no infinity: an empty cell is a TTS that does not bind.
        tts_months: n.tts === null || n.tts === Infinity ? null : n.tts,
        lost: n.impact.total,
        flagged: n.flagged,
      }));
    case "evaluate":
      return r.evaluations.flatMap((e) =>
        e.scenarios.map((s) => ({
          portfolio: e.portfolio,
          scenario: s.scenario,
          mean_t: t3(s.meanLostTonnes),
          p95_t: t3(s.p95LostTonnes),
          cost_usd: Math.round(e.cost.total),
        })),
      );
    case "optimize":
      return r.solution.portfolio.choices.map((c) => ({
        lever: c.lever,
        size: c.size,
        start: c.start ?? null,
      }));
    case "frontier":
      return r.points.map((p) => ({
        point: p.name,
        kind: p.kind,
        cost_usd: Math.round(p.cost),
        in_sample_t: t3(p.inSampleMeanTonnes),
        out_of_sample_mean_t: p.outOfSample ? t3(p.outOfSample.meanTonnes) : null,
        out_of_sample_p95_t: p.outOfSample ? t3(p.outOfSample.p95Tonnes) : null,
        levers: p.portfolio.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%`).join("; "),
      }));
  }
}
