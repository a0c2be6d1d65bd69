/**
 * Policy measures over time. A measure has a scope (elements, products, destinations, end uses)
 * and a status over time: in force from its date until its end, suspended while a later event
 * suspends it. A later announcement can suspend some measures and not others (the November 2025
 * suspension covered October's announcements, not April's licensing).
 * @module
 */
import { formatMonth, monthOf, type MonthIndex } from "../units/month.js";

export interface PolicyEvent {
  readonly id: string;
  /** As the source dates it: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly date: string;
  /** First day the date covers, YYYY-MM-DD. */
  readonly start: string;
  readonly actor: string;
  readonly type: string;
  readonly elements: readonly string[];
  readonly products: readonly string[];
  readonly destinations: readonly string[];
  readonly endUses: readonly string[];
  readonly scopeText: string;
  readonly description: string;
  readonly status: string;
  /** Exclusive end, YYYY-MM-DD. */
  readonly endDate: string | null;
  readonly derived: boolean;
  readonly suspends: readonly string[];
  readonly sourceId: number;
}

export interface StatusPeriod {
  readonly status: "in_force" | "suspended";
  readonly from: string;
  /** Exclusive; null = open-ended. */
  readonly to: string | null;
  /** The event that caused a suspension. */
  readonly by?: string;
}

const MEASURE_TYPES = new Set(["export_control", "tariff", "other"]);

/** True for events that apply over time (controls, tariffs, rules), not one-off moments. */
export function isMeasure(e: PolicyEvent): boolean {
  return MEASURE_TYPES.has(e.type) && e.status !== "threat";
}

/** Last day + 1 of the period an event date names (`2006` → 2007-01-01). */
function periodEnd(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number?, number?];
  if (m === undefined) return `${y + 1}-01-01`;
  if (d === undefined) return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/**
 * When a measure applied and when it was suspended. An "ended" measure with no end date is taken
 * to apply only within the period its date names (a 2006 quota: the year 2006).
 */
export function statusPeriods(measure: PolicyEvent, all: readonly PolicyEvent[]): StatusPeriod[] {
  const end = measure.endDate ?? (measure.status === "ended" ? periodEnd(measure.date) : null);
  const windows = all
    .filter((e) => e.suspends.includes(measure.id))
    .map((e) => ({ from: e.start, to: e.endDate, by: e.id }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const out: StatusPeriod[] = [];
  let cursor = measure.start;
  for (const w of windows) {
    if (end !== null && w.from >= end) break;
    if (w.from > cursor) out.push({ status: "in_force", from: cursor, to: w.from });
    const wTo = w.to === null ? end : end === null ? w.to : w.to < end ? w.to : end;
    out.push({ status: "suspended", from: w.from > cursor ? w.from : cursor, to: wTo, by: w.by });
    if (wTo === null) return out;
    cursor = wTo;
  }
  if (end === null || cursor < end) out.push({ status: "in_force", from: cursor, to: end });
  return out;
}

export interface SeriesScope {
  readonly reporter: string;
  readonly partner: string;
  readonly commodity: string;
}

const AGGREGATES = new Set(["WLD", "EU27", "EUR", "OTH"]);

function actorMatches(actor: string, code: string): boolean {
  return actor.split("/").some((a) => a.trim().split(/\s/)[0] === code);
}

/** Whether a measure's scope touches a series: its products, destinations and actors. */
export function touches(e: PolicyEvent, scope: SeriesScope): boolean {
  if (!e.products.includes(scope.commodity)) return false;
  const anyPartner = AGGREGATES.has(scope.partner);
  if (e.destinations.length > 0 && !anyPartner && !e.destinations.includes(scope.partner)) return false;
  return actorMatches(e.actor, scope.reporter) || anyPartner || actorMatches(e.actor, scope.partner);
}

export interface EventInMonth {
  readonly event: PolicyEvent;
  /** starts: dated within the month; in_force / suspended: its status during the month. */
  readonly relation: "starts" | "in_force" | "suspended";
  readonly detail: string;
}

function monthBounds(m: MonthIndex): [string, string] {
  const from = `${formatMonth(m)}-01`;
  return [from, `${formatMonth(monthOf(Math.floor((m + 1) / 12), ((m + 1) % 12) + 1))}-01`];
}

/**
 * The events a series row lists: measures in force or suspended during the month, and events
 * (truces, suspensions) dated in it that touch the series.
 */
export function eventsForMonth(
  all: readonly PolicyEvent[],
  month: MonthIndex,
  scope: SeriesScope,
): EventInMonth[] {
  return eventsForSeries(all, scope)(month);
}

/**
 * The same for every month of one series: which events touch it, and the status periods of its
 * measures, are worked out once; the returned function answers per month.
 */
export function eventsForSeries(
  all: readonly PolicyEvent[],
  scope: SeriesScope,
): (month: MonthIndex) => EventInMonth[] {
  const relevant = new Set(all.filter((e) => touches(e, scope)).map((e) => e.id));
  const candidates = all
    .filter((e) => relevant.has(e.id) || e.suspends.some((id) => relevant.has(id)))
    .map((e) => ({ e, periods: isMeasure(e) && relevant.has(e.id) ? statusPeriods(e, all) : null }));
  if (candidates.length === 0) return () => [];
  return (month) => {
    const [from, to] = monthBounds(month);
    const out: EventInMonth[] = [];
    for (const { e, periods } of candidates) {
      const startsHere = e.start >= from && e.start < to;
      if (periods) {
        const during = periods.filter((p) => p.from < to && (p.to === null || p.to > from));
        const last = during[during.length - 1];
        if (!last) continue;
        const detail =
          last.status === "suspended"
            ? `suspended from ${last.from}${last.to ? ` until ${last.to}` : ""} by ${last.by}`
            : startsHere
              ? `in force from ${e.start}`
              : `in force since ${e.start}`;
        out.push({ event: e, relation: startsHere ? "starts" : last.status, detail });
      } else if (startsHere) {
        out.push({ event: e, relation: "starts", detail: `dated ${e.date}` });
      }
    }
    return out;
  };
}
