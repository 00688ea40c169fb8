import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { migrationsFolder } from '../paths'
import { selectRows, type Db, type OpenSqlite, type Tx } from './index'
import { readsApart } from './reads-apart'
import * as schema from './schema'
import { inSavepoint, insideUnitOfWork, outsideUnitsOfWork, runUnitOfWork, statementGuards, withFirstUnitCheck } from './unit-of-work'

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
  keepPagesCached(writer)
  migrate(drizzle(writer), { migrationsFolder })
  keepNoValueSamples(writer)
  // From here a held write lock is waited for by `whenUnlocked`, off the event loop: SQLite's own wait
  // would sleep the thread every request runs on.
  writer.pragma('busy_timeout = 0')
  // Units of work that share a commit each run in a savepoint, whose journal of the pages it changed
  // SQLite writes to a temporary file past 64 KiB, a system call a page: kept in memory instead. Set
  // after the migrations, whose index builds may sort more than memory should hold.
  writer.pragma('temp_store = MEMORY')

  const reader = path === ':memory:' ? writer : new Database(path, { readonly: true })
  if (reader !== writer) {
    reader.pragma('busy_timeout = 5000')
    keepPagesCached(reader)
  }
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
    transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const name = `sp${++savepoints}`
      return inSavepoint(() => work(handle), {
        open: async () => writer.exec(`savepoint ${name}`),
        release: async () => writer.exec(`release ${name}`),
        rollback: async () => writer.exec(`rollback to ${name}; release ${name}`),
      })
    },
  })

  // SQLite has one writer: units of work take turns on the connection rather than interleave. Those
  // whose turns come in one pass of the event loop share a transaction, each in a savepoint of its
  // own, and commit together when the pass is over: one write of the log for all of them. A unit that
  // fails rolls back its savepoint alone; one that succeeds returns only once the commit has been made.
  let turn: Promise<void> = Promise.resolve()
  let writesHeld = () => false
  let open: CommitGroup | null = null
  let unitRunning = false

  const commit = (group: CommitGroup) => {
    if (open !== group) return
    open = null
    try {
      if (!writer.inTransaction) throw group.abortedBy ?? new Error('the transaction ended before its commit')
      writer.exec('commit')
      group.settle()
    } catch (error) {
      if (writer.inTransaction) writer.exec('rollback')
      group.settle(error)
    }
  }

  const join = async (): Promise<CommitGroup> => {
    if (open) return open
    while (writesHeld()) await pause()
    await whenUnlocked(() => writer.exec('begin immediate'))
    const group = commitGroup()
    open = group
    // After the pass's other units have joined; a unit still running then commits the group as it ends.
    outsideUnitsOfWork(() =>
      setImmediate(() => {
        group.due = true
        if (!unitRunning) commit(group)
      }),
    )
    return group
  }

  const transaction = <T>(unitWork: (tx: Tx) => Promise<T>): Promise<T> => {
    if (insideUnitOfWork(database)) throw new Error('a unit of work cannot open another; pass its tx instead')
    const work = withFirstUnitCheck(unitWork)
    const previous = turn
    let endTurn!: () => void
    turn = new Promise((resolve) => (endTurn = resolve))
    let group: CommitGroup | undefined
    return runUnitOfWork(
      database,
      async () => {
        try {
          await previous
          group = await join()
          unitRunning = true
          try {
            return await inSavepoint(() => work(handle), {
              open: async () => writer.exec('savepoint unit'),
              release: async () => writer.exec('release unit'),
              rollback: async () => {
                if (writer.inTransaction) writer.exec('rollback to unit; release unit')
              },
            })
          } catch (error) {
            if (!writer.inTransaction) group.abortedBy ??= error
            throw error
          }
        } finally {
          unitRunning = false
          if (group && (group.due || ++group.units >= COMMIT_GROUP_LIMIT || !writer.inTransaction)) commit(group)
          endTurn()
        }
      },
      () => (group as CommitGroup).committed,
    ).catch(async (error) => {
      // Heard of once the units before it are committed: a unit refused as a duplicate is answered by
      // reading the one that won, which may be among them.
      await group?.committed.catch(() => undefined)
      throw error
    })
  }

  // An in-memory database has no file for another connection to open: its long reads stay on this thread.
  const apart = path === ':memory:' ? null : readsApart(path, [PAGES_CACHED])
  const dialect = new SQLiteSyncDialect()
  const readApart = <T>(query: SQL): Promise<T[]> => {
    readOutsideUnits()
    if (!apart) return selectRows<T>(db, query)
    const { sql: text, params } = dialect.sqlToQuery(query)
    return apart.all<T>(text, params)
  }
  const db: Db = Object.assign(Object.create(reads) as Db, { transaction, readTogether: <T>(work: (reads: Db) => Promise<T>) => work(db), readApart })
  statementGuards.set(db, readOutsideUnits)
  return {
    db,
    sqlite: writer,
    holdWritesWhile(held) {
      writesHeld = held
    },
    async commitsMade() {
      while (open) await open.committed.catch(() => undefined)
    },
    close: () => {
      if (open && !unitRunning) commit(open)
      if (reader !== writer) reader.close()
      writer.close()
      return apart ? apart.stop() : Promise.resolve()
    },
  }
}

