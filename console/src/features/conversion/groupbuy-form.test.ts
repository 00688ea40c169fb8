import { describe, expect, it } from 'vitest'
import { BLANK_GROUPBUY, campaignEditOf, checkCampaignEdit, checkGroupbuy } from './groupbuy-form'

describe('group-buy campaign form', () => {
  it('builds the request, leaving out an open-ended window', () => {
    expect(checkGroupbuy({ ...BLANK_GROUPBUY, productId: '7', price: '99', stock: '50' })).toEqual({
      ok: true,
      value: { productId: 7, groupSize: 3, priceFen: 9_900, durationMinutes: 1440, stock: 50, perUserLimit: 1 },
    })
    const windowed = checkGroupbuy({ ...BLANK_GROUPBUY, productId: '7', price: '99', stock: '50', startsAt: '2026-07-01T10:00', endsAt: '2026-07-08T10:00' })
    expect(windowed).toMatchObject({ ok: true, value: { startsAt: '2026-07-01T02:00:00.000Z', endsAt: '2026-07-08T02:00:00.000Z' } })
  })

  it('mirrors the schema’s limits and the server’s window rule', () => {
    expect(checkGroupbuy({ ...BLANK_GROUPBUY, groupSize: '11', durationMinutes: '4', perUserLimit: '0' })).toEqual({
      ok: false,
      problems: ['请选择商品', '成团人数须为 2–10 的整数', expect.stringContaining('拼团价'), '成团时限（分钟）须为 5–10080 的整数', '活动库存须为 0–10000000 的整数', '每人限购须为 1–100 的整数'],
    })
    const backwards = { ...BLANK_GROUPBUY, productId: '1', price: '1', stock: '3', startsAt: '2026-07-08T10:00', endsAt: '2026-07-01T10:00' }
    expect(checkGroupbuy(backwards)).toEqual({ ok: false, problems: ['结束时间必须晚于开始时间'] })
  })

  it('refuses stock that cannot fill one group, as the server would', () => {
    expect(checkGroupbuy({ ...BLANK_GROUPBUY, productId: '7', price: '99', stock: '2' })).toEqual({ ok: false, problems: ['活动库存至少要够成一个团（不少于 3 件）'] })
  })

  it('edits price, stock and the end; a blank end means no end; the price stays at most the original', () => {
    const campaign = { priceFen: 9_900, originalPriceFen: 12_900, stock: 5, endsAt: '2026-07-08T02:00:00.000Z', startsAt: '2026-07-01T02:00:00.000Z' }
    const edit = campaignEditOf(campaign as Parameters<typeof campaignEditOf>[0])
    expect(edit).toEqual({ price: '99.00', stock: '5', endsAt: '2026-07-08T10:00' })
    expect(checkCampaignEdit({ price: '89.5', stock: '8', endsAt: '' }, campaign)).toEqual({ ok: true, value: { priceFen: 8_950, stock: 8, endsAt: null } })
    expect(checkCampaignEdit({ ...edit, endsAt: '2026-06-30T10:00' }, campaign)).toEqual({ ok: false, problems: ['结束时间必须晚于开始时间'] })
    expect(checkCampaignEdit({ ...edit, price: '130' }, campaign)).toEqual({ ok: false, problems: ['拼团价不能高于商品原价（129 元）'] })
  })
})
