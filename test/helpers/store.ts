// Shared test helpers: a fresh in-memory store, small files in a temp dir, a digest of the store.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbStore } from "../../src/data/store/duckdb-store.js";
import type { Store } from "../../src/data/store/store.js";

export async function memoryStore(): Promise<DuckDbStore> {
  return DuckDbStore.open(":memory:");
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "lodestone-test-"));
}

export function writeTemp(name: string, text: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** Row counts of every table and a digest of the trade flows: equal digests = unchanged store. */
export async function storeDigest(store: Store): Promise<string> {
  const counts = [];
  for (const t of ["imports", "sources", "trade_flows", "events"]) {
    const r = await store.all<{ n: number }>(`SELECT count(*) AS n FROM ${t}`);
    counts.push(`${t}=${r[0]?.n}`);
  }
  const h = await store.all<{ h: string | null }>(
    "SELECT md5(string_agg(concat_ws('|', flow_id, reporter, partner, commodity, start_month, qty_kg), ',' ORDER BY flow_id)) AS h FROM trade_flows",
  );
  return `${counts.join(" ")} ${h[0]?.h ?? ""}`;
}
