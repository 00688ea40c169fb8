// A list of ids bound as one value, so a statement that selects by a list is built once whatever the
// list's length: SQLite reads it as a JSON array, PostgreSQL as an integer array.
import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { processDatabaseEngine } from '../env'

/** Chosen when the modules load, as the tables' dialect is (db/schema). */
const ON_POSTGRES = processDatabaseEngine() === 'postgres'

/** `column` is one of the ids in `list`, a value `idList` made (bound now, or by a placeholder). */
const inList = (column: SQLiteColumn, list: unknown): SQL =>
  ON_POSTGRES ? sql`${column} = any(cast(${list} as integer[]))` : sql`${column} in (select value from json_each(${list}))`

/** `column` is one of the ids bound to the placeholder `name` (as `idList` gives them). */
export const inIdList = (column: SQLiteColumn, name: string): SQL => inList(column, sql.placeholder(name))

/** `column` is one of `ids`, bound as one value: a statement of any length of list, built once for its call. */
export const inIds = (column: SQLiteColumn, ids: readonly number[]): SQL => inList(column, sql.param(idList(ids)))

/** The value for a placeholder of `inIdList`. */
export const idList = (ids: readonly number[]): unknown => (ON_POSTGRES ? ids : JSON.stringify(ids))
