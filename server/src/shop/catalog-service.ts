import fp from 'fastify-plugin'
import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import {
  specLabel,
  type Banner,
  type Category,
  type ProductDetail,
  type SaveBannerRequest,
  type SaveCategoryRequest,
  type SaveProductShopRequest,
  type SaveSkusRequest,
  type ShopHome,
  type ShopProductPage,
  type ShopProductsQuery,
  type Sku,
  type SkuOption,
  type Spec,
} from '@liuliang/shared'
import { first, type DbOrTx, type Tx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore, pageOf } from '../db/paging'
import { productCategories, productImages, products, productSkus, shopBanners } from '../db/schema'
import { badRequest, foundOr404, notFound } from '../errors'
import type { OrderService } from '../orders/order-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { skusOf, type SkuRow } from './stock'
import { productCoverUrl } from './product-cover'
import { addToGroup } from '../grouping'

type CategoryRow = typeof productCategories.$inferSelect
type BannerRow = typeof shopBanners.$inferSelect
type ProductRow = typeof products.$inferSelect

const toCategory = ({ id, name, sortOrder, active }: CategoryRow): Category => ({ id, name, sortOrder, active })
const toBanner = ({ id, title, imageUrl, linkType, linkId, sortOrder, active }: BannerRow): Banner => ({
  id,
  title,
  imageUrl,
  linkType,
  linkId,
  sortOrder,
  active,
})
export const toSku = (row: SkuRow): Sku => ({
  id: row.id,
  options: row.options,
  spec: specLabel(row.options),
  priceFen: row.priceFen,
  stock: row.stock,
  active: row.active,
})

/** One SKU per combination: the key names each option, so 红色/大号 and 大号/红色 are different SKUs only if their specs differ. */
const specKeyOf = (options: readonly SkuOption[]) => options.map((option) => `${option.name}=${option.value}`).join('|')

/** The specs and their values, in the order the SKUs list them. */
export function specsOf(skus: readonly Pick<SkuRow, 'options'>[]): Spec[] {
  const specs: Spec[] = []
  for (const sku of skus) {
    sku.options.forEach((option, index) => {
      const spec = specs[index] ?? (specs[index] = { name: option.name, values: [] })
      if (!spec.values.includes(option.value)) spec.values.push(option.value)
    })
  }
  return specs
}

/** Why a set of SKUs cannot stand: every SKU names the same specs in the same order, each combination once. */
function skusProblem(skus: SaveSkusRequest['skus']): string | null {
  const names = (skus[0]?.options ?? []).map((option) => option.name).join('|')
  const keys = new Set<string>()
  for (const sku of skus) {
    if (sku.options.map((option) => option.name).join('|') !== names) return '每个规格组合都要填写相同的规格项'
    if (new Set(sku.options.map((option) => option.name)).size !== sku.options.length) return '规格项不能重复'
    const key = specKeyOf(sku.options)
    if (keys.has(key)) return `规格「${specLabel(sku.options) || '默认'}」重复了`
    keys.add(key)
  }
  if (names === '' && skus.length > 1) return '没有规格项的商品只能有一个规格'
  return null
}

interface CatalogDeps extends ServiceDeps {
  orders: Pick<OrderService, 'checkProductPrice'>
}

