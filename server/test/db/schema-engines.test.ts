// SQLite and PostgreSQL must describe the same database: the drizzle schemas (src/db/schema and
// src/db/schema-pg) are compared object by object, then the databases their migrations build.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTableName, is, SQL, type Column } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite } from '../../src/db'
import * as sqliteSchema from '../../src/db/schema-sqlite'
import * as pgSchema from '../../src/db/schema-pg'
import { pgMigrationsFolder } from '../../src/paths'
import { POSTGRES_MISSING, postgresBinaries, startPostgres, type PostgresCluster } from '../../src/db/throwaway-postgres'

// ---- the drizzle schemas ----

type TableConfig = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>

const sqliteDialect = new SQLiteSyncDialect()
const pgDialect = new PgDialect()

const CUSTOM_TYPE_CATEGORIES: Record<string, string> = { bigint: 'date', bytea: 'buffer' }

/** Where a value lives on the JS side; PostgreSQL's custom types are the bigint-milliseconds Date and bytea's Buffer. */
function category(column: Column): string {
  if (column.columnType === 'PgCustomColumn') return CUSTOM_TYPE_CATEGORIES[column.getSQLType()] ?? `custom ${column.getSQLType()}`
  return column.dataType
}

function describeConfig(config: TableConfig, render: (value: SQL) => string) {
  const sqlText = (value: SQL | undefined) => (value ? render(value) : null)
  const columns = Object.fromEntries(
    config.columns.map((column) => {
      const c = column as Column & { autoIncrement?: boolean; generatedIdentity?: unknown; isUnique: boolean; uniqueName?: string }
      const rowidAlias = column.columnType === 'SQLiteInteger' && c.primary && !c.autoIncrement
      return [
        column.name,
        {
          notNull: c.notNull,
          primary: c.primary,
          // drizzle counts a plain integer primary key as defaulted: on SQLite it is the rowid. Such keys
          // (point_accounts.customer_id…) always come from the row they extend, so no default is meant.
          hasDefault: c.hasDefault && !rowidAlias,
          generated: Boolean(c.autoIncrement || c.generatedIdentity),
          type: category(column),
          enumValues: c.enumValues ?? null,
          default: is(c.default, SQL) ? 'sql' : (c.default ?? null),
          unique: c.isUnique ? (c.uniqueName ?? true) : false,
        },
      ]
    }),
  )
  const indexes = Object.fromEntries(
    config.indexes.map((index) => [
      index.config.name,
      {
        columns: index.config.columns.map((column) => (is(column, SQL) ? 'sql' : (column as { name: string }).name)),
        unique: index.config.unique,
        where: sqlText(index.config.where),
      },
    ]),
  )
  const foreignKeys = config.foreignKeys
    .map((key) => {
      const reference = key.reference()
      const from = reference.columns.map((column) => column.name).join(',')
      const to = reference.foreignColumns.map((column) => column.name).join(',')
      return `${key.getName()}: ${from} -> ${getTableName(reference.foreignTable)}(${to}) on delete ${key.onDelete ?? 'no action'}`
    })
    .sort()
  return {
    columns,
    indexes,
    foreignKeys,
    primaryKeys: config.primaryKeys.map((key) => ({ name: key.getName(), columns: key.columns.map((column) => column.name) })),
    uniqueConstraints: config.uniqueConstraints.map((unique) => ({ name: unique.getName(), columns: unique.columns.map((column) => column.name) })),
    checks: Object.fromEntries(config.checks.map((check) => [check.name, render(check.value)])),
  }
}

const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable))
const pgTables = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable))

