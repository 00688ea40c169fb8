// Moves a brand from SQLite to PostgreSQL: every row of every table, in one PostgreSQL transaction,
// so a failed copy leaves the target as it was. Both sides are migrated first, so they describe the
// same tables; values pass through each engine's column mapping (dates, booleans, JSON).
import { existsSync } from 'node:fs'
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Tx } from './index'
import { openPostgres } from './postgres'
import * as pgSchema from './schema-pg'
import * as sqliteSchema from './schema-sqlite'
import { openSqlite } from './sqlite'

/** PostgreSQL takes at most 65535 parameters in one statement. */
const PARAMETERS_PER_INSERT = 30_000

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

export async function copySqliteToPostgres(sqlitePath: string, postgresUrl: string): Promise<CopyReport> {
  // Opening a missing file would create an empty database and copy nothing.
  if (!existsSync(sqlitePath)) throw new Error(`no SQLite database at ${sqlitePath}`)
  const source = openSqlite(sqlitePath)
  const target = await openPostgres(postgresUrl)
  try {
    const pgTables = new Map(
      (Object.values(pgSchema) as unknown[])
        .filter((value): value is PgTable => is(value, PgTable))
        .map((table) => [getTableName(table), table]),
    )
    const tables = dependencyOrder((Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable)))
    for (const table of tables) {
      const name = getTableName(table)
      if (!pgTables.has(name)) throw new Error(`table ${name} has no PostgreSQL counterpart`)
      const [existing] = await target.query<{ n: number }>(`select count(*) as n from "${name}"`)
      if (existing?.n) throw new Error(`table ${name} in the target already holds ${existing.n} rows; copy into an empty database`)
    }
    const report: CopyReport = { tables: [] }
    await target.db.transaction(async (tx) => {
      const insert = tx as unknown as { insert(table: PgTable): { values(rows: unknown[]): Promise<unknown> } }
      for (const table of tables) {
        const name = getTableName(table)
        const batch = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / sqliteTableConfig(table).columns.length))
        let copied = 0
        // Batches follow SQLite's rowid, so a table of millions never sits in memory whole.
        for (let after = 0; ; ) {
          const rows = await source.db
            .select({ rowid: sql<number>`rowid`, ...getTableColumns(table) })
            .from(table)
            .where(sql`rowid > ${after}`)
            .orderBy(sql`rowid`)
            .limit(batch)
          if (rows.length === 0) break
          after = (rows.at(-1) as { rowid: number }).rowid
          await insert.insert(pgTables.get(name) as PgTable).values(rows.map(({ rowid: _rowid, ...row }) => row))
          copied += rows.length
        }
        report.tables.push({ name, rows: copied })
      }
      await restartIdentities(tx, [...pgTables.values()])
    })
    return report
  } finally {
    source.close()
    await target.close()
  }
}

/** Identity columns continue after the copied ids, so the next insert does not collide. */
async function restartIdentities(tx: Tx, tables: PgTable[]): Promise<void> {
  const run = tx as unknown as { execute(query: string): Promise<unknown> }
  for (const table of tables) {
    const name = getTableName(table)
    for (const column of pgTableConfig(table).columns) {
      if (!column.generatedIdentity) continue
      await run.execute(
        `select setval(pg_get_serial_sequence('"${name}"', '${column.name}'), coalesce(max("${column.name}"), 0) + 1, false) from "${name}"`,
      )
    }
  }
}
