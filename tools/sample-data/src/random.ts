/**
 * Seeded randomness. Everything the generator draws comes from here, so the same seed gives the
 * same bytes on every machine and Node version (no Math.random, no locale, no clock).
 *
 * Two tools:
 * - `hash32(...)`: a stateless integer hash, for values that must not depend on generation order
 *   (a user's favourite products, a product's price).
 * - `Random`: a fast sequential generator (xoshiro128**), one independent stream per concern,
 *   so adding draws in one place does not shift the values drawn in another.
 */

/** Finaliser of MurmurHash3: every input bit affects every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes up to three integers (each taken modulo 2^32) into one unsigned 32-bit value. */
export function hash32(a: number, b = 0, c = 0): number {
  let h = mix32(a ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(b ^ 0x7f4a7c15, 0x2545f491));
  h = mix32(h ^ Math.imul(c ^ 0x632be5ab, 0x5851f42d));
  return h;
}

/** A 32-bit hash of a string (FNV-1a then mixed), used to derive named streams from the seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** A hash as a float in [0, 1). */
export function unitHash(a: number, b = 0, c = 0): number {
  return hash32(a, b, c) / 4294967296;
}

/** xoshiro128** seeded through splitmix32: 128 bits of state, period 2^128 − 1. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `stream` names an independent sequence for the same seed (e.g. "orders", "defects:orders"). */
  constructor(seed: number, stream: string) {
    let x = hash32(seed >>> 0, hashString(stream), Math.floor(seed / 4294967296));
    const next = () => {
      // splitmix32: turns one 32-bit value into well-spread state words
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A standard normal variate (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** An index drawn with probability proportional to the weights, given as a running total. */
  weighted(cumulative: ArrayLike<number>): number {
    return weightedIndex(cumulative, this.float());
  }
}

/** The index whose slice of the running total holds `u` (0 ≤ u < 1) of the whole. */
export function weightedIndex(cumulative: ArrayLike<number>, u: number): number {
  const target = u * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Running totals of weights, for `Random.weighted`. */
export function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}
