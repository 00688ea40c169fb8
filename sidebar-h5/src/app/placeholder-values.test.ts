import { describe, expect, it } from 'vitest'
import type { Customer360 } from '@liuliang/shared'
import { placeholderValuesFor } from './placeholder-values'

const view = (sections: Customer360['sections']) => ({ profile: { name: '林小艾' }, sections }) as Customer360

describe('placeholderValuesFor', () => {
  it('fills name and staff, and level and points from the membership section', () => {
    const membership = { level: { code: 'V3', name: '金卡会员' }, points: { balance: 2300 }, growth: { value: 2500, nextLevelAt: 5000 } }
    expect(placeholderValuesFor(view({ membership }), { name: '李导购' })).toEqual({
      customerName: '林小艾',
      staffName: '李导购',
      level: '金卡会员',
      points: 2300,
    })
  })

  it('has no level or points where no membership domain reports them, and nothing before the view loads', () => {
    expect(placeholderValuesFor(view({}), { name: '李导购' })).toMatchObject({ level: null, points: null })
    expect(placeholderValuesFor(null, { name: '李导购' })).toEqual({ customerName: null, staffName: '李导购', level: null, points: null })
  })
})
