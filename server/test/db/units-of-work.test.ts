// Two ways a unit of work saves PostgreSQL round trips, on both engines. A unit may send a write
// without waiting for its answer (it then shares a round trip with what follows); the unit must still
// be all or nothing: a write that fails fails its unit, or only its savepoint, with its own error.
// And a check (a request's session) may be made by the first unit of its scope, with the unit's first
// statements; the unit must then commit only if the check passed, and answer with the check's error.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite, runStatement, selectRows, withoutWaiting, type Db, type Tx } from '../../src/db'
import { checkedByFirstUnit } from '../../src/db/unit-of-work'
import { openPostgres } from '../../src/db/postgres'
import { POSTGRES_MISSING, postgresBinaries, startPostgres, type PostgresCluster } from '../../src/db/throwaway-postgres'

interface Engine {
  db: Db
  query<T>(text: string): Promise<T[]>
  close(): Promise<void> | void
}

const insert = (tx: Tx, body: string) => runStatement(tx, sql`insert into scratch (body) values (${body})`)

/** `key` is the engine's spelling of a generated integer key. */
function unitsOfWork(key: string, open: () => Promise<Engine>) {
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

  describe('a check made by the first unit', () => {
    /** Passes while a row `gate` is stored; says where it ran: in a unit (its tx) or after the scope. */
    const gateCheck = () => {
      const made: string[] = []
      const check = async (tx?: Tx) => {
        made.push(tx ? 'in the unit' : 'after the scope')
        const query = "select count(*) as n from scratch where body = 'gate'"
        const [row] = tx ? await selectRows<{ n: number }>(tx, sql.raw(query)) : await engine.query<{ n: number }>(query)
        if (Number(row?.n) === 0) throw new Error('the gate is closed')
      }
      return { made, check }
    }

    it('undoes a unit that would have committed when the check fails, and answers its error', async () => {
      const { made, check } = gateCheck()
      const outcome = checkedByFirstUnit(check, () => engine.db.transaction(async (tx) => insert(tx, 'through a closed gate')))
      await expect(outcome).rejects.toThrow('the gate is closed')
      expect(made).toEqual(['in the unit'])
      expect(await bodies()).not.toContain('through a closed gate')
    })

    it("answers the check's error rather than the unit's own", async () => {
      const { check } = gateCheck()
      const outcome = checkedByFirstUnit(check, () =>
        engine.db.transaction(async () => {
          throw new Error('the unit failed too')
        }),
      )
      await expect(outcome).rejects.toThrow('the gate is closed')
    })

    it('is made once, by the first unit, and lets the units commit when it passes', async () => {
      await engine.db.transaction(async (tx) => insert(tx, 'gate'))
      const { made, check } = gateCheck()
      const answer = await checkedByFirstUnit(check, async () => {
        await engine.db.transaction(async (tx) => insert(tx, 'through the gate'))
        await engine.db.transaction(async (tx) => insert(tx, 'and again'))
        return 'answered'
      })
      expect(answer).toBe('answered')
      expect(made).toEqual(['in the unit'])
      expect(await bodies()).toEqual(expect.arrayContaining(['through the gate', 'and again']))
    })

    it('is made after a scope that started no unit, and its failure wins over the answer', async () => {
      const { made, check } = gateCheck()
      expect(await checkedByFirstUnit(check, async () => 'no unit')).toBe('no unit')
      expect(made).toEqual(['after the scope'])
      await engine.query("delete from scratch where body = 'gate'")
      await expect(checkedByFirstUnit(check, async () => 'no unit')).rejects.toThrow('the gate is closed')
      await expect(checkedByFirstUnit(check, async () => Promise.reject(new Error('the body failed')))).rejects.toThrow('the gate is closed')
    })
  })
}

describe('units of work on SQLite', () => {
  let dir: string
  unitsOfWork('integer primary key', async () => {
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
describe.skipIf(!bin)(bin ? 'units of work on PostgreSQL' : `on PostgreSQL: skipped, ${POSTGRES_MISSING}`, () => {
  let cluster: PostgresCluster
  unitsOfWork('integer generated always as identity primary key', async () => {
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
