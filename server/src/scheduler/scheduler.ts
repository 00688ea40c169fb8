// Timed transitions (points expiry, coupon expiry, later group deadlines and commission
// settlement) kept in the database: a restart loses nothing, and because a job is marked done in
// the same transaction as its handler's changes, each transition happens exactly once.
import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '../db'
import { scheduledJobs } from '../db/schema'

export type Job = typeof scheduledJobs.$inferSelect

export interface JobContext {
  tx: Tx
  job: Job
  now: Date
}

/** Runs inside the job's transaction; throwing rolls the transition back and retries it later. */
export type JobHandler = (context: JobContext) => void

const MAX_ATTEMPTS = 5
const RETRY_DELAY_MS = 60_000

export function createScheduler(db: Db, now: () => Date) {
  const handlers = new Map<string, JobHandler>()
  const p = sql.placeholder
  // Prepared once; it runs inside whatever transaction is open on the one connection.
  const plan = db
    .insert(scheduledJobs)
    .values({ kind: p('kind'), key: p('key'), runAt: p('runAt'), payload: p('payload') })
    .onConflictDoNothing()
    .prepare()

  return {
    /** Declares what a kind of job does; each kind has one handler. */
    define(kind: string, handler: JobHandler): void {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} is already defined`)
      handlers.set(kind, handler)
    },

    /** Plans a job, in the caller's transaction; the same (kind, key) planned again is kept as it was. */
    schedule(_tx: DbOrTx, job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> }): void {
      plan.run({ kind: job.kind, key: job.key, runAt: job.runAt, payload: job.payload ?? null })
    },

    /** Runs every due job once; answers how many completed. */
    runDue(limit = 500): number {
      const at = now()
      const due = db
        .select()
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.runAt, at)))
        .orderBy(asc(scheduledJobs.runAt), asc(scheduledJobs.id))
        .limit(limit)
        .all()
      let completed = 0
      for (const job of due) {
        const handler = handlers.get(job.kind)
        if (!handler) continue
        try {
          const ran = db.transaction((tx) => {
            // The claim is conditional: another process (or a second timer tick) that got here first wins.
            const claimed = tx
              .update(scheduledJobs)
              .set({ status: 'done', doneAt: at, attempts: sql`${scheduledJobs.attempts} + 1` })
              .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'pending')))
              .run()
            if (claimed.changes === 0) return false
            handler({ tx, job, now: at })
            return true
          })
          if (ran) completed++
        } catch (error) {
          const attempts = job.attempts + 1
          db.update(scheduledJobs)
            .set({
              attempts,
              lastError: error instanceof Error ? error.message : String(error),
              status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
              runAt: new Date(at.getTime() + RETRY_DELAY_MS * attempts),
            })
            .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'pending')))
            .run()
        }
      }
      return completed
    },

    /** Jobs of a kind, for inspection. */
    jobsOf(kind: string): Job[] {
      return db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, kind)).orderBy(asc(scheduledJobs.id)).all()
    },
  }
}

export type Scheduler = ReturnType<typeof createScheduler>
