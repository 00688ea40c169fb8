import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { migrationsFolder } from '../paths'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema>
/** A transaction handle; services accept one so callers can compose them atomically. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export interface OpenDatabase {
  db: Db
  sqlite: Database.Database
  close(): void
}

/** Opens the SQLite file in WAL mode and applies every committed migration. */
export function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // Another process (the seeder, a second server) may hold the write lock briefly.
  sqlite.pragma('busy_timeout = 5000')
  reuseStatements(sqlite)
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder })
  return { db, sqlite, close: () => sqlite.close() }
}

export { schema }

/** Distinct SQL texts kept prepared; the services' queries number in the low hundreds. */
const STATEMENT_CACHE_SIZE = 1000

/**
 * Keeps each SQL text prepared after first use. The query builder asks SQLite to prepare every
 * query it runs, which on the hot paths (the 360 view runs a dozen queries per request) costs more
 * than running them. A statement is handed out again only in its default result mode, as new.
 */
function reuseStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source)
    if (statement) {
      // Most recently used last, so the first entry is the one to evict.
      cache.delete(source)
      if (statement.reader) statement.raw(false).pluck(false).expand(false)
    } else {
      statement = prepare(source)
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    }
    cache.set(source, statement)
    return statement
  }) as typeof sqlite.prepare
}
