import type { ProductDetail, Sku } from '@liuliang/shared'

/** The value chosen for each spec, by position; null while that spec is not chosen. */
export type Picked = (string | null)[]

/** The SKU the picked values name, once every spec has one. */
export function pickedSku(product: ProductDetail, picked: Picked): Sku | null {
  if (picked.some((value) => value === null)) return null
  return product.skus.find((sku) => sku.options.every((option, index) => option.value === picked[index])) ?? null
}

/** The SKUs a value would lead to, given the other specs already picked: for its price and stock on the chip. */
export function skusWith(product: ProductDetail, picked: Picked, specIndex: number, value: string): Sku[] {
  return product.skus.filter((sku) =>
    sku.options.every((option, index) => (index === specIndex ? option.value === value : picked[index] === null || picked[index] === option.value)),
  )
}

/** A product with one SKU (or options with one value each) starts with it picked. */
export function initialPick(product: ProductDetail): Picked {
  return product.specs.map((spec) => (spec.values.length === 1 ? (spec.values[0] as string) : null))
}
