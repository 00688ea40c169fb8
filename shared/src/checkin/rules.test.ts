import { describe, expect, it } from 'vitest'
import { DEFAULT_CHECKIN_SETTINGS, ladderDay, rewardForStreak } from './rules'

describe('check-in ladder', () => {
  const { ladder } = DEFAULT_CHECKIN_SETTINGS
  it('pays by streak day and starts over on day 8', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => rewardForStreak(d, ladder))).toEqual([5, 5, 10, 10, 15, 15, 30])
    expect(ladderDay(8, ladder)).toBe(1)
    expect(rewardForStreak(8, ladder)).toBe(5)
    expect(rewardForStreak(14, ladder)).toBe(30)
  })
})
