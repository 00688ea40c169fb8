// The customer-moment domain on the app (`moments`), and the timer that reads recent moments from WeCom:
// WeCom sends no callback when a guide publishes, likes or comments, so the console's figures come from reads.
import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { createMomentService, type MomentService } from './moment-service'

declare module 'fastify' {
  interface FastifyInstance {
    moments: MomentService
  }
}

export default fp(
  async (app, { syncEveryMs }: { syncEveryMs: number }) => {
    const service = createMomentService({ ...serviceDeps(app), wecom: app.wecom })
    app.decorate('moments', service)
    if (syncEveryMs <= 0) return
    let timer: NodeJS.Timeout | undefined
    let running: Promise<unknown> | undefined
    const tick = () => {
      running ??= service
        .syncRecent()
        .catch((error: unknown) => app.log.warn({ err: error }, 'moment sync failed'))
        .finally(() => (running = undefined))
    }
    app.addHook('onReady', async () => {
      timer = setInterval(tick, syncEveryMs)
      timer.unref()
    })
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'moments', dependencies: ['db', 'clock', 'tencent-clients'] },
)
