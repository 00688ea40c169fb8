import { describe, expect, it } from 'vitest'
import { channelLabel, dayOf, dayStart, toggleInList, toggleTag, withField, withSpendBound } from './audience-filter-state'

describe('audience filter state', () => {
  it('keeps a tag in one mode at a time and drops empty parts', () => {
    let filter = toggleTag({}, 'allOf', 1)
    expect(filter).toEqual({ tags: { allOf: [1] } })
    filter = toggleTag(filter, 'noneOf', 1)
    expect(filter).toEqual({ tags: { noneOf: [1] } })
    filter = toggleTag(filter, 'noneOf', 1)
    expect(filter).toEqual({})
  })

  it('removes fields that become empty', () => {
    expect(withField({ lost: true }, 'lost', undefined)).toEqual({})
    expect(withField({}, 'channels', [])).toEqual({})
    expect(withField({}, 'nameContains', '张')).toEqual({ nameContains: '张' })
  })

  it('turns a picked day into the start of that day in the business time zone, and back', () => {
    expect(dayStart('2026-11-01')).toBe('2026-10-31T16:00:00.000Z')
    expect(dayStart('2026-11-01', 'Europe/Berlin')).toBe('2026-10-31T23:00:00.000Z')
    expect(dayStart('')).toBeUndefined()
    expect(dayOf('2026-10-31T16:00:00.000Z')).toBe('2026-11-01')
    expect(dayOf('2026-10-31T23:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-01')
    expect(dayOf(undefined)).toBe('')
  })

  it('names a channel by its live code, never by its internal state', () => {
    const codes = [{ state: 'lc_LSUclLvKdqxadwk8', name: '门店海报' }]
    expect(channelLabel('lc_LSUclLvKdqxadwk8', codes)).toBe('门店海报')
    expect(channelLabel('lc_gone', codes)).toBe('已删除的活码')
    expect(channelLabel('partner_x', codes)).toBe('其他来源')
  })

  it('toggles values in a list', () => {
    expect(toggleInList(undefined, 'a')).toEqual(['a'])
    expect(toggleInList(['a', 'b'], 'a')).toEqual(['b'])
  })

  it('keeps the spend range in fen, dropping blank or negative bounds', () => {
    let filter = withSpendBound({}, 'min', '99.9')
    expect(filter).toEqual({ totalSpendFen: { min: 9990 } })
    filter = withSpendBound(filter, 'max', '500')
    expect(filter).toEqual({ totalSpendFen: { min: 9990, max: 50000 } })
    filter = withSpendBound(filter, 'min', '')
    expect(filter).toEqual({ totalSpendFen: { max: 50000 } })
    expect(withSpendBound(filter, 'max', '-1')).toEqual({})
  })
})
