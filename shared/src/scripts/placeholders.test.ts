import { describe, expect, it } from 'vitest'
import { fillPlaceholders, placeholdersIn } from './placeholders'

describe('fillPlaceholders', () => {
  it('fills every placeholder the customer has a value for, as often as it appears', () => {
    const filled = fillPlaceholders('{{customerName}}您好，我是{{staffName}}。{{customerName}}现在是{{level}}，积分{{points}}', {
      customerName: '林小艾',
      staffName: '李导购',
      level: '金卡会员',
      points: 2300,
    })
    expect(filled).toEqual({ text: '林小艾您好，我是李导购。林小艾现在是金卡会员，积分2300', missing: [] })
  })

  it('tolerates spaces inside the braces', () => {
    expect(fillPlaceholders('Hi {{ customerName }}', { customerName: 'Ann' }).text).toBe('Hi Ann')
  })

  it('keeps a placeholder without a value as written and reports it', () => {
    const filled = fillPlaceholders('您的积分：{{points}}，等级：{{level}}', { points: 0, level: null })
    expect(filled).toEqual({ text: '您的积分：0，等级：{{level}}', missing: ['level'] })
  })

  it('leaves unknown names and lone braces alone', () => {
    expect(fillPlaceholders('{{coupon}} {customerName} {{}}', { customerName: 'x' })).toEqual({
      text: '{{coupon}} {customerName} {{}}',
      missing: [],
    })
  })
})

describe('placeholdersIn', () => {
  it('lists known and unknown names once each', () => {
    expect(placeholdersIn('{{customerName}}{{points}}{{customerName}}{{nickname}}')).toEqual({
      known: ['customerName', 'points'],
      unknown: ['nickname'],
    })
  })
})
