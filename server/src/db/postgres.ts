import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { sql, type SQL } from 'drizzle-orm'
import { drizzle, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres'
import { PgDialect } from 'drizzle-orm/pg-core'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { pgMigrationsFolder } from '../paths'
import { databaseErrorCode, selectRows, type Db, type OpenDatabase, type Tx } from './index'
import { inSavepoint, insideUnitOfWork, runUnitOfWork, unawaitedWritesDone, withFirstUnitCheck, withoutWaiting } from './unit-of-work'

/** A statement on the pool inside a unit of work would run outside it. */
const READ_OUTSIDE_UNIT = 'a read inside a unit of work must use its tx'
/** The database whose reads the running code makes together, on one connection (`readTogether`). */
const readingTogether = new AsyncLocalStorage<symbol>()
/**
 * Connections per server process; several servers share one PostgreSQL. One server's thread keeps only
 * a few statements running at a time, and each connection is a backend process: on the bench's two
 * cores twenty took 25–75 % fewer check-ins and draws a second than eight, with twice the p99.
 */
const POOL_SIZE = 8
/** Servers starting together take turns migrating. */
const MIGRATION_LOCK = 7_146_000_001
/**
 * Failures that a second run of the unit settles: a deadlock or serialization failure, and a unique
 * violation from a concurrent unit that committed the same key first — run again, the unit sees that
 * row and answers it (an idempotent replay) instead of inserting. A real duplicate fails every run.
 */
const RETRYABLE = new Set(['40P01', '40001', '23505'])
const ATTEMPTS = 4

// Counts, sums and millisecond timestamps come back as bigint/numeric, which node-postgres leaves as
// strings; every one of them here is far below 2^53, so they are numbers, as on SQLite. Set on the
// driver itself: drizzle builds each query's parsers from the driver's, not from the pool's.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))

/** `?` placeholders, as SQLite takes them, numbered the PostgreSQL way. */
const numberPlaceholders = (text: string) => {
  let n = 0
  return text.replace(/\?/g, () => `$${++n}`)
}

/**
 * Connects to PostgreSQL and applies every committed migration. A unit of work runs on one pooled
 * connection in one transaction; reads outside a unit of work take any connection and see committed
 * data only.
 */
export async function openPostgres(url: string): Promise<OpenDatabase> {
  // Pipelined: a statement is sent while those before it on the connection are still being answered,
  // so a unit's writes sent without waiting share a round trip with what follows them. Idle connections
  // stay open: a new one is a new backend that loads its caches and plans every statement again, which
  // made a quiet server's customer 360 view 120–170 ms instead of about 20.
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, pipeline: true, idleTimeoutMillis: 0 })
  pool.on('error', () => {
    // An idle connection dropped by the server; the pool replaces it on the next checkout.
  })
  pool.on('connect', sendTogether)
  const database = Symbol(url)
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown
  // Inside a unit of work every statement goes through its tx; one on the pool would run outside it.
  // Reads made together hold a connection: one that asked the pool for another could wait for ever
  // once every connection is held so.
  pool.query = ((...args: unknown[]) => {
    if (insideUnitOfWork(database)) throw new Error(READ_OUTSIDE_UNIT)
    if (readingTogether.getStore() === database) throw new Error('reads made together must use their handle')
    return poolQuery(...args)
  }) as typeof pool.query

  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrate(drizzle(client), { migrationsFolder: pgMigrationsFolder })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    client.release()
  }

  const base = drizzle(pool)
  const dialect = new PgDialect()
  /** One unit of work on a pooled connection: its BEGIN and COMMIT go with its first and last statements. */
  const unitOfWork = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      const tx = new UnitTransaction(dialect, new NodePgSession(client, dialect, undefined), undefined)
      withoutWaiting(client.query('begin'))
      try {
        const result = await work(tx as unknown as Tx)
        const commit = client.query('commit')
        commit.catch(() => undefined)
        // PostgreSQL answers the COMMIT of a transaction one of its statements failed in by rolling it back.
        const failed = await unawaitedWritesDone()
        if (failed) throw failed.error
        // The same for a statement whose failure the unit caught and went on from.
        if ((await commit).command === 'ROLLBACK') throw new Error('the transaction was rolled back: a statement in it failed')
        return result
      } catch (error) {
        // A write sent before the error may have failed first; the statements after it then only saw an aborted transaction.
        const failed = await unawaitedWritesDone()
        await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError))
        throw failed ? failed.error : error
      }
    } finally {
      client.release(broken)
    }
  }
  const transaction = async <T>(unitWork: (tx: Tx) => Promise<T>): Promise<T> => {
    if (readingTogether.getStore() === database) throw new Error('reads made together cannot open a unit of work')
    const work = withFirstUnitCheck(unitWork)
    for (let attempt = 1; ; attempt++) {
      try {
        return await runUnitOfWork(database, () => unitOfWork(work))
      } catch (error) {
        const code = databaseErrorCode(error)
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error
      }
    }
  }
  /** A backend answers a long read as it answers every read, on the handle it is asked of. */
  function readApart<R>(this: Db, query: SQL): Promise<R[]> {
    return selectRows<R>(this, query)
  }
  /** Each connection's handle, built once: the connections outlive the requests. */
  const handles = new WeakMap<pg.PoolClient, Db>()
  const readsOn = (client: pg.PoolClient): Db => {
    const reads: Db = Object.assign(Object.create(drizzle(client)) as Db, {
      transaction,
      readTogether: <R>(more: (same: Db) => Promise<R>) => more(reads),
      readApart,
    })
    handles.set(client, reads)
    return reads
  }
  const readTogether = async <T>(work: (reads: Db) => Promise<T>): Promise<T> => {
    if (insideUnitOfWork(database)) throw new Error(READ_OUTSIDE_UNIT)
    const client = await pool.connect()
    try {
      const reads = handles.get(client) ?? readsOn(client)
      return await readingTogether.run(database, () => work(reads))
    } finally {
      client.release()
    }
  }
  const db: Db = Object.assign(Object.create(base) as Db, { transaction, readTogether, readApart })

  return {
    engine: 'postgres',
    db,
    async query<T>(text: string, ...params: unknown[]) {
      const result = await poolQuery(numberPlaceholders(text), params)
      return (result as { rows: T[] }).rows
    },
    close: () => pool.end(),
  }
}

/** A unit of work's handle: drizzle's, with savepoints that look at the writes sent without waiting in them before they end. */
class UnitTransaction extends NodePgTransaction<never, Record<string, never>> {
  override transaction<T>(work: (tx: UnitTransaction) => Promise<T>): Promise<T> {
    const { dialect, session } = this as unknown as { dialect: PgDialect; session: NodePgSession<never, Record<string, never>> }
    const savepoint = new UnitTransaction(dialect, session, undefined, this.nestedIndex + 1)
    const name = `sp${this.nestedIndex + 1}`
    return inSavepoint(() => work(savepoint), {
      open: () => savepoint.execute(sql.raw(`savepoint ${name}`)),
      release: () => savepoint.execute(sql.raw(`release savepoint ${name}`)),
      rollback: () => savepoint.execute(sql.raw(`rollback to savepoint ${name}`)),
    })
  }
}

/**
 * Statements a connection is given in one turn of the event loop leave in one write: a unit's writes
 * sent without waiting, and the statement or COMMIT after them, reach PostgreSQL as one packet.
 */
function sendTogether(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  let corked = false
  client.query = ((...args: unknown[]) => {
    if (!corked) {
      corked = true
      stream.cork()
      process.nextTick(() => {
        corked = false
        stream.uncork()
      })
    }
    return query(...args)
  }) as typeof client.query
}
