// A long read over a whole brand, in pages of ids. The worker's rows are deserialized on the server's
// thread when they arrive: 900,000 in one message held it 1.7–2.4 s, a page of 100,000 ids about 0.3 s.
import type { SQL } from 'drizzle-orm'
import type { Db } from './index'

/** Ids a page of a long read covers. */
export const READ_APART_PAGE_IDS = 100_000

/**
 * Reads `page(after, upTo)` (the rows whose id is in (after, upTo]) for every page up to `lastId`, handing
 * each page's rows to `take` (awaited before the next page is read).
 */
export async function readApartInPages<Row>(
  db: Db,
  lastId: number,
  page: (after: number, upTo: number) => SQL,
  take: (rows: Row[]) => void | Promise<void>,
): Promise<void> {
  for (let after = 0; after < lastId; after += READ_APART_PAGE_IDS) await take(await db.readApart<Row>(page(after, after + READ_APART_PAGE_IDS)))
}
