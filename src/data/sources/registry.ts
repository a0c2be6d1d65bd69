/**
 * The loaders Lodestone knows, format detection from a file's first bytes, and the checks every
 * format shares (no duplicate key within a file).
 * @module
 * @example
 * const parsed = await parseFile(bytes, "exports.csv"); // format detected from the header
 */
import { ImportError } from "../../errors.js";
import { formatPeriod } from "../../units/period.js";
import { comtradeLoader } from "./comtrade.js";
import { comtradeTariffLineLoader } from "./comtrade-tariff-line.js";
import { eventsLoader } from "./events.js";
import { gaccLoader } from "./gacc.js";
import { observationsLoader } from "./observations.js";
import type { FormatId, Loader, ParsedFile } from "./parsed.js";
import { decodeText, maybeGunzip } from "./table.js";
import { usitcLoader } from "./usitc.js";
import { isXlsx, xlsxHeadLine } from "./xlsx.js";

/** In detection order: the most specific header first. */
export const LOADERS: readonly Loader[] = [
  observationsLoader,
  eventsLoader,
  comtradeTariffLineLoader,
  comtradeLoader,
  gaccLoader,
  usitcLoader,
];

export const FORMAT_IDS: readonly FormatId[] = LOADERS.map((l) => l.format);

export function loaderFor(format: string): Loader | undefined {
  return LOADERS.find((l) => l.format === format);
}

/** The first lines of a file as text, for detection (XLSX: its header row; gzip: unpacked). */
async function headOf(bytes: Uint8Array, file: string): Promise<string> {
  if (isXlsx(bytes)) return xlsxHeadLine(bytes, file);
  let raw: Uint8Array;
  try {
    raw = maybeGunzip(bytes);
  } catch (e) {
    throw new ImportError(file, null, null, `not a readable gzip file: ${(e as Error).message}`);
  }
  return decodeText(raw.subarray(0, 64 * 1024))
    .split(/\r?\n/)
    .slice(0, 12)
    .join("\n");
}

/** Picks the loader whose detector accepts the file; the error lists every format tried. */
export async function detectLoader(bytes: Uint8Array, file: string): Promise<Loader> {
  const head = await headOf(bytes, file);
  const found = LOADERS.find((l) => l.detect(head, file));
  if (found) return found;
  throw new ImportError(
    file,
    1,
    null,
    `matches no known format; tried: ${LOADERS.map((l) => `${l.format} (${l.description})`).join("; ")}`,
  );
}

/**
 * Parses a file in the given format (or the detected one with "auto") and checks that no key
 * repeats within it. Throws ImportError; never writes anything.
 */
export async function parseFile(bytes: Uint8Array, file: string, format = "auto"): Promise<ParsedFile> {
  let loader: Loader | undefined;
  if (format === "auto") loader = await detectLoader(bytes, file);
  else {
    loader = loaderFor(format);
    if (!loader) {
      throw new ImportError(
        file,
        null,
        null,
        `unknown format "${format}"; known: auto, ${FORMAT_IDS.join(", ")}`,
      );
    }
  }
  const parsed = await loader.parse(bytes, file);
  checkUniqueKeys(parsed, file);
  return parsed;
}

function checkUniqueKeys(parsed: ParsedFile, file: string): void {
  const seen = new Map<string, number>();
  for (const f of parsed.flows) {
    const key = [
      f.reporter,
      f.partner,
      f.flow,
      f.commodity,
      f.code ?? "",
      f.period.kind,
      f.period.start,
      f.period.end,
      f.stat,
      f.source,
    ].join("|");
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ImportError(
        file,
        f.line,
        "period",
        `duplicate key: line ${first} has the same reporter ${f.reporter}, partner ${f.partner}, flow ${f.flow}, ` +
          `commodity ${f.commodity}, period ${formatPeriod(f.period)} and source`,
      );
    }
    seen.set(key, f.line);
  }
}
