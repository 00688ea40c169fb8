import { sql, type AnyColumn, type SQL } from 'drizzle-orm'

/**
 * `column` contains `text` literally: LIKE wildcards in the text are escaped, and SQLite needs the
 * ESCAPE clause spelled out (it has no default escape character), so "50%" finds "50%" only.
 */
export function containsText(column: AnyColumn, text: string): SQL {
  const pattern = `%${text.replace(/[%_\\]/g, '\\$&')}%`
  return sql`${column} like ${pattern} escape '\\'`
}
