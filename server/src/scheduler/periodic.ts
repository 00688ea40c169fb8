import type { FastifyInstance } from 'fastify'
import { lte } from 'drizzle-orm'
import { first } from '../db'
import { periodicRounds } from '../db/schema'

export interface PeriodicWork {
  /** what the log calls it when a round fails */
  name: string
  /** 0 or less: never (tests call the work themselves) */
  everyMs: number
  /** a round at start as well, for work that fell due while no server ran */
  atStart?: boolean
  work: () => Promise<unknown>
  /** Whether a round's answer says more is due: the next round then starts at once, not a period later. */
  moreDue?: (answer: unknown) => boolean
  /**
   * Work one server does for every server on the database (reads from WeCom): each round is done by the
   * first server to claim it, the others skip it. Without it every server does every round.
   */
  shared?: boolean
}

/**
 * Whether this server takes the round of `name` now: it does when the round is due, and moves the due time
 * on by a little less than a period, so its own next tick finds the next round due and the others' do not.
 */
export async function claimRound(app: FastifyInstance, name: string, everyMs: number): Promise<boolean> {
  const now = app.now()
  const nextDueAt = new Date(now.getTime() + Math.floor(everyMs * 0.9))
  return app.db.transaction(async (tx) => {
    const claimed = await first(
      tx
        .insert(periodicRounds)
        .values({ name, nextDueAt })
        .onConflictDoUpdate({ target: periodicRounds.name, set: { nextDueAt }, setWhere: lte(periodicRounds.nextDueAt, now) })
        .returning({ name: periodicRounds.name }),
    )
    return claimed !== undefined
  })
}

/**
 * Runs work every `everyMs` while the server runs. A slow round is not overlapped by the next one, and
 * the server closes (and its database after it) only once the round under way has finished.
 */
export function runPeriodically(app: FastifyInstance, { name, everyMs, atStart = false, work, moreDue, shared = false }: PeriodicWork): void {
  if (everyMs <= 0) return
  let timer: NodeJS.Timeout | undefined
  let again: NodeJS.Timeout | undefined
  let closing = false
  let running: Promise<unknown> | undefined
  const round = () => {
    running ??= (shared ? claimRound(app, name, everyMs) : Promise.resolve(true))
      .then(async (mine) => {
        if (!mine) return
        const answer = await work()
        // Started once this round has ended; a server that is closing starts none.
        if (moreDue?.(answer) && !closing) again = setTimeout(round, 0)
      })
      .catch((error: unknown) => app.log.error({ err: error }, `${name} failed`))
      .finally(() => (running = undefined))
  }
  app.addHook('onReady', async () => {
    if (atStart) round()
    timer = setInterval(round, everyMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    closing = true
    clearInterval(timer)
    clearTimeout(again)
    await running
  })
}
