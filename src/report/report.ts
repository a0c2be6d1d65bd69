/**
 * A report as data: sections of paragraphs, tables and charts whose figures carry numbered notes
 * into one list of sources at the end. `buildReport` fills it; `renderHtml`, `renderMarkdown` and
 * `renderPdf` only lay it out.
 * @module
 */
import type { ChartOption } from "../charts/common.js";
import type { MonthIndex } from "../units/month.js";

export type ReportSection = "monitor" | "risk" | "scenarios" | "plan";

/** The sections a report can hold, in the order they appear. */
export const REPORT_SECTIONS: readonly ReportSection[] = ["monitor", "risk", "scenarios", "plan"];

/**
 * The sections a report holds when none are asked for: the quick ones. Scenarios and plan run
 * simulations and optimisations (tens of seconds), so they are asked for by name.
 */
export const DEFAULT_REPORT_SECTIONS: readonly ReportSection[] = ["monitor", "risk"];

export interface ReportQuery {
  /** The month reported on (default: the latest month with an observed world total). */
  readonly period?: MonthIndex;
  /** Default: DEFAULT_REPORT_SECTIONS (monitor and risk). */
  readonly sections?: readonly ReportSection[];
  /** Region of the end-use exposure (default WLD, the world). */
  readonly region?: string;
  /** Months shown in the monitor's charts and tables, ending at the period (default 24). */
  readonly months?: number;
  readonly reporter?: string;
  readonly commodity?: string;
  /** Scenarios section: the scenario simulated (a shipped name or a file; default april-2025). */
  readonly scenario?: string;
  /** Scenarios section: Monte-Carlo runs (default 200). */
  readonly runs?: number;
  /** Scenarios and plan sections: the random seed (default 1). */
  readonly seed?: number;
  /** Plan section: engine runs per portfolio in the comparison (default 100). */
  readonly planRuns?: number;
  /** Plan section: engine runs per frontier point for its out-of-sample check (default 50). */
  readonly frontierRuns?: number;
  /** Worker threads for the simulations (default "auto": every core). */
  readonly workers?: number | "auto";
}

/** A table cell: its text and the notes (source numbers) its figure rests on. */
export interface ReportCell {
  readonly text: string;
  readonly notes?: readonly number[];
}

export interface ReportColumn {
  readonly header: string;
  /** Numbers: right-aligned. */
  readonly num?: boolean;
  /** A coverage strip: one of █ (observed), ▒ (derived), · (missing) per month. */
  readonly strip?: boolean;
}

export interface ReportTable {
  readonly kind: "table";
  readonly caption: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly ReportCell[])[];
}

export interface ReportChart {
  readonly kind: "chart";
  /** Stable id: the SVG's class prefix and the figure's anchor. */
  readonly id: string;
  readonly caption: string;
  readonly option: ChartOption;
  readonly width: number;
  readonly height: number;
}

/** A paragraph; `[1,2]` marks are notes. */
export interface ReportParagraph {
  readonly kind: "paragraph";
  readonly text: string;
}

export interface ReportHeading {
  readonly kind: "heading";
  readonly text: string;
}

export type ReportBlock = ReportParagraph | ReportTable | ReportChart | ReportHeading;

export interface ReportPart {
  readonly id: ReportSection;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

/** One numbered source: a store source (a row of `data sources`) or a reference table's citation. */
export interface ReportSource {
  readonly note: number;
  readonly label: string;
  readonly url: string | null;
  readonly date: string | null;
  readonly kind: string;
  /** The store's source id; null for reference data. */
  readonly storeId: number | null;
}

export interface Report {
  readonly title: string;
  /** `YYYY-MM`; null for a risk-only report with no period given. */
  readonly period: string | null;
  readonly sections: readonly ReportPart[];
  /** How figures are labelled, for the reader. */
  readonly legend: string;
  readonly sources: readonly ReportSource[];
}
