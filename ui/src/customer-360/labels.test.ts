import { describe, expect, it } from 'vitest'
import type { TimelineItem } from '@liuliang/shared'
import { describeTimelineEvent } from './labels'

const item = (type: TimelineItem['type'], data: TimelineItem['data'] = null, staffName: string | null = '李导购'): TimelineItem => ({
  id: 1,
  type,
  occurredAt: '2025-05-01T02:00:00.000Z',
  staffName,
  data,
})

describe('describeTimelineEvent', () => {
  it('names who did what', () => {
    expect(describeTimelineEvent(item('wecom_added', { state: 'lc_1', addWay: 1, readded: true }))).toEqual({
      title: '添加了导购李导购（再次添加）',
      detail: '通过渠道活码添加',
    })
    expect(describeTimelineEvent(item('wecom_added', { state: 'lc_1', channel: '门店海报', readded: false })).detail).toBe(
      '通过渠道活码「门店海报」添加',
    )
    expect(describeTimelineEvent(item('wecom_welcome', { status: 'already_sent' }))).toEqual({
      title: '李导购的欢迎语未发出',
      detail: '已有其他欢迎语先发出',
    })
    expect(describeTimelineEvent(item('mp_registered', null, null))).toEqual({ title: '注册成为小程序会员', detail: null })
    expect(describeTimelineEvent(item('script_sent', { title: '开场白' }))).toEqual({ title: '李导购发送了话术', detail: '开场白' })
  })

  it('says a coupon was redeemed in store, by whom and where', () => {
    expect(describeTimelineEvent(item('coupon_used', { name: '满 99 减 10', channel: 'store', store: '徐汇店' }))).toEqual({
      title: '使用优惠券「满 99 减 10」',
      detail: '到店核销 · 李导购 · 徐汇店',
    })
    expect(describeTimelineEvent(item('coupon_used', { name: '满 99 减 10', orderRef: 'order:1' }, null)).detail).toBeNull()
  })

  it('summarises tag changes and profile edits', () => {
    expect(describeTimelineEvent(item('tags_changed', { added: ['VIP', '护肤'], removed: ['观望中'] })).detail).toBe('+VIP +护肤 −观望中')
    expect(describeTimelineEvent(item('profile_updated', { fields: ['remark', 'phone'] })).detail).toBe('备注、手机号')
  })

  it('shows nothing it cannot read from a damaged record', () => {
    expect(describeTimelineEvent(item('tags_changed', { added: 'VIP' }))).toEqual({ title: '李导购调整了标签', detail: null })
    expect(describeTimelineEvent(item('follow_up_added', { content: 42 })).detail).toBeNull()
  })
})
