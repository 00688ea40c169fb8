// A SKU's stock and its product's total move together, in the caller's transaction: the product's
// stock stays the sum of its SKUs', so lists, group-buys and reports that read it stay right.
import { and, asc, desc, eq, gte, sql } from 'drizzle-orm'
import { first, rowsChanged, type DbOrTx, type Tx } from '../db'
import { products, productSkus } from '../db/schema'

export type SkuRow = typeof productSkus.$inferSelect

/** Takes `quantity` units of a SKU if that many are left; false (nothing taken) otherwise. */
export async function takeSkuStock(tx: Tx, sku: Pick<SkuRow, 'id' | 'productId'>, quantity: number): Promise<boolean> {
  const taken = await tx
    .update(productSkus)
    .set({ stock: sql`${productSkus.stock} - ${quantity}` })
    .where(and(eq(productSkus.id, sku.id), gte(productSkus.stock, quantity)))
  if (rowsChanged(taken) === 0) return false
  await tx
    .update(products)
    .set({ stock: sql`${products.stock} - ${quantity}` })
    .where(eq(products.id, sku.productId))
  return true
}

/** Puts units back on sale: an order cancelled or refunded. */
export async function returnSkuStock(tx: Tx, skuId: number, quantity: number): Promise<void> {
  const [sku] = await tx
    .update(productSkus)
    .set({ stock: sql`${productSkus.stock} + ${quantity}` })
    .where(eq(productSkus.id, skuId))
    .returning({ productId: productSkus.productId })
  if (!sku) return
  await tx
    .update(products)
    .set({ stock: sql`${products.stock} + ${quantity}` })
    .where(eq(products.id, sku.productId))
}

/** Those on sale first, in their order. */
export const skusOf = (tx: DbOrTx, productId: number): Promise<SkuRow[]> =>
  tx
    .select()
    .from(productSkus)
    .where(eq(productSkus.productId, productId))
    .orderBy(desc(productSkus.active), asc(productSkus.sortOrder), asc(productSkus.id))

export const skuById = (tx: DbOrTx, skuId: number): Promise<SkuRow | undefined> => first(tx.select().from(productSkus).where(eq(productSkus.id, skuId)))

/** A new product without options sells through one default SKU holding its price and stock. */
export async function createDefaultSku(tx: Tx, product: { id: number; priceFen: number; stock: number }): Promise<void> {
  await tx.insert(productSkus).values({ productId: product.id, options: [], specKey: '', priceFen: product.priceFen, stock: product.stock })
}

/**
 * A product edited by its price or stock alone: its single SKU follows. A product with options has
 * its price and stock per SKU, so false says the edit belongs there.
 */
export async function followSingleSku(tx: Tx, productId: number, set: { priceFen?: number; stock?: number }): Promise<boolean> {
  if (set.priceFen === undefined && set.stock === undefined) return true
  const skus = await skusOf(tx, productId)
  if (skus.length !== 1) return false
  await tx
    .update(productSkus)
    .set({ ...(set.priceFen !== undefined ? { priceFen: set.priceFen } : {}), ...(set.stock !== undefined ? { stock: set.stock } : {}) })
    .where(eq(productSkus.id, (skus[0] as SkuRow).id))
  return true
}
