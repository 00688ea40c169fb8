import { DEFAULT_DISTRIBUTION_SETTINGS } from '@liuliang/shared'
import { describe, expect, it } from 'vitest'
import { checkDistribution, distributionFormOf } from './distribution-form'

describe('distribution settings form', () => {
  it('round-trips the settings, the minimum withdrawal shown in yuan', () => {
    const form = distributionFormOf(DEFAULT_DISTRIBUTION_SETTINGS)
    expect(form.minWithdrawal).toBe('1.00')
    expect(checkDistribution(form)).toEqual({ ok: true, value: DEFAULT_DISTRIBUTION_SETTINGS })
  })

  it('refuses rates, days and amounts outside the schema', () => {
    const form = { ...distributionFormOf(DEFAULT_DISTRIBUTION_SETTINGS), level1Percent: '51', settleDays: '91', bindingDays: '0', minWithdrawal: '0' }
    expect(checkDistribution(form)).toEqual({
      ok: false,
      problems: ['绑定有效天数须为 1–365 的整数', '一级佣金比例（%）须为 0–50 的整数', '结算等待天数须为 0–90 的整数', expect.stringContaining('最低提现金额须为 0.01')],
    })
  })

  it('refuses rates that together exceed half of an order, as the server would', () => {
    const form = { ...distributionFormOf(DEFAULT_DISTRIBUTION_SETTINGS), level1Percent: '40', level2Percent: '20' }
    expect(checkDistribution(form)).toEqual({ ok: false, problems: ['一级与二级佣金比例合计不能超过 50%'] })
  })
})