describe('the drizzle schemas', () => {
  it('export the same tables', () => {
    expect(sqliteTables.length).toBeGreaterThan(30)
    expect(pgTables.map(getTableName).sort()).toEqual(sqliteTables.map(getTableName).sort())
  })

  it('export each table under the same name', () => {
    const names = (schema: Record<string, unknown>, table: (value: unknown) => boolean) =>
      Object.entries(schema)
        .filter(([, value]) => table(value))
        .map(([name, value]) => `${name}=${getTableName(value as SQLiteTable)}`)
        .sort()
    expect(names(pgSchema, (value) => is(value, PgTable))).toEqual(names(sqliteSchema, (value) => is(value, SQLiteTable)))
  })

  const pgByName = new Map(pgTables.map((table) => [getTableName(table), table]))
  it.each(sqliteTables.map((table) => [getTableName(table), table] as const))('describe %s alike', (name, sqliteTable) => {
    const pgTable = pgByName.get(name)
    expect(pgTable, `${name} on PostgreSQL`).toBeDefined()
    const sqlite = describeConfig(sqliteTableConfig(sqliteTable), (value) => sqliteDialect.sqlToQuery(value).sql)
    const postgres = describeConfig(pgTableConfig(pgTable as PgTable), (value) => pgDialect.sqlToQuery(value).sql)
    for (const column of Object.values(sqlite.columns)) expect(['number', 'string', 'boolean', 'date', 'json', 'buffer']).toContain(column.type)
    expect(postgres).toEqual(sqlite)
  })
})

// ---- the migrated databases ----

interface DbTable {
  /** integer, text or blob: the storage class SQLite's column has, and PostgreSQL's type stores */
  columns: Record<string, { nullable: boolean; hasDefault: boolean; storage: string }>
  primaryKey: string[]
  indexes: Record<string, { columns: string[]; unique: boolean; partial: boolean }>
  foreignKeys: string[]
  checks: string[]
}

interface Autoindex {
  table: string
  origin: string
  columns: string[]
}

const MIGRATIONS_TABLE = '__drizzle_migrations'

