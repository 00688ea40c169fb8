// Moves a brand from SQLite to PostgreSQL: every row of every table, in one PostgreSQL transaction,
// so a failed copy leaves the target as it was. Both sides are migrated first, so they describe the
// same tables; values pass through each engine's column mapping (dates, booleans, JSON) and reach
// PostgreSQL through COPY, which loads rows many times faster than INSERT statements.
import { existsSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { openPostgres } from './postgres'
import * as pgSchema from './schema-pg'
import * as sqliteSchema from './schema-sqlite'
import { openSqlite } from './sqlite'

/** Rows read from SQLite at a time, so a table of millions never sits in memory whole. */
const ROWS_PER_READ = 5_000

export interface CopyReport {
  tables: { name: string; rows: number }[]
}

/** Tables ordered so that every table comes after the tables it references. */
function dependencyOrder(tables: SQLiteTable[]): SQLiteTable[] {
  const byName = new Map(tables.map((table) => [getTableName(table), table]))
  const ordered: SQLiteTable[] = []
  const placed = new Set<string>()
  const place = (table: SQLiteTable) => {
    const name = getTableName(table)
    if (placed.has(name)) return
    placed.add(name)
    for (const key of sqliteTableConfig(table).foreignKeys) {
      const target = getTableName(key.reference().foreignTable)
      // A table that references itself (a category tree) is copied in id order, parents first.
      if (target !== name) place(byName.get(target) as SQLiteTable)
    }
    ordered.push(table)
  }
  tables.forEach(place)
  return ordered
}

/** A value as COPY's text format spells it: \\N for null, backslash escapes for what would end a field or row. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  const text =
    value instanceof Date
      ? value.toISOString()
      : Buffer.isBuffer(value)
        ? `\\x${value.toString('hex')}` // bytea's hex form
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value)
  return text.replace(/[\\\n\r\t]/g, (character) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[character] as string)
}

export async function copySqliteToPostgres(sqlitePath: string, postgresUrl: string): Promise<CopyReport> {
  // Opening a missing file would create an empty database and copy nothing.
  if (!existsSync(sqlitePath)) throw new Error(`no SQLite database at ${sqlitePath}`)
  const pgTables = new Map(
    (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map((table) => [getTableName(table), table]),
  )
  const tables = dependencyOrder((Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable)))
  const source = openSqlite(sqlitePath)
  try {
    // Opened to migrate the target, and to check it is empty.
    const migrated = await openPostgres(postgresUrl)
    try {
      for (const table of tables) {
        const name = getTableName(table)
        if (!pgTables.has(name)) throw new Error(`table ${name} has no PostgreSQL counterpart`)
        const [existing] = await migrated.query<{ n: number }>(`select count(*) as n from "${name}"`)
        if (existing?.n) throw new Error(`table ${name} in the target already holds ${existing.n} rows; copy into an empty database`)
      }
    } finally {
      await migrated.close()
    }
    const target = new pg.Client({ connectionString: postgresUrl })
    await target.connect()
    const report: CopyReport = { tables: [] }
    try {
      await target.query('begin')
      for (const table of tables) {
        const name = getTableName(table)
        const columns = Object.entries(getTableColumns(pgTables.get(name) as PgTable))
        let copied = 0
        // Each row read through SQLite's column mapping and written through PostgreSQL's, in rowid order.
        async function* lines() {
          for (let after = 0; ; ) {
            const rows = await source.db
              .select({ rowid: sql<number>`rowid`, ...getTableColumns(table) })
              .from(table)
              .where(sql`rowid > ${after}`)
              .orderBy(sql`rowid`)
              .limit(ROWS_PER_READ)
            if (rows.length === 0) return
            after = (rows.at(-1) as { rowid: number }).rowid
            copied += rows.length
            yield rows
              .map((row) => {
                const values = row as Record<string, unknown>
                return columns.map(([key, column]) => copyText(values[key] == null ? null : column.mapToDriverValue(values[key]))).join('\t')
              })
              .join('\n') + '\n'
          }
        }
        const columnList = columns.map(([, column]) => `"${column.name}"`).join(', ')
        await pipeline(Readable.from(lines()), target.query(copyFrom(`copy "${name}" (${columnList}) from stdin`)))
        report.tables.push({ name, rows: copied })
      }
      await restartIdentities(target, [...pgTables.values()])
      await target.query('commit')
    } catch (error) {
      await target.query('rollback').catch(() => undefined)
      throw error
    } finally {
      await target.end()
    }
    return report
  } finally {
    source.close()
  }
}

/** Identity columns continue after the copied ids, so the next insert does not collide. */
async function restartIdentities(client: pg.Client, tables: PgTable[]): Promise<void> {
  for (const table of tables) {
    const name = getTableName(table)
    for (const column of pgTableConfig(table).columns) {
      if (!column.generatedIdentity) continue
      await client.query(
        `select setval(pg_get_serial_sequence('"${name}"', '${column.name}'), coalesce(max("${column.name}"), 0) + 1, false) from "${name}"`,
      )
    }
  }
}
