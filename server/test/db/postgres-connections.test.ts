// The server's PostgreSQL connections: they outlive a quiet spell, as a new connection is a new
// backend that loads its catalog caches and plans each statement again (a customer 360 view on a
// million customers took 120–170 ms after ten idle seconds when the pool closed idle connections,
// about 20 ms when it kept them); and the reads of one screen share one of them.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres } from '../../src/db/postgres'
import { selectRows, type OpenDatabase } from '../../src/db'
import { POSTGRES_MISSING, postgresBinaries, startPostgres, type PostgresCluster } from '../../src/db/throwaway-postgres'

/** Longer than node-postgres's default idle timeout (10 s), which closed them. */
const QUIET_MS = 10_500

const bin = postgresBinaries()
describe.skipIf(!bin)(bin ? 'PostgreSQL connections' : `PostgreSQL connections: skipped, ${POSTGRES_MISSING}`, () => {
  let cluster: PostgresCluster
  let database: OpenDatabase

  beforeAll(async () => {
    cluster = await startPostgres()
    database = await openPostgres(cluster.url('postgres'))
  })
  afterAll(async () => {
    await database?.close()
    cluster?.stop()
  })

  /** The backends that answer four reads made at once, each holding its connection a moment. */
  const backendsOfFourReads = async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => database.query<{ pid: number }>('select pg_backend_pid() as pid from pg_sleep(0.05)')),
    )
    return answers.map(([row]) => Number(row?.pid)).sort((a, b) => a - b)
  }

  it('are the same backends after the server sat idle', { timeout: QUIET_MS + 10_000 }, async () => {
    const before = await backendsOfFourReads()
    expect(new Set(before).size).toBe(4)
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS))
    expect(await backendsOfFourReads()).toEqual(before)
  })

  it('are one for reads made together, which ask the pool for no other, and none inside a unit of work', async () => {
    const backend = sql`select pg_backend_pid() as pid from pg_sleep(0.05)`
    const pids = await database.db.readTogether((reads) =>
      Promise.all([1, 2, 3, 4].map(async () => Number((await selectRows<{ pid: number }>(reads, backend))[0]?.pid))),
    )
    expect(new Set(pids).size).toBe(1)
    await expect(database.db.transaction(() => database.db.readTogether((reads) => selectRows(reads, backend)))).rejects.toThrow(/must use its tx/)
    // Each holds a connection: asking the pool for another could wait for ever once all are held so.
    const refusedFor = (reason: RegExp) => (error: unknown) => reason.test(String((error as { cause?: unknown }).cause ?? error))
    await expect(database.db.readTogether(() => selectRows(database.db, backend))).rejects.toSatisfy(refusedFor(/must use their handle/))
    await expect(database.db.readTogether(() => database.db.transaction(async () => undefined))).rejects.toThrow(/cannot open a unit of work/)
  })
})
