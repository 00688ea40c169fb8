import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { migrationsFolder } from '../paths'
import type { Db, OpenSqlite, Tx } from './index'
import * as schema from './schema'
import { insideUnitOfWork, runUnitOfWork, statementGuards } from './unit-of-work'

/**
 * Opens the SQLite file in WAL mode and applies every committed migration. Writes go through one
 * connection, one unit of work at a time; reads outside a unit of work use a second, read-only
 * connection, so they see only committed data and never land inside another request's transaction.
 */
export function openSqlite(path: string): OpenSqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const writer = new Database(path)
  writer.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
  writer.pragma('synchronous = NORMAL')
  writer.pragma('foreign_keys = ON')
  writer.pragma('busy_timeout = 5000')
  migrate(drizzle(writer), { migrationsFolder })
  // From here a held write lock is waited for by `whenUnlocked`, off the event loop: SQLite's own wait
  // would sleep the thread every request runs on.
  writer.pragma('busy_timeout = 0')

  const reader = path === ':memory:' ? writer : new Database(path, { readonly: true })
  if (reader !== writer) reader.pragma('busy_timeout = 5000')
  const database = Symbol(path)
  // Inside a unit of work, a read on the other connection would miss the unit's own writes.
  const readOutsideUnits = () => {
    if (reader !== writer && insideUnitOfWork(database)) throw new Error('a read inside a unit of work must use its tx')
  }
  reuseStatements(writer)
  reuseStatements(reader, readOutsideUnits)

  const writes = drizzle(writer, { schema })
  const reads = drizzle(reader, { schema })
  let savepoints = 0
  const handle: Tx = Object.assign(Object.create(writes) as Tx, {
    async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const name = `sp${++savepoints}`
      writer.exec(`savepoint ${name}`)
      try {
        const result = await work(handle)
        writer.exec(`release ${name}`)
        return result
      } catch (error) {
        writer.exec(`rollback to ${name}`)
        writer.exec(`release ${name}`)
        throw error
      }
    },
  })

  // SQLite has one writer: units of work queue here rather than interleave on the connection.
  let queue: Promise<unknown> = Promise.resolve()
  let writesHeld = () => false
  const transaction = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    if (insideUnitOfWork(database)) throw new Error('a unit of work cannot open another; pass its tx instead')
    const run = queue.then(() =>
      runUnitOfWork(database, async () => {
        while (writesHeld()) await pause()
        await whenUnlocked(() => writer.exec('begin immediate'))
        try {
          const result = await work(handle)
          writer.exec('commit')
          return result
        } catch (error) {
          if (writer.inTransaction) writer.exec('rollback')
          throw error
        }
      }),
    )
    queue = run.catch(() => undefined)
    return run
  }

  const db = Object.assign(Object.create(reads) as Db, { transaction })
  statementGuards.set(db, readOutsideUnits)
  return {
    db,
    sqlite: writer,
    holdWritesWhile(held) {
      writesHeld = held
    },
    close: () => {
      if (reader !== writer) reader.close()
      writer.close()
    },
  }
}

/** How long a write waits for a lock another connection holds: the checkpointer restarting the log, a tool, a second server. */
const WRITE_LOCK_WAIT_MS = 5000

/** Runs `write`, trying again a millisecond later while another connection holds the lock it needs. */
export async function whenUnlocked<T>(write: () => T): Promise<T> {
  // Real time: a lock is held for real milliseconds, whatever the business clock says.
  const deadline = Date.now() + WRITE_LOCK_WAIT_MS
  for (;;) {
    try {
      return write()
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error
      await pause()
    }
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1))

/** Distinct SQL texts kept prepared; the services' queries number in the low hundreds. */
const STATEMENT_CACHE_SIZE = 1000

/**
 * Keeps each SQL text prepared after first use on this connection. The query builder asks SQLite
 * to prepare every query it runs, which on the hot paths costs more than running them. A statement
 * is handed out again only in its default result mode, as new.
 */
function reuseStatements(sqlite: Database.Database, guard?: () => void): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    guard?.()
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
