import fp from 'fastify-plugin'
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import {
  MAX_ADDRESSES,
  specLabel,
  type AddCartItemRequest,
  type Address,
  type Cart,
  type CartLine,
  type CartLineProblem,
  type SaveAddressRequest,
} from '@liuliang/shared'
import { first, type DbOrTx } from '../db'
import { cartItems, customerAddresses, productImages, products, productSkus } from '../db/schema'
import { conflict, notFound } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'

type AddressRow = typeof customerAddresses.$inferSelect

export const toAddress = ({ id, name, phone, region, detail, isDefault }: AddressRow): Address => ({ id, name, phone, region, detail, isDefault })

/** Why a line cannot be bought as it is now, or null. */
export function lineProblem(line: { productActive: boolean; skuActive: boolean; stock: number; quantity: number }): CartLineProblem | null {
  if (!line.productActive || !line.skuActive) return 'unavailable'
  if (line.stock === 0) return 'sold_out'
  return line.quantity > line.stock ? 'short' : null
}

/** Lines as they stand now: each SKU's current name, spec, price, stock and cover, in the order asked. */
export async function describeLines<L extends { skuId: number; quantity: number }>(tx: DbOrTx, lines: readonly L[]) {
  const skuIds = [...new Set(lines.map((line) => line.skuId))]
  const rows = skuIds.length
    ? await tx
        .select({ sku: productSkus, name: products.name, imageUrl: products.imageUrl, productActive: products.active })
        .from(productSkus)
        .innerJoin(products, eq(products.id, productSkus.productId))
        .where(inArray(productSkus.id, skuIds))
    : []
  const bySku = new Map(rows.map((row) => [row.sku.id, row]))
  const productIds = [...new Set(rows.map((row) => row.sku.productId))]
  const covers = new Map<number, string>()
  if (productIds.length) {
    const images = await tx.select().from(productImages).where(inArray(productImages.productId, productIds)).orderBy(desc(productImages.sortOrder))
    for (const image of images) covers.set(image.productId, image.url)
  }
  return lines.flatMap((line) => {
    const row = bySku.get(line.skuId)
    if (!row) return []
    const described = {
      ...line,
      productId: row.sku.productId,
      name: row.name,
      spec: specLabel(row.sku.options),
      imageUrl: covers.get(row.sku.productId) ?? row.imageUrl,
      priceFen: row.sku.priceFen,
      stock: row.sku.stock,
    }
    return [{ ...described, problem: lineProblem({ productActive: row.productActive, skuActive: row.sku.active, stock: row.sku.stock, quantity: line.quantity }) }]
  })
}

