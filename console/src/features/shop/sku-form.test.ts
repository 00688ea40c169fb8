import { describe, expect, it } from 'vitest'
import { checkSkus, combinations } from './sku-form'

describe('the SKU form', () => {
  it('makes every combination of the specs, and one default without specs', () => {
    expect(combinations([{ name: '颜色', values: '白色，黑色' }, { name: '尺码', values: 'M, L' }])).toEqual([
      ['白色', 'M'],
      ['白色', 'L'],
      ['黑色', 'M'],
      ['黑色', 'L'],
    ])
    expect(combinations([])).toEqual([[]])
  })

  it('asks for a price and a stock for each combination', () => {
    const checked = checkSkus({ specs: [{ name: '颜色', values: '白色,黑色' }], rows: { 白色: { price: '99', stock: '5', active: true } } })
    expect(checked).toEqual({ ok: false, problems: ['「黑色」的售价要大于 0，最多两位小数', '「黑色」的库存要填整数'] })
    const ok = checkSkus({ specs: [], rows: { '': { price: '12.5', stock: '3', active: true } } })
    expect(ok).toEqual({ ok: true, value: { skus: [{ options: [], priceFen: 1250, stock: 3, active: true }] } })
  })
})
