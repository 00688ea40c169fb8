// Work over every customer, done in steps of consecutive customer ids, each step one short transaction
// of its own: on SQLite a long statement or transaction holds the only connection, and every request
// waits for it; on PostgreSQL it holds its locks and snapshot as long.
import { max } from 'drizzle-orm'
import { first, type Db, type DbOrTx, type Tx } from '../db'
import { customers } from '../db/schema'
import type { Scheduler } from '../scheduler/scheduler'

/** Customer ids per step: a step's statements take tens of milliseconds on a million customers. */
export const CUSTOMERS_PER_STEP = 2000

/** The customers of one step: ids after `after`, up to `upTo`; `last` when no customer is beyond. */
export interface CustomerStep {
  after: number
  upTo: number
  last: boolean
}

async function stepAfter(tx: DbOrTx, after: number): Promise<CustomerStep> {
  const newest = (await first(tx.select({ id: max(customers.id) }).from(customers)))?.id ?? 0
  const upTo = after + CUSTOMERS_PER_STEP
  return { after, upTo, last: upTo >= newest }
}

/** Does `work` for every customer, step by step, each step in its own unit of work. */
export async function walkCustomers(db: Db, work: (tx: Tx, step: CustomerStep) => Promise<unknown>): Promise<void> {
  for (let after = 0; ; ) {
    const step = await db.transaction(async (tx) => {
      const step = await stepAfter(tx, after)
      await work(tx, step)
      return step
    })
    if (step.last) return
    after = step.upTo
  }
}

/**
 * The same walk as scheduled jobs of `kind`, one step each: a step plans the next in its own
 * transaction, so a restart carries on where it stopped and each step is done once. After the last
 * step, `finish` runs in that step's transaction.
 */
export function customerWalkJob(
  scheduler: Scheduler,
  kind: string,
  { step, finish }: { step: (tx: Tx, run: string, step: CustomerStep, at: Date) => Promise<unknown>; finish?: (tx: Tx, run: string, at: Date) => Promise<unknown> },
) {
  const plan = (tx: Tx, run: string, after: number, at: Date) => scheduler.schedule(tx, { kind, key: `${run}:${after}`, runAt: at, payload: { run, after } })
  scheduler.define(kind, async ({ tx, job, now }) => {
    const { run, after } = job.payload as { run: string; after: number }
    const current = await stepAfter(tx, after)
    await step(tx, run, current, now)
    if (!current.last) await plan(tx, run, current.upTo, now)
    else await finish?.(tx, run, now)
  })
  return {
    /** Plans the walk's first step, due at `at`; a run's name keeps its steps apart from other runs'. */
    start: (tx: Tx, run: string, at: Date) => plan(tx, run, 0, at),
  }
}