export function createCartService({ db, now }: ServiceDeps) {
  const itemOr404 = async (tx: DbOrTx, customerId: number, itemId: number) => {
    const row = await first(tx.select().from(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.customerId, customerId))))
    if (!row) throw notFound('CART_ITEM_NOT_FOUND', '购物车里没有这件商品')
    return row
  }
  const addressOr404 = async (tx: DbOrTx, customerId: number, addressId: number) => {
    const row = await first(tx.select().from(customerAddresses).where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customerId))))
    if (!row) throw notFound('ADDRESS_NOT_FOUND', '没有这个收货地址')
    return row
  }

  const service = {
    async cartOf(customerId: number, tx: DbOrTx = db): Promise<Cart> {
      const items = await tx.select().from(cartItems).where(eq(cartItems.customerId, customerId)).orderBy(desc(cartItems.addedAt), desc(cartItems.id))
      const lines: CartLine[] = (await describeLines(tx, items)).map((line) => ({
        id: line.id,
        skuId: line.skuId,
        productId: line.productId,
        name: line.name,
        spec: line.spec,
        imageUrl: line.imageUrl,
        priceFen: line.priceFen,
        stock: line.stock,
        quantity: line.quantity,
        problem: line.problem,
      }))
      return { lines, totalFen: lines.reduce((sum, line) => sum + (line.problem ? 0 : line.priceFen * line.quantity), 0) }
    },

    /** Adds units of a SKU on sale; the same SKU again adds to its line (at most 99). */
    async addItem(customerId: number, input: AddCartItemRequest): Promise<Cart> {
      const at = now()
      return db.transaction(async (tx) => {
        const [line] = await describeLines(tx, [{ skuId: input.skuId, quantity: input.quantity }])
        if (!line) throw notFound('SKU_NOT_FOUND', '没有这个商品规格')
        if (line.problem === 'unavailable') throw conflict('PRODUCT_UNAVAILABLE', `「${line.name}」已下架`)
        const existing = await first(tx.select().from(cartItems).where(and(eq(cartItems.customerId, customerId), eq(cartItems.skuId, input.skuId))))
        if (!existing) {
          const [{ lines } = { lines: 0 }] = await tx.select({ lines: count() }).from(cartItems).where(eq(cartItems.customerId, customerId))
          if (lines >= 50) throw conflict('CART_FULL', '购物车最多放 50 种商品')
        }
        // One upsert, so two first adds of a SKU at once both count (on PostgreSQL neither sees the other's row).
        const added = sql`${cartItems.quantity} + excluded.quantity`
        await tx
          .insert(cartItems)
          .values({ customerId, skuId: input.skuId, quantity: input.quantity, addedAt: at })
          .onConflictDoUpdate({
            target: [cartItems.customerId, cartItems.skuId],
            set: { quantity: sql`case when ${added} > 99 then 99 else ${added} end`, addedAt: at },
          })
        return service.cartOf(customerId, tx)
      })
    },

    async setQuantity(customerId: number, itemId: number, quantity: number): Promise<Cart> {
      return db.transaction(async (tx) => {
        await itemOr404(tx, customerId, itemId)
        await tx.update(cartItems).set({ quantity }).where(eq(cartItems.id, itemId))
        return service.cartOf(customerId, tx)
      })
    },

    async removeItem(customerId: number, itemId: number): Promise<Cart> {
      return db.transaction(async (tx) => {
        await itemOr404(tx, customerId, itemId)
        await tx.delete(cartItems).where(eq(cartItems.id, itemId))
        return service.cartOf(customerId, tx)
      })
    },

    async listAddresses(customerId: number): Promise<Address[]> {
      const rows = await db
        .select()
        .from(customerAddresses)
        .where(eq(customerAddresses.customerId, customerId))
        .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.id))
      return rows.map(toAddress)
    },

    addressOr404,

    /** The address a checkout starts with: the default, else the first saved. */
    async defaultAddress(tx: DbOrTx, customerId: number): Promise<AddressRow | undefined> {
      return first(
        tx
          .select()
          .from(customerAddresses)
          .where(eq(customerAddresses.customerId, customerId))
          .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.id))
          .limit(1),
      )
    },

    /** Saves a new address; the first one, or one marked so, becomes the default. */
    async addAddress(customerId: number, input: SaveAddressRequest): Promise<Address> {
      const at = now()
      return db.transaction(async (tx) => {
        const [{ saved } = { saved: 0 }] = await tx.select({ saved: count() }).from(customerAddresses).where(eq(customerAddresses.customerId, customerId))
        if (saved >= MAX_ADDRESSES) throw conflict('TOO_MANY_ADDRESSES', `最多保存 ${MAX_ADDRESSES} 个收货地址`)
        const isDefault = saved === 0 || input.isDefault === true
        if (isDefault) await tx.update(customerAddresses).set({ isDefault: false }).where(eq(customerAddresses.customerId, customerId))
        const [row] = await tx
          .insert(customerAddresses)
          .values({ customerId, name: input.name, phone: input.phone, region: input.region, detail: input.detail, isDefault, createdAt: at })
          .returning()
        return toAddress(row as AddressRow)
      })
    },

    async updateAddress(customerId: number, addressId: number, input: SaveAddressRequest): Promise<Address> {
      return db.transaction(async (tx) => {
        const current = await addressOr404(tx, customerId, addressId)
        const isDefault = input.isDefault ?? current.isDefault
        if (isDefault && !current.isDefault) await tx.update(customerAddresses).set({ isDefault: false }).where(eq(customerAddresses.customerId, customerId))
        const [row] = await tx
          .update(customerAddresses)
          .set({ name: input.name, phone: input.phone, region: input.region, detail: input.detail, isDefault })
          .where(eq(customerAddresses.id, addressId))
          .returning()
        return toAddress(row as AddressRow)
      })
    },

    /** Deletes an address; when it was the default, the oldest remaining one takes its place. */
    async deleteAddress(customerId: number, addressId: number): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await addressOr404(tx, customerId, addressId)
        await tx.delete(customerAddresses).where(eq(customerAddresses.id, addressId))
        if (!current.isDefault) return
        const next = await service.defaultAddress(tx, customerId)
        if (next) await tx.update(customerAddresses).set({ isDefault: true }).where(eq(customerAddresses.id, next.id))
      })
    },
  }
  return service
}

export type CartService = ReturnType<typeof createCartService>

declare module 'fastify' {
  interface FastifyInstance {
    cart: CartService
  }
}

export default fp(
  async (app) => {
    app.decorate('cart', createCartService(serviceDeps(app)))
  },
  { name: 'cart', dependencies: ['db', 'clock'] },
)
