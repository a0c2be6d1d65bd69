/**
 * What the store holds and where it came from: sources, and the conflicts between them with the
 * version the `best` view picked.
 * @module
 */
import { formatPeriod } from "../units/period.js";
import { monthFromIndex } from "../units/month.js";
import type { PeriodKind } from "../units/period.js";
import { sqlFile } from "./store/sql-files.js";
import type { Store } from "./store/store.js";

export interface SourceInfo {
  readonly source_id: number;
  readonly kind: string;
  readonly citation: string;
  readonly url: string | null;
  readonly licence: string | null;
  readonly source_date: string | null;
  readonly row_count: number;
  readonly file_name: string;
  readonly format: string;
  readonly sha256_12: string;
  readonly imported_at: string;
  readonly bundled: boolean;
}

export async function listSources(store: Store): Promise<SourceInfo[]> {
  return store.all<SourceInfo>(sqlFile("sources-list", store.dialect));
}

export interface ConflictVersion {
  readonly value: number;
  /** Half a unit of the figure's last digit: versions within each other's rounding agree. */
  readonly half: number;
  readonly won: boolean;
  readonly source_id: number;
  readonly citation: string;
  readonly kind: string;
  readonly preferred: boolean | null;
  readonly source_date: string | null;
  readonly line: number;
}

export interface Conflict {
  readonly reporter: string;
  readonly partner: string;
  readonly flow: string;
  readonly commodity: string;
  readonly period: string;
  readonly stat: string;
  readonly measure: string;
  /** True when every version lies within the rounding of the winner (a rounding difference). */
  readonly withinRounding: boolean;
  readonly versions: readonly ConflictVersion[];
}

interface Row {
  reporter: string;
  partner: string;
  flow: string;
  commodity: string;
  period_kind: PeriodKind;
  start_month: number;
  end_month: number;
  stat: string;
  measure: string;
  v: number;
  half: number;
  won: boolean;
  source_id: number;
  citation: string;
  kind: string;
  preferred: boolean | null;
  source_date: string | null;
  source_line: number;
}

export async function listConflicts(store: Store): Promise<Conflict[]> {
  const rows = await store.all<Row>(sqlFile("conflicts", store.dialect));
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = [
      r.reporter,
      r.partner,
      r.flow,
      r.commodity,
      r.period_kind,
      r.start_month,
      r.end_month,
      r.stat,
      r.measure,
    ].join("|");
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as Row;
    const winner = g.find((r) => r.won) ?? first;
    return {
      reporter: first.reporter,
      partner: first.partner,
      flow: first.flow,
      commodity: first.commodity,
      period: formatPeriod({
        kind: first.period_kind,
        start: monthFromIndex(first.start_month),
        end: monthFromIndex(first.end_month),
      }),
      stat: first.stat,
      measure: first.measure,
      withinRounding: g.every((r) => Math.abs(r.v - winner.v) <= r.half + winner.half),
      versions: g.map((r) => ({
        value: r.v,
        half: r.half,
        won: r.won,
        source_id: r.source_id,
        citation: r.citation,
        kind: r.kind,
        preferred: r.preferred,
        source_date: r.source_date,
        line: r.source_line,
      })),
    };
  });
}
