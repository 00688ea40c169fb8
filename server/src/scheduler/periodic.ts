import type { FastifyInstance } from 'fastify'

export interface PeriodicWork {
  /** what the log calls it when a round fails */
  name: string
  /** 0 or less: never (tests call the work themselves) */
  everyMs: number
  /** a round at start as well, for work that fell due while no server ran */
  atStart?: boolean
  work: () => Promise<unknown>
}

/**
 * Runs work every `everyMs` while the server runs. A slow round is not overlapped by the next one, and
 * the server closes (and its database after it) only once the round under way has finished.
 */
export function runPeriodically(app: FastifyInstance, { name, everyMs, atStart = false, work }: PeriodicWork): void {
  if (everyMs <= 0) return
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  const round = () => {
    running ??= work()
      .catch((error: unknown) => app.log.error({ err: error }, `${name} failed`))
      .finally(() => (running = undefined))
  }
  app.addHook('onReady', async () => {
    if (atStart) round()
    timer = setInterval(round, everyMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await running
  })
}
