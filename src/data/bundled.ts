/**
 * The bundled, sourced dataset under data/: imported automatically when a store is opened, and
 * replaced when a newer Lodestone ships a new edition of a table.
 * @module
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "./store/store.js";
import { importFile } from "./import-file.js";
import type { ImportOutcome } from "./store/write-import.js";

/** The data/ folder of this installation. */
export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** Bundled tables the store imports, relative to data/: observations, then events. */
export function bundledFiles(): string[] {
  const obs = readdirSync(join(DATA_DIR, "observations"))
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .map((f) => `observations/${f}`);
  return [...obs, "events.csv"];
}

/** Imports every bundled table whose current bytes the store does not hold yet. */
export async function ensureBundled(store: Store): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const rel of bundledFiles()) {
    out.push(await importFile(store, join(DATA_DIR, rel), { bundledPath: rel }));
  }
  return out;
}
