import { describe, expect, it } from 'vitest'
import { BLANK_PRODUCT, checkProduct, productFormOf } from './product-form'
import { changedFields } from '../../lib/form-checks'

describe('product form', () => {
  it('turns yuan into fen and a blank image into none', () => {
    expect(checkProduct({ name: ' 蜂蜜礼盒 ', price: '199.9', stock: '20', description: '', imageUrl: '' })).toEqual({
      ok: true,
      value: { name: '蜂蜜礼盒', priceFen: 19_990, stock: 20, description: '', imageUrl: null },
    })
  })

  it('names every problem the server would refuse, in the schema’s limits', () => {
    const checked = checkProduct({ ...BLANK_PRODUCT, name: '长'.repeat(61), price: '0', stock: '1.5', imageUrl: 'ftp://x' })
    expect(checked).toEqual({
      ok: false,
      problems: [
        '商品名称最多 60 个字',
        '售价须为 0.01–1000000 元，最多两位小数',
        '库存须为 0–10000000 的整数',
        '图片地址须以 http:// 或 https:// 开头，最多 500 个字符',
      ],
    })
    expect(checkProduct({ ...BLANK_PRODUCT, price: '1.999', stock: '1' })).toMatchObject({ ok: false, problems: ['请填写商品名称', expect.stringContaining('售价')] })
  })

  it('sends only what an edit changed, so stock sold meanwhile is not overwritten', () => {
    const saved = productFormOf({ id: 1, name: '茶', description: '', imageUrl: null, priceFen: 5_000, stock: 9, active: true, createdAt: '' })
    expect(saved.price).toBe('50.00')
    const before = checkProduct(saved)
    const after = checkProduct({ ...saved, price: '45' })
    if (!before.ok || !after.ok) throw new Error('both forms are valid')
    expect(changedFields(before.value, after.value)).toEqual({ priceFen: 4_500 })
  })
})
