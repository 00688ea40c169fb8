// Work over every customer, done in steps of consecutive customer ids, each step one short transaction
// of its own: on SQLite a long statement or transaction holds the only connection, and every request
// waits for it; on PostgreSQL it holds its locks and snapshot as long.
import { max, sql } from 'drizzle-orm'
import { first, type Db, type DbOrTx, type Tx } from '../db'
import { customers } from '../db/schema'
import type { Scheduler } from '../scheduler/scheduler'

/** Customer ids per step: a step's statements take tens of milliseconds on a million customers. */
export const CUSTOMERS_PER_STEP = 2000

/** The customers of one step: ids after `after`, up to `upTo`. */
export interface CustomerRange {
  after: number
  upTo: number
}

/** A step as its unit of work sees it: `last` when no customer is beyond. */
export interface CustomerStep extends CustomerRange {
  last: boolean
}

const rangeAfter = (after: number): CustomerRange => ({ after, upTo: after + CUSTOMERS_PER_STEP })

/**
 * A step's customers (`customers c`) joined to a table of theirs by `column`: the range drives SQLite's
 * plan from `c`, and is named on `column` too, as PostgreSQL carries an equality across a join but not
 * a range (it would read the whole table otherwise).
 */
export const joinedInStep = (step: CustomerRange, column: string) => {
  const joined = sql.raw(column)
  return sql`${joined} = c.id and c.id > ${step.after} and c.id <= ${step.upTo} and ${joined} > ${step.after} and ${joined} <= ${step.upTo}`
}

async function stepAfter(tx: DbOrTx, after: number): Promise<CustomerStep> {
  const newest = (await first(tx.select({ id: max(customers.id) }).from(customers)))?.id ?? 0
  const range = rangeAfter(after)
  return { ...range, last: range.upTo >= newest }
}

/**
 * Walks every customer, step by step: what `read` reads for a step's customers, before its unit of
 * work, is handed to `write`, each step in its own unit of work.
 */
export async function walkCustomers<R>(
  db: Db,
  { read, write }: { read: (range: CustomerRange) => Promise<R>; write: (tx: Tx, step: CustomerStep, read: R) => Promise<unknown> },
): Promise<void> {
  for (let after = 0; ; ) {
    const readFirst = await read(rangeAfter(after))
    const step = await db.transaction(async (tx) => {
      const step = await stepAfter(tx, after)
      await write(tx, step, readFirst)
      return step
    })
    if (step.last) return
    after = step.upTo
  }
}

/**
 * The same walk as scheduled jobs of `kind`, one step each: a step plans the next in its own
 * transaction, so a restart carries on where it stopped and each step is done once. What `read` reads
 * for a step's customers, before its transaction (`JobKind.readFirst`), is handed to `step`. After
 * the last step, a job of its own runs `finish`, told how long the walk took and handed what
 * `readToFinish` read before its transaction. A step that fails for good ends the walk; `abandon` then
 * clears what the walk's earlier steps kept for it.
 */
export function customerWalkJob<R, F = undefined>(
  scheduler: Scheduler,
  kind: string,
  {
    read,
    step,
    readToFinish,
    finish,
    abandon,
  }: {
    read: (run: string, range: CustomerRange, at: Date) => Promise<R>
    step: (tx: Tx, run: string, step: CustomerStep, at: Date, read: R) => Promise<unknown>
    readToFinish?: (run: string, at: Date) => Promise<F>
    finish?: (tx: Tx, run: string, at: Date, elapsedMs: number, read: F) => Promise<unknown>
    abandon?: (tx: Tx, run: string) => Promise<unknown>
  },
) {
  /** A step's job, or with `finishing` the job that finishes the walk. */
  type Walk = { run: string; after: number; began: number; finishing?: true }
  const plan = (tx: Tx, walk: Walk, at: Date) =>
    scheduler.schedule(tx, { kind, key: `${walk.run}:${walk.finishing ? 'finish' : walk.after}`, runAt: at, payload: walk })
  scheduler.define(
    kind,
    async ({ tx, job, now, read: readFirst }) => {
      const walk = job.payload as Walk
      if (walk.finishing) {
        await finish?.(tx, walk.run, now, Date.now() - walk.began, readFirst as F)
        return
      }
      const current = await stepAfter(tx, walk.after)
      await step(tx, walk.run, current, now, readFirst as R)
      if (!current.last) await plan(tx, { ...walk, after: current.upTo }, now)
      else if (finish) await plan(tx, { ...walk, finishing: true }, now)
    },
    {
      givenUp: abandon && (async ({ tx, job }) => void (await abandon(tx, (job.payload as Walk).run))),
      readFirst: (job) => {
        const walk = job.payload as Walk
        if (!walk.finishing) return (now) => read(walk.run, rangeAfter(walk.after), now)
        // A finish with nothing to read is claimed and run at once, without a lease.
        return readToFinish && ((now) => readToFinish(walk.run, now))
      },
    },
  )
  return {
    /**
     * Plans the walk's first step, due at `at`; a run's name keeps its steps apart from other runs'.
     * Its length is wall-clock time, across jobs and servers, not the injected clock's.
     */
    start: (tx: Tx, run: string, at: Date) => plan(tx, { run, after: 0, began: Date.now() }, at),
  }
}
