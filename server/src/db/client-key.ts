import { and, eq, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { first, prepared, type DbOrTx } from './index'

type KeyColumns = { owner: SQLiteColumn; key: SQLiteColumn }

const rowByKey = (table: SQLiteTable, columns: KeyColumns) =>
  prepared((handle: DbOrTx) =>
    handle
      .select()
      .from(table)
      .where(and(eq(columns.owner, sql.placeholder('owner')), eq(columns.key, sql.placeholder('key')))),
  )

/** Each table's lookup, by its key column, built once: every value change sent with a key runs it. */
const lookups = new WeakMap<SQLiteColumn, ReturnType<typeof rowByKey>>()

/**
 * The row a client's earlier request with the same Idempotency-Key created, if any: a retry
 * answers it instead of acting again. Keys are scoped to their owner (customer, distributor).
 */
export async function findByClientKey<T extends SQLiteTable>(
  tx: DbOrTx,
  table: T,
  columns: KeyColumns,
  ownerId: number,
  clientKey: string | undefined,
): Promise<T['$inferSelect'] | undefined> {
  if (!clientKey) return undefined
  let lookup = lookups.get(columns.key)
  if (!lookup) lookups.set(columns.key, (lookup = rowByKey(table, columns)))
  return (await first(lookup(tx, { owner: ownerId, key: clientKey }))) as T['$inferSelect'] | undefined
}
