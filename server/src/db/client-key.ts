import { and, eq } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { first, type DbOrTx } from './index'

/**
 * The row a client's earlier request with the same Idempotency-Key created, if any: a retry
 * answers it instead of acting again. Keys are scoped to their owner (customer, distributor).
 */
export async function findByClientKey<T extends SQLiteTable>(
  tx: DbOrTx,
  table: T,
  columns: { owner: SQLiteColumn; key: SQLiteColumn },
  ownerId: number,
  clientKey: string | undefined,
): Promise<T['$inferSelect'] | undefined> {
  if (!clientKey) return undefined
  return (await first(
    tx
      .select()
      .from(table as SQLiteTable)
      .where(and(eq(columns.owner, ownerId), eq(columns.key, clientKey))),
  )) as T['$inferSelect'] | undefined
}
