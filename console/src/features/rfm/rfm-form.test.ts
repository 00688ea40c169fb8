import { describe, expect, it } from 'vitest'
import { DEFAULT_RFM_SETTINGS } from '@liuliang/shared'
import { checkRfm, rfmFormOf, withSuggestion } from './rfm-form'

describe('the RFM settings form', () => {
  it('round-trips the saved thresholds, M in yuan', () => {
    const form = rfmFormOf(DEFAULT_RFM_SETTINGS)
    expect(form.monetary).toBe('500.00')
    expect(checkRfm(form)).toEqual({ ok: true, value: DEFAULT_RFM_SETTINGS })
  })

  it('refuses what the server refuses, saying why', () => {
    const form = rfmFormOf(DEFAULT_RFM_SETTINGS)
    expect(checkRfm({ ...form, recencyDays: '400' })).toEqual({ ok: false, problems: ['“最近消费”天数不能超过统计周期'] })
    expect(checkRfm({ ...form, frequencyOrders: '0', monetary: '0' })).toEqual({
      ok: false,
      problems: ['消费次数门槛须为 1–1000 的整数', '消费金额门槛须为 0.01–1000000 元，最多两位小数'],
    })
  })

  it('takes the suggested thresholds in one step', () => {
    const form = rfmFormOf(DEFAULT_RFM_SETTINGS)
    const next = withSuggestion(form, {
      windowDays: 365,
      monetaryMode: 'total',
      buyers: 10,
      medians: { recencyDays: 40, orders: 1, monetaryFen: 25_050 },
      suggested: { recencyDays: 40, frequencyOrders: 2, monetaryFen: 25_050 },
    })
    expect(next).toMatchObject({ recencyDays: '40', frequencyOrders: '2', monetary: '250.50' })
    expect(withSuggestion(form, { windowDays: 365, monetaryMode: 'total', buyers: 0, medians: null, suggested: null })).toBe(form)
  })
})
