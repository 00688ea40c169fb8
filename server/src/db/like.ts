import { sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm'

/** The LIKE pattern of text found anywhere in a value, its own wildcards escaped with a backslash. */
export const containingPattern = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`

/**
 * `column` matches a pattern of `containingPattern`: SQLite needs the ESCAPE clause spelled out (it has
 * no default escape character), so "50%" finds "50%" only.
 */
export function likePattern(column: AnyColumn, pattern: string | Placeholder): SQL {
  return sql`${column} like ${pattern} escape '\\'`
}

/** `column` contains `text` literally. */
export function containsText(column: AnyColumn, text: string): SQL {
  return likePattern(column, containingPattern(text))
}

/** A column's value, JSON (jsonb on PostgreSQL) or text, read as text contains `text` literally. */
export function mentionsText(column: AnyColumn, text: string): SQL {
  return sql`cast(${column} as text) like ${containingPattern(text)} escape '\\'`
}
