import type Database from 'better-sqlite3'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'

/**
 * A prepared multi-column INSERT built from the drizzle table, so the generator writes the very
 * schema the migrations created and a renamed column fails loudly here rather than silently.
 */
export function insertInto<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  columns: (keyof T['_']['columns'] & string)[],
) {
  const { name } = getTableConfig(table)
  const names = columns.map((key) => {
    const column = (table as unknown as Record<string, { name?: string } | undefined>)[key]
    if (!column?.name) throw new Error(`${name} has no column ${key}`)
    return `"${column.name}"`
  })
  return sqlite.prepare(`insert into "${name}" (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`)
}
