import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { BANNER_LINK_TYPES, type AddressSnapshot, type SkuOption } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { coupons } from './coupons'
import { customers } from './customers'
import { orders, products } from './orders'

export const productCategories = pgTable(
  'product_categories',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    /** smaller first */
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('product_categories_order').on(t.sortOrder, t.id)],
)

/** A product's gallery, in order; the first is its cover. */
export const productImages = pgTable(
  'product_images',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    url: text('url').notNull(),
    sortOrder: integer('sort_order').notNull(),
  },
  (t) => [index('product_images_product').on(t.productId, t.sortOrder)],
)

/**
 * What is sold and stocked: one row per combination of spec options, with its own price and stock.
 * A product without options has one default SKU (no options). The product's own price and stock
 * are the lowest SKU price and the sum of SKU stock, kept in the same transactions.
 */
export const productSkus = pgTable(
  'product_skus',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    options: jsonb('options').$type<SkuOption[]>().notNull(),
    /** the option values joined ('' for a default SKU): one SKU per combination */
    specKey: text('spec_key').notNull(),
    priceFen: integer('price_fen').notNull(),
    stock: integer('stock').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('product_skus_spec').on(t.productId, t.specKey), check('product_skus_stock_not_negative', sql`${t.stock} >= 0`)],
)

export const shopBanners = pgTable(
  'shop_banners',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    title: text('title').notNull().default(''),
    imageUrl: text('image_url').notNull(),
    linkType: text('link_type', { enum: BANNER_LINK_TYPES }).notNull().default('none'),
    linkId: integer('link_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('shop_banners_order').on(t.sortOrder, t.id)],
)

export const cartItems = pgTable(
  'cart_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    skuId: integer('sku_id')
      .notNull()
      .references(() => productSkus.id),
    quantity: integer('quantity').notNull(),
    addedAt: timestamp('added_at').notNull(),
  },
  (t) => [uniqueIndex('cart_items_customer_sku').on(t.customerId, t.skuId)],
)

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    region: text('region').notNull(),
    detail: text('detail').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('customer_addresses_customer').on(t.customerId, t.id),
    uniqueIndex('customer_addresses_one_default').on(t.customerId).where(sql`${t.isDefault} = true`),
  ],
)

/** What a shop order was placed with: the address it ships to and the coupon it used. */
export const orderCheckouts = pgTable('order_checkouts', {
  orderId: integer('order_id')
    .primaryKey()
    .references(() => orders.id),
  /** lines before the coupon */
  subtotalFen: integer('subtotal_fen').notNull(),
  discountFen: integer('discount_fen').notNull().default(0),
  couponId: integer('coupon_id').references(() => coupons.id),
  couponName: text('coupon_name'),
  address: jsonb('address').$type<AddressSnapshot>().notNull(),
})