/** Units of work that share a commit at most, however many a pass of the event loop brings. */
const COMMIT_GROUP_LIMIT = 100

interface CommitGroup {
  /** units that have run in the group's transaction */
  units: number
  /** the pass that opened the group is over: the next unit to end commits it */
  due: boolean
  /** what ended the transaction under a unit, failing the whole group */
  abortedBy?: unknown
  committed: Promise<void>
  settle(error?: unknown): void
}

function commitGroup(): CommitGroup {
  let settle!: (error?: unknown) => void
  const committed = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))))
  // A group whose units all failed has nobody waiting on its commit.
  committed.catch(() => undefined)
  return { units: 0, due: false, committed, settle }
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

/**
 * SQLite as built here (with STAT4) plans a statement again whenever a value its plan used is bound
 * anew, and a bound LIMIT or OFFSET is such a value: every paged query was parsed and planned on each
 * run, 5–25 µs each. Cast, the value stays out of the planner; the statement binds the same values in
 * the same order.
 */
const withUnplannedLimits = (source: string) => source.replace(/\b(limit|offset) \?/g, '$1 cast(? as integer)')

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
      statement = prepare(withUnplannedLimits(source))
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    }
    cache.set(source, statement)
    return statement
  }) as typeof sqlite.prepare
}

/**
 * SQLite plans a statement from the statistics ANALYZE keeps, and without them guesses that every index
 * narrows a search alike. This analyses each table that has rows and no statistics, or has grown or
 * shrunk many times over since they were taken; SQLite bounds the work (0.2 s on a million customers'
 * database, nothing on one whose statistics hold). The server does it at start and now and then, as a
 * unit of work: analysing writes, so a file another process is writing would fail an open that did it.
 */
export function describeTablesToPlanner(connection: Database.Database) {
  connection.pragma(DESCRIBE_TABLES_PRAGMA)
}

/** `optimize` analysing every table that needs it, not only those this connection has read. */
export const DESCRIBE_TABLES_PRAGMA = 'optimize = 0x10002'

/**
 * An ANALYZE without a limit also keeps samples of each index's values (`sqlite_stat4`), and with them
 * SQLite plans a statement again whenever a value it compared with the samples is bound anew: each run of
 * a statement that finds rows by a bound key or range (6 to 70 µs a run, measured). The
 * writer's analyses are bounded, which keeps no samples (the bench's data is analysed so too), and
 * samples an earlier analysis kept are dropped at open, before the other connections load them: a
 * connection holds the samples it loaded until it closes. The drop writes, once; a file another process
 * is writing keeps them until the next open.
 */
function keepNoValueSamples(writer: Database.Database) {
  writer.pragma('analysis_limit = 2000')
  const kept = writer.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get() !== undefined
  if (!kept || writer.prepare('select 1 from sqlite_stat4 limit 1').get() === undefined) return
  try {
    // `analyze sqlite_schema` loads the statistics again without analysing anything.
    writer.exec('begin immediate; delete from sqlite_stat4; analyze sqlite_schema; commit')
  } catch (error) {
    if (writer.inTransaction) writer.exec('rollback')
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
  }
}

/**
 * Each connection keeps up to 256 MiB of pages (SQLite's default is 2 MiB). At a million customers the
 * B-trees' inner pages alone pass 2 MiB, so every statement read them again from the OS. The reader's
 * pages are dropped whenever a write has committed since its last read; the writer keeps its own.
 */
const PAGES_CACHED = `cache_size = -${256 * 1024}`

function keepPagesCached(connection: Database.Database) {
  connection.pragma(PAGES_CACHED)
}
