import { describe, expect, it } from 'vitest'
import { FOLLOW_STATUS_LABELS, addWayLabel, followPeriod, sortFollowers } from './follow-labels'

describe('follow labels', () => {
  it('names every follow status in zh-CN', () => {
    expect(FOLLOW_STATUS_LABELS).toEqual({ active: '跟进中', lost: '已流失', removed: '已删除', transferred: '已转接' })
  })

  it('dates the relation in the business time zone', () => {
    // 16:30 UTC on 4 March is already 5 March in Shanghai.
    expect(followPeriod({ status: 'active', firstAddedAt: '2024-03-04T16:30:00.000Z', endedAt: null })).toBe(
      '2024年3月5日添加',
    )
    expect(
      followPeriod({ status: 'lost', firstAddedAt: '2024-03-04T16:30:00.000Z', endedAt: '2024-06-01T02:00:00.000Z' }),
    ).toBe('2024年3月5日添加 · 2024年6月1日流失')
    expect(
      followPeriod({ status: 'removed', firstAddedAt: '2024-03-05T02:00:00.000Z', endedAt: '2024-07-01T02:00:00.000Z' }),
    ).toBe('2024年3月5日添加 · 2024年7月1日删除')
  })

  it('says where the customer came from', () => {
    expect(addWayLabel(1, null)).toBe('扫描二维码')
    expect(addWayLabel(1, 'lc_spring')).toBe('渠道活码')
    expect(addWayLabel(999, null)).toBe('其他方式')
  })

  it('lists active guides first, newest first', () => {
    const sorted = sortFollowers([
      { id: 'old-active', status: 'active' as const, firstAddedAt: '2024-01-01T00:00:00Z' },
      { id: 'lost', status: 'lost' as const, firstAddedAt: '2024-05-01T00:00:00Z' },
      { id: 'new-active', status: 'active' as const, firstAddedAt: '2024-03-01T00:00:00Z' },
    ])
    expect(sorted.map((f) => f.id)).toEqual(['new-active', 'old-active', 'lost'])
  })
})
