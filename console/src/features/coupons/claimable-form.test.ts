import { describe, expect, it } from 'vitest'
import { checkClaimable, EMPTY_CLAIMABLE_FORM } from './claimable-form'

describe('the claim-centre form', () => {
  const filled = { ...EMPTY_CLAIMABLE_FORM, templateId: 7, totalStock: '200', perCustomerLimit: '2', startsAt: '2026-07-01T10:00', endsAt: '2026-07-31T22:00' }

  it('makes the request with the times in the brand’s zone', () => {
    expect(checkClaimable(filled)).toEqual({
      ok: true,
      value: { templateId: 7, totalStock: 200, perCustomerLimit: 2, startsAt: '2026-07-01T02:00:00.000Z', endsAt: '2026-07-31T14:00:00.000Z' },
    })
  })

  it('refuses what the server refuses, saying why', () => {
    expect(checkClaimable(EMPTY_CLAIMABLE_FORM)).toEqual({ ok: false, problems: ['请选择优惠券', '请填写开始时间', '请填写结束时间'] })
    expect(checkClaimable({ ...filled, totalStock: '0', perCustomerLimit: '101' })).toEqual({
      ok: false,
      problems: ['发放总量须为 1–10000000 的整数', '每人限领须为 1–100 的整数'],
    })
    expect(checkClaimable({ ...filled, endsAt: filled.startsAt })).toEqual({ ok: false, problems: ['结束时间必须晚于开始时间'] })
  })
})
