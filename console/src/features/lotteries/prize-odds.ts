/** Each prize's chance as a percentage of all weights, rounded so the shown numbers add up to 100. */
export function prizeOdds(weights: number[]): number[] {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0)
  if (total === 0) return weights.map(() => 0)
  // Largest-remainder rounding to one decimal place.
  const tenths = weights.map((w) => (Math.max(0, w) / total) * 1000)
  const floors = tenths.map(Math.floor)
  let left = 1000 - floors.reduce((sum, f) => sum + f, 0)
  const order = tenths.map((t, i) => [t - Math.floor(t), i] as const).sort((a, b) => b[0] - a[0])
  for (const [, i] of order) {
    if (left <= 0) break
    floors[i] = (floors[i] as number) + 1
    left--
  }
  return floors.map((f) => f / 10)
}
