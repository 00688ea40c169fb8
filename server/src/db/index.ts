// The data layer: one shape for services whichever engine runs below (SQLite by default,
// PostgreSQL when DATABASE_URL says postgres://). The drizzle types are SQLite's; PostgreSQL's
// query builder answers the same calls, and the server suites run on both engines to hold that.
import type Database from 'better-sqlite3'
import { getTableName, sql, type SQL, type Table } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { engineOf, processDatabaseEngine, type DatabaseEngine } from '../env'
import * as schema from './schema'
import { DESCRIBE_TABLES_PRAGMA, openSqlite } from './sqlite'
import { statementGuards } from './unit-of-work'

type Drizzle = BetterSQLite3Database<typeof schema>

/**
 * A unit of work's handle. Every statement of the unit runs through it; `transaction` on it opens
 * a savepoint, so a part of the unit can fail alone.
 */
export type Tx = Omit<Drizzle, 'transaction' | '$client'> & {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>
}

/**
 * What services hold: reads that see committed data, and `transaction`, the only way to write.
 * The write builders are left out of the type, so a write outside a unit of work does not compile.
 */
export type Db = Omit<Drizzle, 'insert' | 'update' | 'delete' | 'run' | 'transaction' | '$client'> & {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  /**
   * Reads made together, as the parts of one screen are. On PostgreSQL they share one pooled connection:
   * sent down it at once and answered by its one backend in turn, rather than each taking a connection
   * and waking a backend of its own. On SQLite the reader answers them as it answers every read.
   */
  readTogether<T>(work: (reads: Db) => Promise<T>): Promise<T>
  /**
   * The rows of a long raw read, a report over every customer or order. On SQLite a connection on a
   * thread of its own answers it, so the server's thread answers requests meanwhile; on PostgreSQL its
   * backend does, as it answers every read.
   */
  readApart<T>(query: SQL): Promise<T[]>
}

/** Either handle, for reads that may run inside or outside a unit of work. */
export type DbOrTx = Db | Tx

export { engineOf, type DatabaseEngine as Engine } from '../env'

export interface OpenDatabase {
  engine: DatabaseEngine
  db: Db
  /** Raw SQL with `?` placeholders, outside any unit of work: for tools, checks and tests. */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>
  /** SQLite only: the connection units of work write on (WAL checkpoint settings) */
  sqlite?: Database.Database
  /** SQLite only: units of work wait before they begin while `held` answers true (the checkpointer's gate). */
  holdWritesWhile?(held: () => boolean): void
  close(): Promise<void>
}

export interface OpenSqlite {
  db: Db
  /** The connection units of work write on; for migrations, tools and tests' direct SQL. */
  sqlite: Database.Database
  holdWritesWhile(held: () => boolean): void
  /** Settles once no commit of units of work is outstanding. */
  commitsMade(): Promise<void>
  /** Closes the connections at once; settles when the thread of long reads has closed its own. */
  close(): Promise<void>
}

/** The first row a query answers, if any. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0]
}

/** How many rows a write changed: a guarded update that changed none lost its race. */
export function rowsChanged(result: { changes: number }): number {
  // better-sqlite3 answers `changes`, node-postgres `rowCount`.
  const answer = result as { changes?: number; rowCount?: number | null }
  return answer.changes ?? answer.rowCount ?? 0
}

interface Preparable {
  prepare(): { execute(values?: Record<string, unknown>): unknown }
}

let preparedStatements = 0

/**
 * A statement built once per handle and run with its values many times: building a statement's SQL
 * costs more than SQLite running it, and PostgreSQL parses a named statement once per connection.
 * `build` names each value with `sql.placeholder` (`placeholderFor` where its column encodes it) and
 * must not read anything else that varies: what it sees the first time is kept.
 */
