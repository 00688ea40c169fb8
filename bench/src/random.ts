/** A small seeded PRNG (mulberry32): the same seed builds the same database, run after run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, maxInclusive: number) => min + Math.floor(next() * (maxInclusive - min + 1)),
    chance: (p: number) => next() < p,
    /** Index in [0, n) skewed towards 0, as tag and guide popularity are in real accounts. */
    skewed: (n: number, exponent = 1.3) => Math.min(n - 1, Math.floor(n * next() ** (exponent * 2))),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  }
}

export type Random = ReturnType<typeof seededRandom>

/** An independent stream per customer: each one's life is the same whatever else the generator does. */
export const randomFor = (seed: number, id: number) => seededRandom(seed ^ Math.imul(id, 0x9e3779b1))
