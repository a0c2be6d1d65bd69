/**
 * What every loader returns: the sources a file cites, its trade-flow rows and its events, each row
 * with its line in the file. Loaders are pure (bytes in, records out); the store writes them.
 * @module
 */
import type { CommodityId } from "../../ref/commodities.js";
import type { Kg, Pct } from "../../units/quantity.js";
import type { Period } from "../../units/period.js";

export type Flow = "export" | "import" | "re-export" | "re-import";

/** Kinds of source, best first: the `best` view ranks by this order. */
export const SOURCE_KINDS = ["customs", "comtrade", "official", "press", "assumption"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type FormatId = "comtrade" | "comtrade-tariff-line" | "gacc" | "usitc" | "observations" | "events";

export interface SourceRecord {
  readonly kind: SourceKind;
  /** Who said it, as a reader would cite it. */
  readonly citation: string;
  readonly url: string | null;
  readonly licence: string | null;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: when the source published; a later edition supersedes. */
  readonly sourceDate: string | null;
  /**
   * True when the file's figures are exact counts (a statistics database's download) rather than
   * rounded figures retyped from a report. Default: true for customs and Comtrade, false otherwise.
   */
  readonly exact?: boolean;
}

/** Whether a figure states a total for its period or a reported monthly mean over it. */
export type Stat = "total" | "monthly_mean";

export interface FlowRecord {
  /** 1-based physical line in the file (the header is line 1 for CSV). */
  readonly line: number;
  readonly reporter: string;
  readonly partner: string;
  readonly flow: Flow;
  readonly commodity: CommodityId;
  /** The customs code as the file gave it, when it gave one. */
  readonly code: string | null;
  readonly period: Period;
  readonly stat: Stat;
  readonly qtyKg: Kg | null;
  readonly qtyOrig: number | null;
  readonly qtyUnit: string | null;
  readonly value: number | null;
  /** ISO 4217, e.g. USD, CNY. */
  readonly currency: string | null;
  readonly yoyPct: Pct | null;
  readonly momPct: Pct | null;
  /** Index into `ParsedFile.sources`. */
  readonly source: number;
  /** The row's own "prefer me" flag when sources disagree; null when the file says nothing. */
  readonly preferred: boolean | null;
  /** A record the source states itself, e.g. "lowest since 2020-02". */
  readonly record: string | null;
  readonly note: string | null;
}

export interface EventRecord {
  readonly line: number;
  /** Stable id, e.g. `CHN-2025-018`; other events refer to it in `suspends`. */
  readonly id: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the source dates it. */
  readonly date: string;
  readonly actor: string;
  readonly type: string;
  /** Scope: elements, products (catalogue ids), destinations (ISO3; empty = all), end uses. */
  readonly elements: readonly string[];
  readonly products: readonly string[];
  readonly destinations: readonly string[];
  readonly endUses: readonly string[];
  readonly scopeText: string;
  readonly description: string;
  /** announced | in_force | suspended | ended | scheduled | threat */
  readonly status: string;
  /** When the measure stops applying (exclusive), if known. */
  readonly endDate: string | null;
  /** True when endDate or scope was filled in by us rather than stated by the source. */
  readonly derived: boolean;
  /** Ids of measures this event suspends from `date` until `endDate`. */
  readonly suspends: readonly string[];
  readonly source: number;
}

export interface ParsedFile {
  readonly format: FormatId;
  readonly sources: readonly SourceRecord[];
  readonly flows: readonly FlowRecord[];
  readonly events: readonly EventRecord[];
}

export interface Loader {
  readonly format: FormatId;
  /** One line for `--help` and for the "formats tried" error. */
  readonly description: string;
  /** True when a file's first bytes look like this format (header names, JSON envelope…). */
  detect(head: string, fileName: string): boolean;
  /** Parses a whole file or throws ImportError naming file, line, field and reason. */
  parse(bytes: Uint8Array, fileName: string): ParsedFile | Promise<ParsedFile>;
}