export function createCatalogService({ db, orders }: CatalogDeps) {
  const categoryOr404 = async (tx: DbOrTx, id: number) =>
    foundOr404(await first(tx.select().from(productCategories).where(eq(productCategories.id, id))), 'CATEGORY_NOT_FOUND', '没有这个分类')
  const bannerOr404 = async (tx: DbOrTx, id: number) =>
    foundOr404(await first(tx.select().from(shopBanners).where(eq(shopBanners.id, id))), 'BANNER_NOT_FOUND', '没有这个轮播图')
  const productOr404 = async (tx: DbOrTx, id: number) =>
    foundOr404(await first(tx.select().from(products).where(eq(products.id, id))), 'PRODUCT_NOT_FOUND', '没有这个商品')

  /** A banner must lead somewhere that exists. */
  const checkBannerLink = async (tx: DbOrTx, input: SaveBannerRequest) => {
    if (input.linkType === 'none') return null
    if (!input.linkId) throw badRequest('INVALID_BANNER', input.linkType === 'product' ? '请选择跳转的商品' : '请选择跳转的分类')
    if (input.linkType === 'product') await productOr404(tx, input.linkId)
    else await categoryOr404(tx, input.linkId)
    return input.linkId
  }

  const imagesOf = async (tx: DbOrTx, productIds: number[]) => {
    const rows = productIds.length
      ? await tx.select().from(productImages).where(inArray(productImages.productId, productIds)).orderBy(asc(productImages.sortOrder))
      : []
    const byProduct = new Map<number, string[]>()
    for (const row of rows) addToGroup(byProduct, row.productId, row.url)
    return byProduct
  }

  /** The product's price and stock as its SKUs have them: the lowest price on sale, all units. */
  const summarise = async (tx: Tx, productId: number) => {
    await tx
      .update(products)
      .set({
        stock: sql`(select coalesce(sum(${productSkus.stock}), 0) from ${productSkus} where ${productSkus.productId} = ${productId})`,
        priceFen: sql`coalesce((select min(${productSkus.priceFen}) from ${productSkus} where ${productSkus.productId} = ${productId} and ${productSkus.active} = true), ${products.priceFen})`,
      })
      .where(eq(products.id, productId))
  }

  const detailOf = async (tx: DbOrTx, product: ProductRow, onlyActive: boolean): Promise<ProductDetail> => {
    const skus = (await skusOf(tx, product.id)).filter((sku) => !onlyActive || sku.active)
    const gallery = (await imagesOf(tx, [product.id])).get(product.id) ?? []
    return {
      id: product.id,
      name: product.name,
      description: product.description,
      categoryId: product.categoryId,
      images: gallery.length ? gallery : product.imageUrl ? [product.imageUrl] : [],
      priceFen: product.priceFen,
      stock: product.stock,
      active: product.active,
      specs: specsOf(skus.filter((sku) => sku.active)),
      skus: skus.map(toSku),
    }
  }

  const service = {
    async listCategories(onlyActive: boolean): Promise<Category[]> {
      const rows = await db
        .select()
        .from(productCategories)
        .where(onlyActive ? eq(productCategories.active, true) : undefined)
        .orderBy(asc(productCategories.sortOrder), asc(productCategories.id))
      return rows.map(toCategory)
    },

    async createCategory(input: SaveCategoryRequest): Promise<Category> {
      const [row] = await db.transaction((tx) =>
        tx
          .insert(productCategories)
          .values({ name: input.name, sortOrder: input.sortOrder ?? 0, active: input.active ?? true })
          .returning(),
      )
      return toCategory(row as CategoryRow)
    },

    async updateCategory(id: number, input: SaveCategoryRequest): Promise<Category> {
      return db.transaction(async (tx) => {
        const current = await categoryOr404(tx, id)
        const [row] = await tx
          .update(productCategories)
          .set({ name: input.name, sortOrder: input.sortOrder ?? current.sortOrder, active: input.active ?? current.active })
          .where(eq(productCategories.id, id))
          .returning()
        return toCategory(row as CategoryRow)
      })
    },

    async listBanners(onlyActive: boolean): Promise<Banner[]> {
      const rows = await db
        .select()
        .from(shopBanners)
        .where(onlyActive ? eq(shopBanners.active, true) : undefined)
        .orderBy(asc(shopBanners.sortOrder), asc(shopBanners.id))
      return rows.map(toBanner)
    },

    async createBanner(input: SaveBannerRequest): Promise<Banner> {
      return db.transaction(async (tx) => {
        const linkId = await checkBannerLink(tx, input)
        const [row] = await tx
          .insert(shopBanners)
          .values({
            title: input.title ?? '',
            imageUrl: input.imageUrl,
            linkType: input.linkType,
            linkId,
            sortOrder: input.sortOrder ?? 0,
            active: input.active ?? true,
          })
          .returning()
        return toBanner(row as BannerRow)
      })
    },

    async updateBanner(id: number, input: SaveBannerRequest): Promise<Banner> {
      return db.transaction(async (tx) => {
        const current = await bannerOr404(tx, id)
        const linkId = await checkBannerLink(tx, input)
        const [row] = await tx
          .update(shopBanners)
          .set({
            title: input.title ?? current.title,
            imageUrl: input.imageUrl,
            linkType: input.linkType,
            linkId,
            sortOrder: input.sortOrder ?? current.sortOrder,
            active: input.active ?? current.active,
          })
          .where(eq(shopBanners.id, id))
          .returning()
        return toBanner(row as BannerRow)
      })
    },

    async deleteBanner(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        await bannerOr404(tx, id)
        await tx.delete(shopBanners).where(eq(shopBanners.id, id))
      })
    },

    home: async (): Promise<ShopHome> => ({ banners: await service.listBanners(true), categories: await service.listCategories(true) }),

    /** Products on sale, newest first, by category and part of the name. */
    async listProducts(query: ShopProductsQuery): Promise<ShopProductPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ ...getTableColumns(products), imageUrl: productCoverUrl })
        .from(products)
        .where(
          and(
            eq(products.active, true),
            query.categoryId ? eq(products.categoryId, query.categoryId) : undefined,
            query.q ? containsText(products.name, query.q.trim()) : undefined,
            cursorBefore(products.id, query.cursor),
          ),
        )
        .orderBy(desc(products.id))
        .limit(limit + 1)
      return pageOf(rows, limit, (row) => ({
        id: row.id,
        name: row.name,
        imageUrl: row.imageUrl,
        priceFen: row.priceFen,
        stock: row.stock,
        categoryId: row.categoryId,
      }))
    },

    /** A product on sale with its gallery and the SKUs a customer can pick. */
    async productForSale(id: number): Promise<ProductDetail> {
      const product = await productOr404(db, id)
      if (!product.active) throw notFound('PRODUCT_NOT_FOUND', '商品已下架')
      return detailOf(db, product, true)
    },

    adminProduct: async (id: number): Promise<ProductDetail> => detailOf(db, await productOr404(db, id), false),

    /** The category and the gallery of a product. */
    async saveProductShop(id: number, input: SaveProductShopRequest): Promise<ProductDetail> {
      return db.transaction(async (tx) => {
        await productOr404(tx, id)
        if (input.categoryId !== null) await categoryOr404(tx, input.categoryId)
        await tx.update(products).set({ categoryId: input.categoryId }).where(eq(products.id, id))
        await tx.delete(productImages).where(eq(productImages.productId, id))
        for (const [sortOrder, url] of input.images.entries()) await tx.insert(productImages).values({ productId: id, url, sortOrder })
        return detailOf(tx, await productOr404(tx, id), false)
      })
    },

    /**
     * Sets a product's SKUs: a combination already sold keeps its row (orders and carts point at it)
     * and takes the new price and stock; one left out stops selling, with no stock.
     */
    async saveSkus(id: number, input: SaveSkusRequest): Promise<ProductDetail> {
      const problem = skusProblem(input.skus)
      if (problem) throw badRequest('INVALID_SKUS', problem)
      return db.transaction(async (tx) => {
        await productOr404(tx, id)
        const existing = new Map((await skusOf(tx, id)).map((sku) => [sku.specKey, sku]))
        const kept = new Set<string>()
        for (const [sortOrder, sku] of input.skus.entries()) {
          const specKey = specKeyOf(sku.options)
          kept.add(specKey)
          const values = { options: sku.options, priceFen: sku.priceFen, stock: sku.stock, active: sku.active ?? true, sortOrder }
          const row = existing.get(specKey)
          if (row) await tx.update(productSkus).set(values).where(eq(productSkus.id, row.id))
          else await tx.insert(productSkus).values({ ...values, productId: id, specKey })
        }
        for (const [specKey, row] of existing) {
          if (!kept.has(specKey)) await tx.update(productSkus).set({ active: false, stock: 0 }).where(eq(productSkus.id, row.id))
        }
        const before = await productOr404(tx, id)
        await summarise(tx, id)
        const after = await productOr404(tx, id)
        // The product's price is its cheapest SKU on sale: new SKU prices must not undercut a group-buy on it.
        if (after.priceFen !== before.priceFen) await orders.checkProductPrice(tx, id, after.priceFen)
        return detailOf(tx, after, false)
      })
    },
  }
  return service
}

export type CatalogService = ReturnType<typeof createCatalogService>

declare module 'fastify' {
  interface FastifyInstance {
    catalog: CatalogService
  }
}

export default fp(
  async (app) => {
    app.decorate('catalog', createCatalogService({ ...serviceDeps(app), orders: app.orders }))
  },
  { name: 'catalog', dependencies: ['db', 'clock', 'orders'] },
)
