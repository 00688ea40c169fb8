// Many rows bound as one value, so that writing ten thousand of them is one short statement instead of
// SQL with a parameter for each field, built chunk by chunk: SQLite reads a JSON array of rows,
// PostgreSQL one array per column.
import { sql, type SQL } from 'drizzle-orm'
import { processDatabaseEngine } from '../env'

/** Chosen when the modules load, as the tables' dialect is (db/schema). */
const ON_POSTGRES = processDatabaseEngine() === 'postgres'

/** A column's type on PostgreSQL; a `jsonb` value is bound as its JSON text (SQLite keeps JSON as text). */
export type BoundColumns = Record<string, 'integer' | 'bigint' | 'text' | 'jsonb'>

/** A `select` of `rows`, each holding one value per column in `columns`' order, under the columns' names. */
export function selectBoundRows(columns: BoundColumns, rows: readonly (readonly unknown[])[]): SQL {
  const names = Object.keys(columns)
  if (ON_POSTGRES) {
    const arrays = names.map((name, i) => sql`cast(${sql.param(rows.map((row) => row[i]))} as ${sql.raw(columns[name] as string)}[])`)
    return sql`select * from unnest(${sql.join(arrays, sql`, `)}) as bound(${sql.raw(names.join(', '))})`
  }
  const fields = names.map((name, i) => sql`value ->> ${sql.raw(String(i))} as ${sql.raw(name)}`)
  return sql`select ${sql.join(fields, sql`, `)} from json_each(${JSON.stringify(rows)})`
}
