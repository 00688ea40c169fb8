import { describe, expect, it } from 'vitest'
import { blankFissionForm, fissionRequest } from './fission-form'

const filled = { ...blankFissionForm(new Date('2026-12-01T02:00:00Z')), name: '邀 3 位好友', liveCodeId: '4' }

describe('the fission activity form', () => {
  it('makes the request the server takes', () => {
    expect(fissionRequest(filled)).toEqual({
      request: {
        name: '邀 3 位好友',
        liveCodeId: 4,
        goal: 3,
        reward: { kind: 'points', points: 100 },
        revokeOnWithdraw: false,
        startsAt: '2026-12-01T02:00:00.000Z',
        endsAt: '2026-12-08T02:00:00.000Z',
        rules: '',
        posterImageUrl: null,
      },
    })
  })

  it('says what is missing or out of range', () => {
    expect(fissionRequest({ ...filled, liveCodeId: '' })).toEqual({ error: '请选择导购池（渠道活码）' })
    expect(fissionRequest({ ...filled, goal: '0' })).toEqual({ error: '邀请目标须是 1 到 100 的整数' })
    expect(fissionRequest({ ...filled, endsAt: filled.startsAt })).toEqual({ error: '结束时间必须晚于开始时间' })
    expect(fissionRequest({ ...filled, rewardKind: 'coupon' })).toEqual({ error: '请选择奖励的优惠券' })
    expect(fissionRequest({ ...filled, posterImageUrl: 'ftp://x' })).toEqual({ error: '海报图片须是 http(s) 地址' })
  })

  it('takes back only points', () => {
    const coupon = fissionRequest({ ...filled, rewardKind: 'coupon', couponTemplateId: '2', revokeOnWithdraw: true })
    expect(coupon).toMatchObject({ request: { reward: { kind: 'coupon', couponTemplateId: 2 }, revokeOnWithdraw: false } })
  })
})
