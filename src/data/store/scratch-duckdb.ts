/**
 * DuckDB for what only DuckDB writes (Parquet, COPY to a file): the store itself when it is DuckDB,
 * else a throwaway in-memory DuckDB, closed when `fn` is done.
 * @module
 * @example
 * await withDuckDb(store, (duck) => duck.run("COPY (SELECT 1 AS x) TO 'x.parquet' (FORMAT parquet)"));
 */
import { DuckDbStore } from "./duckdb-store.js";
import type { Store } from "./store.js";

export async function withDuckDb<T>(store: Store, fn: (duck: DuckDbStore) => Promise<T>): Promise<T> {
  if (store instanceof DuckDbStore) return fn(store);
  const duck = await DuckDbStore.open(":memory:");
  try {
    return await fn(duck);
  } finally {
    duck.close();
  }
}
