import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { createScheduler, type Scheduler } from './scheduler'

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler
  }
}

/**
 * The scheduler, ticking every `intervalMs` while the server runs (0: only when runDue is called). The
 * first tick is at start: jobs that fell due while no server ran (a deploy, an outage) run at once.
 * Servers starting together are safe, as each job is claimed.
 */
export default fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    const scheduler = createScheduler(serviceDeps(app))
    app.decorate('scheduler', scheduler)
    if (intervalMs <= 0) return
    let timer: NodeJS.Timeout | undefined
    let running: Promise<void> | undefined
    const tick = () => {
      // A slow tick is not overlapped by the next one.
      running ??= scheduler
        .runDue()
        .then(() => undefined)
        .catch((error: unknown) => app.log.error({ err: error }, 'scheduler tick failed'))
        .finally(() => (running = undefined))
    }
    app.addHook('onReady', async () => {
      tick()
      timer = setInterval(tick, intervalMs)
      timer.unref()
    })
    // The database closes after this: a tick under way finishes first.
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'scheduler', dependencies: ['db', 'clock'] },
)
