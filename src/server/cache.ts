/**
 * An in-memory cache of serialised JSON responses for the read-heavy routes (series, brief),
 * keyed by route and parsed query. Every successful import clears it; the oldest entries go first
 * when it is full, so arbitrary query strings cannot grow it without bound.
 * @module
 * @example
 * const cache = new ResponseCache(256);
 * const body = await cache.get("series?…", () => compute());
 */
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries = 256) {}

  /** The cached body for `key`, else `compute()`'s, stored unless the cache was cleared meanwhile. */
  async get(key: string, compute: () => Promise<string>): Promise<string> {
    const have = this.entries.get(key);
    if (have !== undefined) {
      this.hits++;
      // Re-insert: Map keeps insertion order, so the least recently used entry stays first.
      this.entries.delete(key);
      this.entries.set(key, have);
      return have;
    }
    this.misses++;
    const generation = this.generation;
    const body = await compute();
    if (generation === this.generation && this.maxEntries > 0) {
      this.entries.set(key, body);
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return body;
  }

  /** Forgets everything (after the store changed). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
