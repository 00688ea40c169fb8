import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { pgMigrationsFolder } from '../paths'
import { databaseErrorCode, type Db, type OpenDatabase, type Tx } from './index'
import { insideUnitOfWork, runUnitOfWork } from './unit-of-work'

/** Connections per server process; several servers share one PostgreSQL. */
const POOL_SIZE = 20
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
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
  pool.on('error', () => {
    // An idle connection dropped by the server; the pool replaces it on the next checkout.
  })
  const database = Symbol(url)
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown
  // Inside a unit of work every statement goes through its tx; one on the pool would run outside it.
  pool.query = ((...args: unknown[]) => {
    if (insideUnitOfWork(database)) throw new Error('a read inside a unit of work must use its tx')
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
  const transaction = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runUnitOfWork(database, () => base.transaction((tx) => work(tx as unknown as Tx)))
      } catch (error) {
        const code = databaseErrorCode(error)
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error
      }
    }
  }
  const db = Object.assign(Object.create(base) as Db, { transaction })

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
