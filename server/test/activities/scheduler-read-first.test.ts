// A kind of job that reads first: what it reads is read before its transaction, so the writer stays
// free for requests meanwhile, and the job is still done once, retried when its reading fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { runStatement } from '../../src/db'
import { READ_LEASE_MS, type Job } from '../../src/scheduler/scheduler'
import { manualClock, startStack, type Stack } from '../support/stack'

const clock = manualClock('2026-05-04T04:00:00Z')
let stack: Stack
beforeAll(async () => {
  // The rounds are the tests' own: a background round (the one at start, a tick) taking a job between
  // a test's steps would change what the test counts. The jobs the server planned at start run first.
  stack = await startStack({}, { now: clock.now, schedulerIntervalMs: 0 })
  while ((await stack.app.scheduler.runDue()) > 0);
})
afterAll(async () => {
  await stack.close()
})

const jobOf = async (kind: string, key: string) => (await stack.app.scheduler.jobsOf(kind)).find((job) => job.key === key) as Job
const plan = (kind: string, key: string) => stack.app.db.transaction((tx) => stack.app.scheduler.schedule(tx, { kind, key, runAt: clock.now() }))
const customersNamed = async (name: string) => Number((await stack.one('select count(*) as n from customers where name = ?', name)).n)

describe('a job that reads first', () => {
  it('is handed what it read, and a write commits while it reads', async () => {
    let readingStarted!: () => void
    const started = new Promise<void>((resolve) => (readingStarted = resolve))
    let finishReading!: () => void
    const reading = new Promise<void>((resolve) => (finishReading = resolve))
    const handed: unknown[] = []
    stack.app.scheduler.define(
      'test.reads-first',
      async ({ tx, read }) => {
        handed.push(read)
        await runStatement(tx, sql`insert into customers (name, created_at, updated_at) values ('written by the job', 0, 0)`)
      },
      {
        readFirst: () => async () => {
          readingStarted()
          await reading
          return stack.app.db.readApart<{ n: number | string }>(sql`select count(*) as n from customers where name = 'written meanwhile'`)
        },
      },
    )
    await plan('test.reads-first', 'one')
    const running = stack.app.scheduler.runDue()
    await started
    // The job holds no unit of work while it reads: a request's write commits before the reading ends.
    await stack.app.db.transaction((tx) => runStatement(tx, sql`insert into customers (name, created_at, updated_at) values ('written meanwhile', 0, 0)`))
    finishReading()
    await running
    expect(handed.map((rows) => Number((rows as { n: number | string }[])[0]?.n))).toEqual([1])
    expect(await customersNamed('written by the job')).toBe(1)
    expect(await jobOf('test.reads-first', 'one')).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('fails the try when its reading fails, and comes back later', async () => {
    let runs = 0
    stack.app.scheduler.define(
      'test.read-fails',
      async () => {
        runs++
      },
      {
        readFirst: () => async () => {
          throw new Error('the worker is gone')
        },
      },
    )
    await plan('test.read-fails', 'one')
    // Two rounds (two servers) at once: the try that failed is not tried again at once by the other.
    await Promise.all([stack.app.scheduler.runDue(), stack.app.scheduler.runDue()])
    expect(runs).toBe(0)
    const job = await jobOf('test.read-fails', 'one')
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the worker is gone' })
    expect(job.runAt.getTime()).toBeGreaterThan(clock.now().getTime())
  })

  it('is passed by while it is read: another round (another server) neither reads nor runs it', async () => {
    let reads = 0
    let runs = 0
    let otherRound = -1
    let whileRead: Job | undefined
    stack.app.scheduler.define(
      'test.read-once',
      async () => {
        runs++
      },
      {
        readFirst: () => async () => {
          if (++reads === 1) otherRound = await stack.app.scheduler.runDue()
          whileRead = await jobOf('test.read-once', 'one')
          return reads
        },
      },
    )
    await plan('test.read-once', 'one')
    await stack.app.scheduler.runDue()
    expect({ reads, runs, otherRound }).toEqual({ reads: 1, runs: 1, otherRound: 0 })
    // Shown as being read, leased to the reading server.
    expect(whileRead).toMatchObject({ status: 'reading', attempts: 0 })
    expect(whileRead?.runAt.getTime()).toBe(clock.now().getTime() + READ_LEASE_MS)
    expect(await jobOf('test.read-once', 'one')).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('is read and run by another round once the lease of a reading that never ended has run out, and done once', async () => {
    let reads = 0
    let runs = 0
    stack.app.scheduler.define(
      'test.lease-out',
      async () => {
        runs++
      },
      {
        readFirst: () => async () => {
          // The first reading outlasts its lease (a server stalled or stopped): another round takes the job.
          if (++reads === 1) {
            clock.set(new Date(clock.now().getTime() + READ_LEASE_MS + 1000).toISOString())
            await stack.app.scheduler.runDue()
          }
          return reads
        },
      },
    )
    await plan('test.lease-out', 'one')
    await stack.app.scheduler.runDue()
    expect({ reads, runs }).toEqual({ reads: 2, runs: 1 })
    expect(await jobOf('test.lease-out', 'one')).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('is claimed and run at once, without a lease, when it has nothing to read first', async () => {
    const seen: { key: string; status: string; read: unknown }[] = []
    stack.app.scheduler.define(
      'test.reads-some',
      async ({ job, read }) => {
        seen.push({ key: job.key, status: job.status, read })
      },
      { readFirst: (job) => (job.key === 'reads' ? async () => 'read' : undefined) },
    )
    await plan('test.reads-some', 'reads')
    await plan('test.reads-some', 'nothing')
    await stack.app.scheduler.runDue()
    // The job run at once was claimed as it was planned; the other as leased for its reading.
    expect(seen).toEqual([
      { key: 'reads', status: 'reading', read: 'read' },
      { key: 'nothing', status: 'pending', read: undefined },
    ])
    expect(await jobOf('test.reads-some', 'nothing')).toMatchObject({ status: 'done', attempts: 1 })
  })
})
