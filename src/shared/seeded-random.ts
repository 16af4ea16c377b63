/**
 * mulberry32: a tiny, fast, seeded pseudo-random generator, for what must come out the same on
 * every run and machine — test cases that can be replayed from their seed, fakes' random faults,
 * bench databases. Never for anything secret (use node:crypto for that).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
