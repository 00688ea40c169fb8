import { CreateProductRequestSchema, type CreateProductRequest, type Product } from '@liuliang/shared'
import { yuan } from './money'
import { checkAll, fenIn, integerIn, textIn, urlOrNull } from '../../lib/form-checks'

/** What the product form holds: text as typed, the price in yuan. */
export interface ProductForm {
  name: string
  price: string
  stock: string
  description: string
  imageUrl: string
}

export const BLANK_PRODUCT: ProductForm = { name: '', price: '', stock: '', description: '', imageUrl: '' }

export const productFormOf = (product: Product): ProductForm => ({
  name: product.name,
  price: yuan(product.priceFen),
  stock: String(product.stock),
  description: product.description,
  imageUrl: product.imageUrl ?? '',
})

const fields = CreateProductRequestSchema.properties

/** The request the form describes, or what is wrong with it. */
export function checkProduct(form: ProductForm) {
  const checked = checkAll({
    name: textIn('商品名称', form.name, fields.name),
    priceFen: fenIn('售价', form.price, fields.priceFen),
    stock: integerIn('库存', form.stock, fields.stock),
    description: textIn('商品介绍', form.description, fields.description),
    imageUrl: urlOrNull('图片地址', form.imageUrl, fields.imageUrl),
  })
  return checked.ok ? { ok: true as const, value: checked.value satisfies Required<CreateProductRequest> } : checked
}