export function prepared<H extends DbOrTx, Q extends Preparable>(build: (handle: H) => Q) {
  const name = `prepared_${++preparedStatements}`
  const byConnection = new WeakMap<object, ReturnType<Q['prepare']>>()
  type Answer = Awaited<ReturnType<ReturnType<Q['prepare']>['execute']>>
  return async (handle: H, values: Record<string, unknown> = {}): Promise<Answer> => {
    statementGuards.get(handle)?.()
    const connection = connectionOf(handle)
    let statement = byConnection.get(connection)
    if (!statement) {
      // SQLite's builders take no name; PostgreSQL's name the statement on each connection.
      statement = (build(handle) as unknown as { prepare(name: string): ReturnType<Q['prepare']> }).prepare(name)
      byConnection.set(connection, statement)
    }
    return (await statement.execute(values)) as Answer
  }
}

/**
 * What a handle's statements are bound to: its driver connection. A PostgreSQL unit of work gets a
 * new handle each time, but on one of a few pooled connections, so its statements are kept per connection.
 */
function connectionOf(handle: object): object {
  return (handle as { session?: { client?: object } }).session?.client ?? handle
}

/**
 * Statements whose conditions vary (a filter given or not, a cursor or not), one per shape, each
 * built once at its first use: `build` makes a shape's statement from placeholders only, and `keyOf`
 * names the shape.
 */
export function preparedPerShape<S, H extends DbOrTx, Q extends Preparable>(keyOf: (shape: S) => string, build: (shape: S, handle: H) => Q) {
  const statements = new Map<string, ReturnType<typeof prepared<H, Q>>>()
  return (handle: H, shape: S, values: Record<string, unknown>) => {
    const key = keyOf(shape)
    let statement = statements.get(key)
    if (!statement) statements.set(key, (statement = prepared((buildOn: H) => build(shape, buildOn))))
    return statement(handle, values)
  }
}

/**
 * A placeholder for a value its column encodes (a Date, JSON, a boolean on SQLite), NULL kept NULL. A
 * bare placeholder in a comparison reaches the driver unencoded, and one in an insert encodes null too.
 */
export function placeholderFor(column: { mapToDriverValue(value: unknown): unknown }, name: string): SQL {
  const encoder = { mapToDriverValue: (value: unknown) => (value === null || value === undefined ? null : column.mapToDriverValue(value)) }
  return sql`${sql.param(sql.placeholder(name), encoder)}`
}

/** Rows of a raw SQL query, for the few statements the query builder cannot express. */
export async function selectRows<T>(handle: DbOrTx, query: SQL): Promise<T[]> {
  const engine = handle as unknown as { all?: (query: SQL) => T[]; execute?: (query: SQL) => Promise<{ rows: T[] }> }
  if (engine.execute) return (await engine.execute(query)).rows
  return (engine.all as (query: SQL) => T[]).call(handle, query)
}

/** Runs a raw SQL write in a unit of work, for the few set-based statements the query builder cannot express. */
export async function runStatement(tx: Tx, query: SQL): Promise<void> {
  const engine = tx as unknown as { run?: (query: SQL) => unknown; execute?: (query: SQL) => Promise<unknown> }
  if (engine.execute) await engine.execute(query)
  else await (engine.run as (query: SQL) => unknown).call(tx, query)
}

/**
 * After a bulk write (a whole brand entering an SOP), in a unit of work of its own: the planner learns the
 * tables' new sizes before their next statements. PostgreSQL's autovacuum gets to them a minute or more
 * later, and until then planned them as the nearly empty tables they had been (a not-exists over 33,000 new
 * rows took 75 s, then 40 ms); on SQLite, as at start (`describeTablesToPlanner`), what grew many times over.
 */
export async function describeToPlanner(tx: Tx, tables: Table[]): Promise<void> {
  await runStatement(tx, processDatabaseEngine() === 'postgres' ? sql`analyze ${sql.join(tables, sql`, `)}` : sql.raw(`pragma ${DESCRIBE_TABLES_PRAGMA}`))
}

/** Below this many pages a table is read whole in the time a key lookup takes: not worth an analysis. */
const GROWN_FROM_PAGES = 8

/**
 * After a unit of work that added rows to tables that may have started nearly empty: on PostgreSQL, each
 * one whose file has grown to twice its size at its last analysis is analysed. Its plans, among them a
 * foreign key's check that each connection keeps, were made for the sizes it knew: on a database with no
 * leads yet, the lead run's first finding checked each new change against every lead, slower with every
 * step until autovacuum came by. SQLite finds rows by their key whatever it knows of the tables' sizes.
 */
