// The customer-moment domain on the app (`moments`), and the timer that reads recent moments from WeCom:
// WeCom sends no callback when a guide publishes, likes or comments, so the console's figures come from reads.
import fp from 'fastify-plugin'
import { runPeriodically } from '../scheduler/periodic'
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
    app.todos.registerSource('moment', (staffId, limit) => service.awaitingPublication(staffId, limit))
    runPeriodically(app, { name: 'moment sync', everyMs: syncEveryMs, shared: true, work: () => service.syncRecent() })
  },
  { name: 'moments', dependencies: ['db', 'clock', 'tencent-clients', 'todos'] },
)
