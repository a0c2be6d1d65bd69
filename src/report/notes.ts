/**
 * Footnotes for a report: sources numbered in order of first citation, store sources by id and
 * reference-table citations by text, so a figure's marks point into one list at the end.
 * @module
 */
import type { SourceInfo } from "../data/provenance.js";
import type { ReportCell, ReportSource } from "./report.js";

/** Numbers sources in order of first citation; the briefing's come first with its own numbers. */
export class Notes {
  private readonly keys = new Map<string, number>();
  readonly list: ReportSource[] = [];
  constructor(private readonly store: ReadonlyMap<number, SourceInfo>) {}

  storeSource(id: number): number {
    const s = this.store.get(id);
    const note = this.add(`store:${id}`, () => ({
      label: s?.citation ?? `source ${id}`,
      url: s?.url ?? null,
      date: s?.source_date ?? null,
      kind: s?.kind ?? "unknown",
      storeId: id,
    }));
    // A reference table citing the same address points to this note, not to a second one.
    if (s?.url && !this.keys.has(`addr:${s.url}`)) this.keys.set(`addr:${s.url}`, note);
    return note;
  }

  /**
   * A reference table's citation: an address (URL, `github:…`), or a title with its address in
   * brackets. One address is one note, however it is cited.
   */
  reference(text: string): number {
    const addr = /\(((?:https?|github):[^()\s]+)\)$/.exec(text)?.[1] ?? text;
    const url = /^https?:\/\//.test(addr) ? addr : null;
    return this.add(`addr:${addr}`, () => ({
      label: text,
      url,
      date: null,
      kind: "reference",
      storeId: null,
    }));
  }

  figure(f: { sources: readonly number[] } | null | undefined): number[] {
    return f ? uniq(f.sources.map((id) => this.storeSource(id))) : [];
  }

  references(texts: readonly string[]): number[] {
    return uniq(texts.flatMap((t) => t.split("; ")).map((t) => this.reference(t)));
  }

  private add(key: string, make: () => Omit<ReportSource, "note">): number {
    const have = this.keys.get(key);
    if (have !== undefined) return have;
    const note = this.list.length + 1;
    this.keys.set(key, note);
    this.list.push({ note, ...make() });
    return note;
  }
}

function uniq(ns: readonly number[]): number[] {
  return [...new Set(ns)].sort((a, b) => a - b);
}

/** `[1,3]` for a paragraph; "" for none. */
export function mark(notes: readonly number[]): string {
  return notes.length ? `[${uniq(notes).join(",")}]` : "";
}

export function cell(text: string, notes: readonly number[] = []): ReportCell {
  return notes.length ? { text, notes: uniq(notes) } : { text };
}
