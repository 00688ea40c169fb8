// Timed transitions (points expiry, coupon expiry, group deadlines, commission settlement) kept in
// the database: a restart loses nothing, and because a job is claimed, run and marked done in one
// transaction, each transition happens exactly once, however many servers share the database.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import { first, forUpdate, placeholderFor, prepared, skipLocked, withOwnAfterCommit, withoutWaiting, type Db, type Tx } from '../db'
import { scheduledJobs } from '../db/schema'

export type Job = typeof scheduledJobs.$inferSelect

export interface JobContext {
  tx: Tx
  job: Job
  now: Date
  /** What the kind's `readFirst` answered for this try; undefined for jobs that read nothing first. */
  read?: unknown
}

/** Runs inside the job's transaction; throwing rolls the transition back and retries it later. */
export type JobHandler = (context: JobContext) => Promise<void>

export interface JobKind {
  /**
   * Runs once when the job has failed its last try, in the transaction that marks it failed: undoes
   * what earlier jobs of the same work left for it. If it throws too, the job is still marked failed.
   */
  givenUp?: JobHandler
  /**
   * What a job of the kind reads before its transaction, for the handler to write (on the long-read
   * worker where it reads through `readApart`): a job whose reading is long leaves the server's thread,
   * and the writer, to requests meanwhile. The reading runs again on every try; one that throws fails
   * the try. Other rounds and servers pass the job by while it is read, until `READ_LEASE_MS` has
   * passed. A job with nothing to read first (undefined) is claimed and run at once.
   */
  readFirst?: (job: Job) => ReadFirst | undefined
}

export type ReadFirst = (now: Date) => Promise<unknown>

const MAX_ATTEMPTS = 5
const RETRY_DELAY_MS = 60_000
/** How long a job read for is left to the server reading it: one that stopped reading leaves it for this long. */
export const READ_LEASE_MS = 10 * 60_000

const insertJob = prepared((tx: Tx) =>
  tx
    .insert(scheduledJobs)
    .values({ kind: sql.placeholder('kind'), key: sql.placeholder('key'), runAt: sql.placeholder('runAt'), payload: placeholderFor(scheduledJobs.payload, 'payload') })
    .onConflictDoNothing(),
)

/** The most due jobs one round of the scheduler runs; a round that ran as many is followed by another at once. */
export const JOBS_PER_ROUND = 500

export function createScheduler({ db, now }: { db: Db; now: () => Date }) {
  const handlers = new Map<string, JobHandler>()
  const kinds = new Map<string, JobKind>()

  const dueJobs = (tx: Tx, at: Date) =>
    tx
      .select()
      .from(scheduledJobs)
      // A job being read for is due again once its lease has run out.
      .where(and(inArray(scheduledJobs.status, ['pending', 'reading']), lte(scheduledJobs.runAt, at), inArray(scheduledJobs.kind, [...handlers.keys()])))
      .orderBy(asc(scheduledJobs.runAt), asc(scheduledJobs.id))
  /** The job as it was read for: the same try, still leased to this reading. */
  const stillPending = (tx: Tx, job: Job) =>
    tx
      .select()
      .from(scheduledJobs)
      .where(
        and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'reading'), eq(scheduledJobs.attempts, job.attempts), eq(scheduledJobs.runAt, job.runAt)),
      )

  /**
   * Claims a job no other server holds (the next due one, or the one `read` was read for), runs it and
   * marks it done in one transaction; a handler that throws is rolled back to its savepoint and the job
   * comes back later, up to a limit. Answers whether a job was found, or the job, leased for its
   * reading, with what it reads first when nothing was read for it yet.
   */
  const runClaimed = (at: Date, read?: { job: Job; outcome: PromiseSettledResult<unknown> }): Promise<boolean | { job: Job; readFirst: ReadFirst }> =>
    db.transaction(async (tx) => {
      // The job read for is waited for, not skipped: another round's search for due jobs may hold its row
      // for a moment (PostgreSQL locks a row it then finds leased, until that round's unit ends), and
      // skipping it would leave the reading unused, and the job idle, until the lease ran out.
      const job = await first(read ? forUpdate(stillPending(tx, read.job).limit(1)) : skipLocked(dueJobs(tx, at).limit(1)))
      // The try read for is gone: another server ran it meanwhile.
      if (!job) return read !== undefined
      const readFirst = read ? undefined : kinds.get(job.kind)?.readFirst?.(job)
      if (readFirst) {
        // Due again only once the lease has run out: other rounds and servers do not read it meanwhile.
        // From the clock, not the round's start: a round of a long walk's steps lasts minutes.
        const leased = { ...job, status: 'reading' as const, runAt: new Date(now().getTime() + READ_LEASE_MS) }
        await tx.update(scheduledJobs).set({ status: leased.status, runAt: leased.runAt }).where(eq(scheduledJobs.id, job.id))
        return { job: leased, readFirst }
      }
      const attempts = job.attempts + 1
      try {
        if (read?.outcome.status === 'rejected') throw read.outcome.reason
        const value = read?.outcome.status === 'fulfilled' ? read.outcome.value : undefined
        await withOwnAfterCommit(() => tx.transaction((sp) => (handlers.get(job.kind) as JobHandler)({ tx: sp, job, now: at, read: value })))
        await tx.update(scheduledJobs).set({ status: 'done', doneAt: at, attempts }).where(eq(scheduledJobs.id, job.id))
      } catch (error) {
        const givenUp = attempts >= MAX_ATTEMPTS ? kinds.get(job.kind)?.givenUp : undefined
        if (givenUp) await withOwnAfterCommit(() => tx.transaction((sp) => givenUp({ tx: sp, job, now: at }))).catch(() => undefined)
        await tx
          .update(scheduledJobs)
          .set({
            attempts,
            lastError: error instanceof Error ? error.message : String(error),
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            runAt: new Date(at.getTime() + RETRY_DELAY_MS * attempts),
          })
          .where(eq(scheduledJobs.id, job.id))
      }
      return true
    })

  /** Runs the next due job; a kind that reads first is read outside any transaction, then claimed again. */
  const runNext = async (at: Date): Promise<boolean> => {
    const claimed = await runClaimed(at)
    if (typeof claimed === 'boolean') return claimed
    const [outcome] = await Promise.allSettled([claimed.readFirst(at)])
    return (await runClaimed(at, { job: claimed.job, outcome })) === true
  }

  return {
    /** Declares what a kind of job does; each kind has one handler. */
    define(kind: string, handler: JobHandler, options: JobKind = {}): void {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} is already defined`)
      handlers.set(kind, handler)
      kinds.set(kind, options)
    },

    /**
     * Plans a job, in the caller's transaction; the same (kind, key) planned again is kept as it was.
     * Nothing waits for the row: it is sent with the unit's next statement.
     */
    async schedule(tx: Tx, job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> }): Promise<void> {
      withoutWaiting(insertJob(tx, { kind: job.kind, key: job.key, runAt: job.runAt, payload: job.payload ?? null }))
    },

    /** Runs due jobs, up to `limit`, one transaction each; answers how many it took (done or retried). */
    async runDue(limit = JOBS_PER_ROUND): Promise<number> {
      if (handlers.size === 0) return 0
      const at = now()
      let taken = 0
      while (taken < limit && (await runNext(at))) taken++
      return taken
    },

    /** Jobs of a kind, for inspection. */
    jobsOf(kind: string): Promise<Job[]> {
      return db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, kind)).orderBy(asc(scheduledJobs.id))
    },
  }
}

export type Scheduler = ReturnType<typeof createScheduler>
