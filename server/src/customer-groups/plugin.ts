// The customer-group domain's services on the app: groups (`customerGroups`), group live codes
// (`groupLiveCodes`) and group welcome templates (`groupWelcomes`); the 360 view's groups section; and
// the periodic full sync, which catches what callbacks missed.
import fp from 'fastify-plugin'
import { runPeriodically } from '../scheduler/periodic'
import { serviceDeps } from '../services'
import { parseChatEvent } from './chat-event'
import { createGroupChatService, type GroupChatService } from './group-chat-service'
import { createGroupLiveCodeService, type GroupLiveCodeService } from './group-live-code-service'
import { createGroupWelcomeService, type GroupWelcomeService } from './group-welcome-service'

declare module 'fastify' {
  interface FastifyInstance {
    customerGroups: GroupChatService
    groupLiveCodes: GroupLiveCodeService
    groupWelcomes: GroupWelcomeService
  }
}

export interface CustomerGroupOptions {
  timeZone: string
  /** How often every group is read again from WeCom; 0 turns the timer off (tests). */
  syncEveryMs: number
}

export default fp(
  async (app, { timeZone, syncEveryMs }: CustomerGroupOptions) => {
    const deps = serviceDeps(app)
    const groups = createGroupChatService({
      ...deps,
      timeZone,
      wecom: app.wecom,
      staff: app.staff,
      levelOf: async (tx, customerId) => {
        const { level } = await app.points.standingOf(customerId, tx)
        return { code: level.code, name: level.name }
      },
      tagsOf: async (customerId) => (await app.tags.customerTagRows(customerId)).map(({ wecomTagId: _w, exclusive: _e, ...tag }) => tag),
    })
    app.decorate('customerGroups', groups)
    app.decorate('groupLiveCodes', createGroupLiveCodeService({ ...deps, wecom: app.wecom, groups }))
    app.decorate('groupWelcomes', createGroupWelcomeService({ ...deps, wecom: app.wecom }))
    app.customer360.registerSection('groups', (tx, customer) => groups.sectionOf(tx, customer.externalUserId))
    app.wecomCallbacks.registerHandler('change_external_chat', async ({ xml, fields, at, applyOnce }) => {
      const event = parseChatEvent(xml, fields, at)
      if (!event) return
      // What WeCom holds now is read first: calls to WeCom stay outside the unit of work.
      const snap = await groups.readForEvent(event)
      await applyOnce((tx) => groups.applyEvent(tx, event, snap))
    })

    runPeriodically(app, { name: 'customer group sync', everyMs: syncEveryMs, shared: true, work: () => groups.sync() })
  },
  { name: 'customer-groups', dependencies: ['db', 'clock', 'tencent-clients', 'staff', 'tags', 'points', 'customer-360', 'wecom-callbacks'] },
)
