import { describe, expect, it } from 'vitest'
import { DEFAULT_LEVELS, levelForGrowth } from './levels'

describe('levelForGrowth', () => {
  it('starts everyone at V1 with V2 as the next step', () => {
    expect(levelForGrowth(0)).toEqual({ level: DEFAULT_LEVELS[0], nextLevelAt: 500 })
  })

  it('reaches a level exactly at its threshold', () => {
    expect(levelForGrowth(499).level.code).toBe('V1')
    expect(levelForGrowth(500).level.code).toBe('V2')
    expect(levelForGrowth(2000)).toEqual({ level: DEFAULT_LEVELS[2], nextLevelAt: 5000 })
  })

  it('has no next level at the top', () => {
    expect(levelForGrowth(1_000_000)).toEqual({ level: DEFAULT_LEVELS[4], nextLevelAt: null })
  })

  it('accepts configured levels in any order', () => {
    const levels = [
      { code: 'V2', name: 'Silver', minGrowth: 100 },
      { code: 'V1', name: 'Base', minGrowth: 0 },
    ] as const
    expect(levelForGrowth(150, levels)).toEqual({ level: levels[0], nextLevelAt: null })
    expect(levelForGrowth(50, levels)).toEqual({ level: levels[1], nextLevelAt: 100 })
  })
})
