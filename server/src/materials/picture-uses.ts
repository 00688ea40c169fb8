// Where a library picture's address is used: the places that keep a picture by its address (banners,
// products and their galleries, mall items, scripts, welcome messages, group welcomes, broadcasts still to
// go out, fission posters), found by the address's name in the column that holds it, JSON or text.
import { and, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { LibraryUse, LibraryUseKind } from '@liuliang/shared'
import type { Db } from '../db'
import { mentionsText } from '../db/like'
import { broadcasts, fissionActivities, groupWelcomeTemplates, mallItems, productImages, products, scripts, shopBanners, welcomeMessages } from '../db/schema'

/** At most this many places of each kind are named; a picture used more often is plainly in use. */
const PER_KIND = 20

/** The value names the picture's address. */
const mentions = (column: AnyColumn, name: string): SQL => mentionsText(column, `/images/${name}`)

type Found = { id: number; title: string }[]

interface Place {
  kind: LibraryUseKind
  rows: (reads: Db, name: string) => Promise<Found>
}

/** The rows of one table whose column, by `where`, names the picture. */
const inTable =
  (table: SQLiteTable, id: AnyColumn, title: AnyColumn, where: (name: string) => SQL | undefined) =>
  (reads: Db, name: string): Promise<Found> =>
    reads
      .select({ id: sql<number>`${id}`, title: sql<string>`${title}` })
      .from(table)
      .where(where(name))
      .limit(PER_KIND)

const PLACES: Place[] = [
  { kind: 'banner', rows: inTable(shopBanners, shopBanners.id, shopBanners.title, (name) => mentions(shopBanners.imageUrl, name)) },
  {
    // A product by its own address or one of its gallery's.
    kind: 'product',
    rows: (reads, name) =>
      reads
        .selectDistinct({ id: products.id, title: products.name })
        .from(products)
        .leftJoin(productImages, eq(productImages.productId, products.id))
        .where(or(mentions(products.imageUrl, name), mentions(productImages.url, name)))
        .limit(PER_KIND),
  },
  { kind: 'mall_item', rows: inTable(mallItems, mallItems.id, mallItems.name, (name) => mentions(mallItems.imageUrl, name)) },
  // The brand's library, not a guide's own scripts.
  { kind: 'script', rows: inTable(scripts, scripts.id, scripts.title, (name) => and(isNull(scripts.ownerStaffId), mentions(scripts.attachment, name))) },
  { kind: 'welcome_message', rows: inTable(welcomeMessages, welcomeMessages.id, welcomeMessages.name, (name) => mentions(welcomeMessages.attachments, name)) },
  {
    kind: 'group_welcome',
    rows: inTable(groupWelcomeTemplates, groupWelcomeTemplates.id, groupWelcomeTemplates.name, (name) => mentions(groupWelcomeTemplates.attachment, name)),
  },
  // A sent broadcast has uploaded its pictures already; only those still to go need them.
  {
    kind: 'broadcast',
    rows: inTable(broadcasts, broadcasts.id, broadcasts.name, (name) => and(inArray(broadcasts.status, ['scheduled', 'sending']), mentions(broadcasts.attachments, name))),
  },
  {
    kind: 'fission',
    rows: inTable(fissionActivities, fissionActivities.id, fissionActivities.name, (name) => and(isNull(fissionActivities.deletedAt), mentions(fissionActivities.posterImageUrl, name))),
  },
]

export async function pictureUses(db: Db, name: string): Promise<LibraryUse[]> {
  // One screen's reads: on PostgreSQL they share a connection.
  const lists = await db.readTogether((reads) => Promise.all(PLACES.map(async ({ kind, rows }) => (await rows(reads, name)).map((row) => ({ kind, ...row })))))
  return lists.flat()
}
