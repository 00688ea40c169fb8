// A unit of work may send a write without waiting for its answer (on PostgreSQL it then shares a
// round trip with what follows). It must still be all or nothing: a write that fails fails its unit,
// or only its savepoint, with its own error, on both engines.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite, runStatement, selectRows, withoutWaiting, type Db, type Tx } from '../../src/db'
import { openPostgres } from '../../src/db/postgres'
import { POSTGRES_MISSING, postgresBinaries, startPostgres, type PostgresCluster } from '../../src/db/throwaway-postgres'

interface Engine {
  db: Db
  query<T>(text: string): Promise<T[]>
  close(): Promise<void> | void
}

const insert = (tx: Tx, body: string) => runStatement(tx, sql`insert into scratch (body) values (${body})`)

/** `key` is the engine's spelling of a generated integer key. */
function unawaitedWrites(key: string, open: () => Promise<Engine>) {
  let engine: Engine
  const bodies = async () => (await engine.query<{ body: string }>('select body from scratch order by id')).map((row) => row.body)

  beforeAll(async () => {
    engine = await open()
    await engine.query(`create table scratch (id ${key}, body text not null unique)`)
  })
  afterAll(() => engine?.close())

  it('are committed with their unit, and the statements after them see them', async () => {
    const seen = await engine.db.transaction(async (tx) => {
      withoutWaiting(insert(tx, 'first'))
      withoutWaiting(insert(tx, 'second'))
      return selectRows<{ n: number }>(tx, sql`select count(*) as n from scratch where body in ('first', 'second')`)
    })
    expect(Number(seen[0]?.n)).toBe(2)
    expect(await bodies()).toEqual(['first', 'second'])
  })

  it('fail their whole unit with their own error, though the unit went on and returned', async () => {
    const unit = engine.db.transaction(async (tx) => {
      await insert(tx, 'kept only with its unit')
      withoutWaiting(insert(tx, 'first'))
      // On PostgreSQL this statement then runs in an aborted transaction; its error is not the one told.
      await selectRows(tx, sql`select 1 as one`).catch(() => undefined)
      return 'returned'
    })
    await expect(unit).rejects.toSatisfy((error) => /unique|duplicate/i.test(String((error as { cause?: unknown }).cause ?? error)))
    expect(await bodies()).toEqual(['first', 'second'])
  })

  it('in a savepoint, take back only the savepoint when one fails', async () => {
    const outcome = await engine.db.transaction(async (tx) => {
      await insert(tx, 'before the savepoint')
      const inner = await tx
        .transaction(async (savepoint) => {
          withoutWaiting(insert(savepoint, 'inside the savepoint'))
          withoutWaiting(insert(savepoint, 'second'))
          return 'savepoint kept'
        })
        .catch(() => 'savepoint taken back')
      withoutWaiting(insert(tx, 'after the savepoint'))
      return inner
    })
    expect(outcome).toBe('savepoint taken back')
    expect(await bodies()).toEqual(['first', 'second', 'before the savepoint', 'after the savepoint'])
  })

  it('belong to a unit of work', async () => {
    expect(() => withoutWaiting(Promise.resolve())).toThrow(/unit of work/)
  })
}

describe('writes sent without waiting, on SQLite', () => {
  let dir: string
  unawaitedWrites('integer primary key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuliang-unawaited-'))
    const { db, sqlite, commitsMade, close } = openSqlite(join(dir, 'liuliang.db'))
    return {
      db,
      async query<T>(text: string) {
        await commitsMade()
        const statement = sqlite.prepare(text)
        if (statement.reader) return statement.all() as T[]
        statement.run()
        return []
      },
      close: () => {
        close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  })
})

const bin = postgresBinaries()
describe.skipIf(!bin)(bin ? 'writes sent without waiting, on PostgreSQL' : `on PostgreSQL: skipped, ${POSTGRES_MISSING}`, () => {
  let cluster: PostgresCluster
  unawaitedWrites('integer generated always as identity primary key', async () => {
    cluster = await startPostgres()
    const opened = await openPostgres(cluster.url('postgres'))
    return {
      db: opened.db,
      query: <T>(text: string) => opened.query<T>(text),
      close: async () => {
        await opened.close()
        cluster.stop()
      },
    }
  })
})
