import type { ProductDetail, SaveSkusRequest } from '@liuliang/shared'

/** A spec as typed: its name and its values separated by commas (中文或英文逗号). */
export interface SpecDraft {
  name: string
  values: string
}

/** One combination's price (yuan, as typed) and stock. */
export interface SkuDraft {
  price: string
  stock: string
  active: boolean
}

export interface SkuFormState {
  specs: SpecDraft[]
  /** by combination key (the values joined by '/') */
  rows: Record<string, SkuDraft>
}

export const MAX_SPECS = 3

const valuesOf = (spec: SpecDraft) => [...new Set(spec.values.split(/[,，]/).map((value) => value.trim()).filter(Boolean))]
export const comboKey = (values: string[]) => values.join('/')

/** Every combination of the specs' values, in order; one empty combination when there are no specs. */
export function combinations(specs: SpecDraft[]): string[][] {
  return specs
    .filter((spec) => spec.name.trim() !== '')
    .reduce<string[][]>((combos, spec) => combos.flatMap((combo) => valuesOf(spec).map((value) => [...combo, value])), [[]])
}

/** The form as the product's SKUs stand (the ones still on sale and stopped alike). */
export function skuFormOf(product: ProductDetail): SkuFormState {
  const names = product.skus[0]?.options.map((option) => option.name) ?? []
  const specs = names.map((name, index) => ({
    name,
    values: [...new Set(product.skus.filter((sku) => sku.active).map((sku) => sku.options[index]?.value ?? ''))].filter(Boolean).join('，'),
  }))
  const rows: Record<string, SkuDraft> = {}
  for (const sku of product.skus) {
    rows[comboKey(sku.options.map((option) => option.value))] = { price: (sku.priceFen / 100).toFixed(2), stock: String(sku.stock), active: sku.active }
  }
  return { specs, rows }
}

const PRICE = /^\d+(\.\d{1,2})?$/

/** The request, or what is wrong with the form in words an operator acts on. */
export function checkSkus(form: SkuFormState): { ok: true; value: SaveSkusRequest } | { ok: false; problems: string[] } {
  const problems: string[] = []
  const named = form.specs.filter((spec) => spec.name.trim() !== '')
  if (new Set(named.map((spec) => spec.name.trim())).size !== named.length) problems.push('规格名不能重复')
  for (const spec of named) if (valuesOf(spec).length === 0) problems.push(`请填写「${spec.name.trim()}」的规格值`)
  const combos = combinations(form.specs)
  if (combos.length > 100) problems.push('规格组合最多 100 个')
  const skus: SaveSkusRequest['skus'] = []
  for (const combo of combos) {
    const row = form.rows[comboKey(combo)] ?? { price: '', stock: '', active: true }
    const label = combo.join(' / ') || '默认规格'
    if (!PRICE.test(row.price.trim()) || Number(row.price) <= 0) problems.push(`「${label}」的售价要大于 0，最多两位小数`)
    if (!/^\d+$/.test(row.stock.trim())) problems.push(`「${label}」的库存要填整数`)
    skus.push({
      options: combo.map((value, index) => ({ name: (named[index] as SpecDraft).name.trim(), value })),
      priceFen: Math.round(Number(row.price) * 100),
      stock: Number(row.stock),
      active: row.active,
    })
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { skus } }
}