function introspectSqlite(sqlite: {
  prepare(source: string): { all(...params: unknown[]): unknown[] }
}): { tables: Record<string, DbTable>; autoindexes: Autoindex[] } {
  const all = <T>(source: string, ...params: unknown[]) => sqlite.prepare(source).all(...params) as T[]
  const names = all<{ name: string; sql: string }>(
    `select name, sql from sqlite_master
      where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'scripts\\_fts%' escape '\\' and name <> ?`,
    MIGRATIONS_TABLE,
  )
  const tables: Record<string, DbTable> = {}
  const autoindexes: Autoindex[] = []
  for (const { name, sql } of names) {
    const info = all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
      'select * from pragma_table_info(?)',
      name,
    )
    const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk)
    const autoincrement = /\bautoincrement\b/i.test(sql)
    const columns = Object.fromEntries(
      info.map((column) => {
        const rowid = primaryKey.length === 1 && primaryKey[0] === column && column.type.toLowerCase() === 'integer'
        return [
          column.name,
          {
            // an INTEGER PRIMARY KEY is the rowid, never null whatever table_info says
            nullable: column.notnull === 0 && !rowid,
            hasDefault: column.dflt_value !== null || (rowid && autoincrement),
            storage: column.type.toLowerCase(),
          },
        ]
      }),
    )
    const indexes: DbTable['indexes'] = {}
    for (const index of all<{ name: string; unique: number; origin: string; partial: number }>('select * from pragma_index_list(?)', name)) {
      const indexColumns = all<{ seqno: number; name: string | null }>('select * from pragma_index_info(?)', index.name)
        .sort((a, b) => a.seqno - b.seqno)
        .map((column) => column.name ?? '(expression)')
      if (index.name.startsWith('sqlite_autoindex_')) autoindexes.push({ table: name, origin: index.origin, columns: indexColumns })
      else indexes[index.name] = { columns: indexColumns, unique: index.unique === 1, partial: index.partial === 1 }
    }
    const keys = new Map<number, { table: string; from: string[]; to: string[]; onDelete: string }>()
    for (const key of all<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(
      'select * from pragma_foreign_key_list(?) order by id, seq',
      name,
    )) {
      const entry = keys.get(key.id) ?? { table: key.table, from: [], to: [], onDelete: key.on_delete.toLowerCase() }
      entry.from.push(key.from)
      entry.to.push(key.to)
      keys.set(key.id, entry)
    }
    tables[name] = {
      columns,
      primaryKey: primaryKey.map((column) => column.name),
      indexes,
      foreignKeys: [...keys.values()].map((key) => `${key.from.join(',')} -> ${key.table}(${key.to.join(',')}) on delete ${key.onDelete}`).sort(),
      checks: [...sql.matchAll(/constraint\s+["`]?(\w+)["`]?\s+check\s*\(/gi)].map((match) => match[1] as string).sort(),
    }
  }
  return { tables, autoindexes }
}

const PG_STORAGE: Record<string, string> = { integer: 'integer', bigint: 'integer', boolean: 'integer', text: 'text', jsonb: 'text', bytea: 'blob' }
const PG_ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }
/** PostgreSQL's own search index; SQLite has the scripts_fts table instead. */
const PG_ONLY_INDEXES = new Set(['scripts_search_trgm'])

async function introspectPostgres(pool: pg.Pool): Promise<{ tables: Record<string, DbTable>; uniqueIndexes: Record<string, string[][]> }> {
  const rows = async <T>(text: string) => (await pool.query(text)).rows as T[]
  const tables: Record<string, DbTable> = {}
  for (const { table_name } of await rows<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) {
    if (table_name !== MIGRATIONS_TABLE) tables[table_name] = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [], checks: [] }
  }
  const table = (name: string) => tables[name] as DbTable

  type ColumnRow = { table_name: string; column_name: string; is_nullable: string; column_default: string | null; is_identity: string; data_type: string }
  for (const column of await rows<ColumnRow>(`
    select table_name, column_name, is_nullable, column_default, is_identity, data_type
    from information_schema.columns where table_schema = 'public'
  `)) {
    if (!tables[column.table_name]) continue
    table(column.table_name).columns[column.column_name] = {
      nullable: column.is_nullable === 'YES',
      hasDefault: column.column_default !== null || column.is_identity === 'YES',
      storage: PG_STORAGE[column.data_type] ?? `unmapped ${column.data_type}`,
    }
  }

  const uniqueIndexes: Record<string, string[][]> = {}
  for (const index of await rows<{ name: string; table: string; unique: boolean; primary: boolean; partial: boolean; columns: string[] }>(`
    select i.relname as name, t.relname as table, x.indisunique as unique, x.indisprimary as primary, x.indpred is not null as partial,
      array(
        select coalesce(a.attname::text, '(expression)') from unnest(x.indkey::int2[]) with ordinality as k(n, i)
        left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.i
      ) as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace ns on ns.oid = t.relnamespace
    where ns.nspname = 'public'
  `)) {
    if (!tables[index.table]) continue
    if (index.unique && !index.partial) (uniqueIndexes[index.table] ??= []).push(index.columns)
    // the primary key's index is compared as the primary key
    if (index.primary || PG_ONLY_INDEXES.has(index.name)) continue
    table(index.table).indexes[index.name] = { columns: index.columns, unique: index.unique, partial: index.partial }
  }

  type ConstraintRow = { name: string; type: string; table: string; foreign_table: string | null; columns: string[]; foreign_columns: string[]; on_delete: string }
  for (const constraint of await rows<ConstraintRow>(`
    select c.conname as name, c.contype as type, t.relname as table, f.relname as foreign_table, c.confdeltype as on_delete,
      array(
        select a.attname::text from unnest(c.conkey) with ordinality as k(n, i)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i
      ) as columns,
      array(
        select a.attname::text from unnest(c.confkey) with ordinality as k(n, i)
        join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i
      ) as foreign_columns
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace ns on ns.oid = t.relnamespace
    left join pg_class f on f.oid = c.confrelid
    where ns.nspname = 'public' and c.contype in ('p', 'f', 'c')
  `)) {
    if (!tables[constraint.table]) continue
    const entry = table(constraint.table)
    if (constraint.type === 'p') entry.primaryKey = constraint.columns
    else if (constraint.type === 'c') entry.checks.push(constraint.name)
    else {
      const onDelete = PG_ON_DELETE[constraint.on_delete] ?? constraint.on_delete
      const to = `${constraint.foreign_table}(${constraint.foreign_columns.join(',')})`
      entry.foreignKeys.push(`${constraint.columns.join(',')} -> ${to} on delete ${onDelete}`)
    }
  }
  for (const entry of Object.values(tables)) {
    entry.foreignKeys.sort()
    entry.checks.sort()
  }
  return { tables, uniqueIndexes }
}

describe('the migrated databases', () => {
  let dir: string
  let sqlite: ReturnType<typeof introspectSqlite>
  let searchTable: string | undefined

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'liuliang-schema-engines-'))
    const database = openSqlite(join(dir, 'liuliang.db'))
    try {
      sqlite = introspectSqlite(database.sqlite)
      searchTable = (database.sqlite.prepare(`select sql from sqlite_master where name = 'scripts_fts'`).get() as { sql: string } | undefined)?.sql
    } finally {
      database.close()
    }
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('SQLite holds every table of the schema, and its search table', () => {
    expect(Object.keys(sqlite.tables).sort()).toEqual(sqliteTables.map(getTableName).sort())
    expect(searchTable).toMatch(/fts5/i)
    // The comparisons below are only worth something if there is something to compare.
    expect(Object.values(sqlite.tables).flatMap((table) => Object.keys(table.indexes)).length).toBeGreaterThan(50)
    expect(sqlite.autoindexes.length).toBeGreaterThan(0)
  })

  const bin = postgresBinaries()
  describe.skipIf(!bin)(bin ? 'on PostgreSQL' : `on PostgreSQL: skipped, ${POSTGRES_MISSING}`, () => {
    let cluster: PostgresCluster | undefined
    let pool: pg.Pool | undefined
    let postgres: Awaited<ReturnType<typeof introspectPostgres>>

    beforeAll(async () => {
      cluster = await startPostgres()
      pool = new pg.Pool({ connectionString: cluster.url('postgres') })
      await migrate(drizzle(pool), { migrationsFolder: pgMigrationsFolder })
      postgres = await introspectPostgres(pool)
    })
    afterAll(async () => {
      await pool?.end()
      cluster?.stop()
    })

    it('hold the same tables', () => {
      expect(Object.keys(postgres.tables).sort()).toEqual(Object.keys(sqlite.tables).sort())
    })

    it.each(sqliteTables.map((table) => [getTableName(table)]))('describe %s alike', (name) => {
      expect(postgres.tables[name]).toEqual(sqlite.tables[name])
    })

    it("back SQLite's automatic indexes with the same keys", () => {
      for (const autoindex of sqlite.autoindexes) {
        const where = `${autoindex.table}(${autoindex.columns.join(',')}), origin ${autoindex.origin}`
        if (autoindex.origin === 'pk') expect(postgres.tables[autoindex.table]?.primaryKey, where).toEqual(autoindex.columns)
        else expect(postgres.uniqueIndexes[autoindex.table] ?? [], where).toContainEqual(autoindex.columns)
      }
    })

    it('search scripts through a trigram index', async () => {
      const [index] = (
        await (pool as pg.Pool).query(`select indexdef from pg_indexes where schemaname = 'public' and indexname = 'scripts_search_trgm'`)
      ).rows as { indexdef: string }[]
      expect(index?.indexdef).toMatch(/USING gin .*gin_trgm_ops/)
    })

    it('keep timestamps as UTC milliseconds, read back as Dates', async () => {
      const db = drizzle(pool as pg.Pool)
      const changed = new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678))
      const before = Date.now()
      const [admin] = await db
        .insert(pgSchema.admins)
        .values({ username: 'schema-engines', passwordHash: 'x', passwordChangedAt: changed })
        .returning()
      expect(admin?.passwordChangedAt).toEqual(changed)
      // the createdAt default, like SQLite's, is the clock in milliseconds
      expect(admin?.createdAt).toBeInstanceOf(Date)
      expect(admin?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
      expect(admin?.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
      const [raw] = (await (pool as pg.Pool).query(`select password_changed_at::text as ms from admins where id = $1`, [admin?.id])).rows as {
        ms: string
      }[]
      expect(raw?.ms).toBe(String(changed.getTime()))
    })
  })
})
