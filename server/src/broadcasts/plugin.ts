// Customer broadcasts on the app (`broadcasts`): the scheduled sends and the sync that follows every task
// until it is final, both on the scheduler.
import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { BROADCAST_SEND_JOB, BROADCAST_SYNC_JOB, createBroadcastService, type BroadcastService } from './broadcast-service'

declare module 'fastify' {
  interface FastifyInstance {
    broadcasts: BroadcastService
  }
}

export interface BroadcastOptions {
  timeZone: string
  /** How often tasks still waiting for staff are read from WeCom. */
  syncIntervalMs: number
  /** How long after sending a broadcast is followed (see the service). */
  followForMs: number
  /** How long the console's 发送 waits for a send before answering with it under way. */
  answerWithinMs: number
}

export default fp(
  async (app, { timeZone, syncIntervalMs, followForMs, answerWithinMs }: BroadcastOptions) => {
    const service = createBroadcastService({
      ...serviceDeps(app),
      timeZone,
      syncIntervalMs,
      followForMs,
      answerWithinMs,
      wecom: app.wecom,
      scheduler: app.scheduler,
      settings: app.settings,
      fileLibrary: app.fileLibrary,
      audienceCondition: (filter) => app.audiences.condition(filter),
    })
    app.decorate('broadcasts', service)
    app.scheduler.define(BROADCAST_SEND_JOB, async ({ job }) => service.sendJob(job.payload))
    app.scheduler.define(BROADCAST_SYNC_JOB, ({ tx, now }) => service.syncJob(tx, now))
    app.todos.registerSource('broadcast', (staffId, limit) => service.awaitingConfirmation(staffId, limit))
    // A send under way finishes before the database closes.
    app.addHook('onClose', () => service.idle())
  },
  { name: 'broadcasts', dependencies: ['db', 'clock', 'tencent-clients', 'scheduler', 'settings', 'audiences', 'todos', 'file-library'] },
)
