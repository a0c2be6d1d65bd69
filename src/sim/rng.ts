/**
 * Seeded random numbers. Each Monte-Carlo run draws from its own stream, derived from the run's seed
 * and the run's index alone, so a run's numbers do not depend on which worker runs it or on how the
 * runs were split into batches: the same seed gives the same result on 1, 2 or 20 workers.
 * The generator is xoshiro128** (Blackman & Vigna), 32-bit arithmetic only, seeded through SplitMix32.
 * @module
 * @example
 * const rng = streamRng(42, 7); // run 7 of seed 42
 * rng.next(); // uniform in [0, 1)
 */

export interface Rng {
  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }
  next(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Mixes a seed (any safe integer) and a stream index into one 32-bit stream seed. */
function mix(seed: number, stream: number): number {
  const st = { s: (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2d) };
  const h = splitmix32(st);
  const st2 = { s: (h ^ Math.imul(stream | 0, 0x9e3779b1)) | 0 };
  splitmix32(st2);
  return splitmix32(st2);
}

/** The generator of stream `stream` (a run index, a batch index) under `seed`. */
export function streamRng(seed: number, stream: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer`);
  return new Xoshiro128(mix(seed, stream));
}
