import { lt, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Page } from '@liuliang/shared'

/** The largest id an integer column holds (PostgreSQL refuses to compare one with a larger number). */
export const MAX_ID = 2_147_483_647

/** Lists are newest first by id; a cursor is the last id of the previous page (held within what a column holds). */
export function cursorId(cursor: string | undefined): number | undefined {
  const before = cursor ? Number(cursor) : NaN
  return Number.isInteger(before) ? Math.max(0, Math.min(before, MAX_ID)) : undefined
}

export function cursorBefore(column: SQLiteColumn, cursor: string | undefined): SQL | undefined {
  const before = cursorId(cursor)
  return before === undefined ? undefined : lt(column, before)
}

/** One page from `limit + 1` rows: the extra row only says there is more. */
export function pageOf<R, T extends { id: number }>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit).map(map)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null }
}
