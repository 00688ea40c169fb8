import { sql } from 'drizzle-orm'
import { productImages, products } from '../db/schema'

/**
 * A product's picture wherever products are listed: its gallery's first picture, else its own address.
 * The gallery is read under an alias of its own, so that `id` in the subquery cannot mean the gallery's.
 */
export const productCoverUrl = sql<string | null>`coalesce((select cover.url from ${productImages} cover where cover.product_id = ${products}.id order by cover.sort_order limit 1), ${products.imageUrl})`
