import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { SidebarLoginRequestSchema, SidebarLoginResponseSchema } from '@liuliang/shared'
import { responses } from '../responses'
import customerRoutes from './customers'
import followUpRoutes from './follow-ups'
import todoRoutes from './todos'
import leadRoutes from './leads'
import sopTaskRoutes from './sop-tasks'
import jssdkRoutes from './jssdk'
import scriptRoutes from './scripts'
import materialRoutes from './materials'
import groupChatRoutes from './group-chats'
import couponRedemptionRoutes from './coupon-redemptions'

declare module 'fastify' {
  interface FastifyRequest {
    staffMember: { id: number; userId: string; name: string; isAdmin: boolean }
  }
}

/** Shop-guide API (the chat-toolbar sidebar); every route but login needs a `staff` token. */
const sidebarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Log in with a WeCom OAuth code',
        body: SidebarLoginRequestSchema,
        response: responses({ 200: SidebarLoginResponseSchema }, 401),
      },
    },
    async (request) => app.logins.loginStaff(request.body.code),
  )

  await app.register(async (scope) => {
    const guide = scope.withTypeProvider<TypeBoxTypeProvider>()
    guide.decorateRequest('staffMember', null as unknown as FastifyRequest['staffMember'])
    guide.addHook('onRequest', app.requireAudience('staff'))
    // The session check has just read the staff row; it is not read again.
    guide.addHook('onRequest', async (request) => {
      request.staffMember = request.sessionHolder as FastifyRequest['staffMember']
    })

    await guide.register(jssdkRoutes)
    await guide.register(customerRoutes)
    await guide.register(followUpRoutes)
    await guide.register(todoRoutes)
    await guide.register(leadRoutes)
    await guide.register(sopTaskRoutes)
    await guide.register(scriptRoutes)
    await guide.register(materialRoutes)
    await guide.register(groupChatRoutes)
    await guide.register(couponRedemptionRoutes)
  })
}

export default sidebarRoutes