export async function describeGrownToPlanner(tx: Tx, tables: Table[]): Promise<void> {
  if (processDatabaseEngine() !== 'postgres') return
  const grown = await selectRows<{ name: string }>(
    tx,
    sql`select relname as name from pg_class
      where oid in (${sql.join(
        tables.map((table) => sql`cast(${getTableName(table)} as regclass)`),
        sql`, `,
      )})
        and pg_relation_size(oid) >= greatest(2 * relpages, ${GROWN_FROM_PAGES}) * cast(current_setting('block_size') as bigint)`,
  )
  if (grown.length > 0) await runStatement(tx, sql`analyze ${sql.join(grown.map((table) => sql.identifier(table.name)), sql`, `)}`)
}

/**
 * Locks the rows a query selects until the unit of work ends, so units that read and then write the
 * same rows take turns on PostgreSQL. SQLite runs one unit of work at a time: nothing to lock. The
 * lock leaves keys alone, so rows that only refer to a held row (a customer's check-in, a group's
 * seat) are still written meanwhile.
 */
export function forUpdate<Q>(query: Q): Q {
  const builder = query as { for?: (strength: 'no key update') => Q }
  return builder.for ? builder.for('no key update') : query
}

/**
 * Locks the rows a claim selects; on PostgreSQL rows another server's unit of work holds are skipped,
 * not waited for. SQLite runs one unit of work at a time, so there is nothing to skip.
 */
export function skipLocked<Q>(query: Q): Q {
  const builder = query as { for?: (strength: 'update', config: { skipLocked: boolean }) => Q }
  return builder.for ? builder.for('update', { skipLocked: true }) : query
}

interface DriverError {
  code: string
  message?: string
  /** PostgreSQL's name of the constraint a write broke */
  constraint?: string
}

/** The driver's own error, also when drizzle wrapped it. */
function driverError(error: unknown): DriverError | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: unknown }
  if (typeof code === 'string') return error as DriverError
  return cause ? driverError(cause) : undefined
}

/** The driver's error code (SQLite's name, PostgreSQL's SQLSTATE), also when drizzle wrapped the error. */
export function databaseErrorCode(error: unknown): string | undefined {
  return driverError(error)?.code
}

/** A write refused by a unique index: on SQLite and on PostgreSQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  const code = databaseErrorCode(error)
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}

/** A write refused by the named CHECK constraint: PostgreSQL names it, SQLite says it in the message. */
export function isCheckViolation(error: unknown, constraint: string): boolean {
  const found = driverError(error)
  if (found?.code === '23514') return found.constraint === constraint
  return found?.code === 'SQLITE_CONSTRAINT_CHECK' && found.message === `CHECK constraint failed: ${constraint}`
}

export { schema }

/**
 * Opens the database at `location` (a SQLite file, or postgres://…) and brings it to the latest
 * migration. The engine must be the one this process was started for: the services' tables are.
 */
export async function openDatabase(location: string): Promise<OpenDatabase> {
  const engine = engineOf(location)
  if (engine !== processDatabaseEngine()) {
    throw new Error(`this process runs on ${processDatabaseEngine()} (DATABASE_URL) and cannot open a ${engine} database`)
  }
  if (engine === 'postgres') return (await import('./postgres')).openPostgres(location)
  const { db, sqlite, holdWritesWhile, commitsMade, close } = openSqlite(location)
  return {
    engine,
    db,
    sqlite,
    holdWritesWhile,
    async query<T>(text: string, ...params: unknown[]) {
      const statement = sqlite.prepare(text)
      if (!statement.reader) {
        await db.transaction(async () => statement.run(...params))
        return []
      }
      // On the writers' connection: a commit still to be made would show units not yet answered.
      await commitsMade()
      return statement.all(...params) as T[]
    },
    close,
  }
}

export { openSqlite }
export { afterCommit, withOwnAfterCommit, withoutWaiting } from './unit-of-work'
