import { describe, expect, it } from 'vitest'
import type { ProductDetail } from '@liuliang/shared'
import { initialPick, pickedSku, skusWith } from './sku-picker'

const sku = (id: number, colour: string, size: string, priceFen: number, stock: number) => ({
  id,
  options: [
    { name: '颜色', value: colour },
    { name: '尺码', value: size },
  ],
  spec: `${colour} / ${size}`,
  priceFen,
  stock,
  active: true,
})

const tee = {
  id: 1,
  name: 'T恤',
  description: '',
  categoryId: null,
  images: [],
  priceFen: 9900,
  stock: 12,
  active: true,
  specs: [
    { name: '颜色', values: ['白色', '黑色'] },
    { name: '尺码', values: ['M', 'L'] },
  ],
  skus: [sku(1, '白色', 'M', 9900, 5), sku(2, '白色', 'L', 10_900, 0), sku(3, '黑色', 'M', 9900, 7), sku(4, '黑色', 'L', 10_900, 0)],
} satisfies ProductDetail

describe('the SKU picker', () => {
  it('names the SKU once every spec has a value', () => {
    expect(pickedSku(tee, ['黑色', null])).toBeNull()
    expect(pickedSku(tee, ['黑色', 'M'])?.id).toBe(3)
  })

  it("prices and stocks each value by what the other picks still allow", () => {
    expect(skusWith(tee, [null, null], 1, 'L').map((s) => s.id)).toEqual([2, 4])
    expect(skusWith(tee, ['白色', null], 1, 'M').map((s) => s.id)).toEqual([1])
    expect(skusWith(tee, ['白色', 'L'], 0, '黑色').map((s) => s.id)).toEqual([4])
  })

  it('starts with the only value of a spec picked', () => {
    expect(initialPick(tee)).toEqual([null, null])
    expect(initialPick({ ...tee, specs: [{ name: '颜色', values: ['白色'] }] })).toEqual(['白色'])
  })
})
