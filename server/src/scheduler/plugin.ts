import fp from 'fastify-plugin'
import { createScheduler, type Scheduler } from './scheduler'

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler
  }
}

/** The scheduler, ticking every `intervalMs` while the server runs (0: only when runDue is called). */
export default fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    const scheduler = createScheduler(app.db, () => app.now())
    app.decorate('scheduler', scheduler)
    if (intervalMs <= 0) return
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        try {
          scheduler.runDue()
        } catch (error) {
          app.log.error({ err: error }, 'scheduler tick failed')
        }
      }, intervalMs)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'scheduler', dependencies: ['db', 'clock'] },
)
