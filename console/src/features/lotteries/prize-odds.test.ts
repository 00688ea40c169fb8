import { describe, expect, it } from 'vitest'
import { prizeOdds } from './prize-odds'

describe('prize odds', () => {
  it('shows chances that add up to exactly 100', () => {
    const odds = prizeOdds([1, 1, 1])
    expect(odds).toEqual([33.4, 33.3, 33.3])
    expect(odds.reduce((a, b) => a + b, 0)).toBeCloseTo(100)
    expect(prizeOdds([5, 15, 80])).toEqual([5, 15, 80])
  })

  it('gives no chance to a weight of zero and none at all without weights', () => {
    expect(prizeOdds([0, 3])).toEqual([0, 100])
    expect(prizeOdds([0, 0])).toEqual([0, 0])
  })
})
