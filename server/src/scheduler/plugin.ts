import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { createScheduler, type Scheduler } from './scheduler'

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler
  }
}

/** The scheduler, ticking every `intervalMs` while the server runs (0: only when runDue is called). */
export default fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    const scheduler = createScheduler(serviceDeps(app))
    app.decorate('scheduler', scheduler)
    if (intervalMs <= 0) return
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      let running = false
      timer = setInterval(() => {
        // A slow tick is not overlapped by the next one.
        if (running) return
        running = true
        scheduler
          .runDue()
          .catch((error: unknown) => app.log.error({ err: error }, 'scheduler tick failed'))
          .finally(() => (running = false))
      }, intervalMs)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'scheduler', dependencies: ['db', 'clock'] },
)
