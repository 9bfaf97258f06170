/**
 * Seeded PRNG for the demo generator. The demo district must be byte-for-byte reproducible from
 * (seed, students), so nothing in the generator may touch Math.random or the real clock.
 */
export const DEFAULT_SEED = 20262027;

/** mulberry32: tiny, fast, and good enough for synthetic data (not for anything secret). */
export class Random {
  private state: number;
  private readonly seedBase: number;

  constructor(seed: number = DEFAULT_SEED) {
    this.state = seed >>> 0;
    this.seedBase = this.state;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a value from [value, weight] pairs; weights need not sum to 1. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** Fisher-Yates, in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }

  /**
   * An independent stream derived from this one's seed and a label, so adding a column to one
   * table does not reshuffle every row generated after it.
   */
  fork(label: string | number): Random {
    let h = 2166136261 ^ this.seedBase;
    const text = String(label);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return new Random(h >>> 0);
  }
}
