// The activation-SOP domain on the app (`sops`): its tick every minute, its to-dos on the guide's list, the
// end of a customer's SOPs when they delete the guide, and the hand-over of open to-dos.
import fp from 'fastify-plugin'
import { runPeriodically } from '../scheduler/periodic'
import { serviceDeps } from '../services'
import { createSopService, type SopService } from './sop-service'

declare module 'fastify' {
  interface FastifyInstance {
    sops: SopService
  }
}

export default fp(
  async (app, { timeZone, tickEveryMs }: { timeZone: string; tickEveryMs: number }) => {
    const service = createSopService({ ...serviceDeps(app), timeZone, wecom: app.wecom, scripts: app.scripts })
    app.decorate('sops', service)
    app.todos.registerSource('sop', (staffId, limit) => service.todos(staffId, limit))
    app.wecomCallbacks.listenToContacts({ ended: service.followEnded })
    app.inheritance.onHandedOver((tx, handOver) => service.handOver(tx, handOver))

    // Servers ticking together are safe: entering is keyed and each reminder is claimed once.
    runPeriodically(app, { name: 'SOP tick', everyMs: tickEveryMs, work: () => service.runTick() })
  },
  { name: 'sops', dependencies: ['db', 'clock', 'tencent-clients', 'scripts', 'todos', 'wecom-callbacks', 'inheritance'] },
)
