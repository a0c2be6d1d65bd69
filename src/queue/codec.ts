/**
 * Typed arrays to text and back, bit for bit: the base64 of the array's bytes (little-endian, as on
 * every machine Node runs on that we support), so that a batch's results cross Redis unchanged.
 * @module
 * @example
 * decodeFloat64(encodeTyped(new Float64Array([0.1, NaN, -0]))); // the same bits
 */
import { endianness } from "node:os";
import type { BatchResult } from "../sim/batch.js";

if (endianness() !== "LE") throw new Error("lodestone's queue codec needs a little-endian machine");

/** Base64 of the array's own bytes (its view only, not the whole buffer). */
export function encodeTyped(a: Float64Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function decodeFloat64(text: string): Float64Array {
  const b = decodeBytes(text, 8);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

export function decodeFloat32(text: string): Float32Array {
  const b = decodeBytes(text, 4);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/** A batch's results as JSON-safe text. */
export interface EncodedBatch {
  readonly firstRun: number;
  readonly count: number;
  readonly shortfall: string;
  readonly inventory: string | null;
  readonly magnetPerUnit: string;
}

export function encodeBatch(b: BatchResult): EncodedBatch {
  return {
    firstRun: b.firstRun,
    count: b.count,
    shortfall: encodeTyped(b.shortfall),
    inventory: b.inventory ? encodeTyped(b.inventory) : null,
    magnetPerUnit: encodeTyped(b.magnetPerUnit),
  };
}

export function decodeBatch(e: EncodedBatch): BatchResult {
  return {
    firstRun: e.firstRun,
    count: e.count,
    shortfall: decodeFloat64(e.shortfall),
    inventory: e.inventory === null ? null : decodeFloat32(e.inventory),
    magnetPerUnit: decodeFloat64(e.magnetPerUnit),
  };
}

/** The decoded bytes in a fresh, aligned buffer of a whole number of elements. */
function decodeBytes(text: string, width: number): Uint8Array {
  const src = Buffer.from(text, "base64");
  if (src.byteLength % width !== 0)
    throw new Error(`encoded array of ${src.byteLength} bytes is not a whole number of ${width}-byte values`);
  const out = new Uint8Array(src.byteLength);
  out.set(src);
  return out;
}
