import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { MeResponseSchema, MpLoginRequestSchema, MpLoginResponseSchema } from '@liuliang/shared'
import { responses } from '../responses'
import loyaltyRoutes from './loyalty'
import orderRoutes from './orders'
import shopRoutes from './shop'
import afterSaleRoutes from './after-sales'
import lotteryRoutes from './lottery'
import groupbuyRoutes from './groupbuy'
import distributionRoutes from './distribution'
import subscriptionRoutes from './subscriptions'
import fissionRoutes from './fission'
import couponOperationRoutes from './coupon-operations'

/** Consumer API (the mini-program); every route but login needs an `mp` token. */
const mpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['mp'],
        summary: 'Log in with a wx.login code',
        body: MpLoginRequestSchema,
        response: responses({ 200: MpLoginResponseSchema }, 401),
      },
    },
    async (request) => app.logins.loginConsumer(request.body.code),
  )

  await app.register(async (scope) => {
    const consumer = scope.withTypeProvider<TypeBoxTypeProvider>()
    consumer.addHook('onRequest', app.requireAudience('mp'))

    consumer.get(
      '/me',
      {
        schema: {
          tags: ['mp'],
          summary: 'The member card: profile, points, level, growth',
          security: [{ bearer: [] }],
          response: responses({ 200: MeResponseSchema }, 401),
        },
      },
      async (request) => {
        const customerId = request.principalId()
        return app.customers.describeMember(customerId, await app.points.standingOf(customerId))
      },
    )

    await consumer.register(loyaltyRoutes)
    await consumer.register(orderRoutes)
    await consumer.register(shopRoutes)
    await consumer.register(afterSaleRoutes)
    await consumer.register(lotteryRoutes)
    await consumer.register(groupbuyRoutes)
    await consumer.register(distributionRoutes)
    await consumer.register(subscriptionRoutes)
    await consumer.register(fissionRoutes)
    await consumer.register(couponOperationRoutes)
  })
}

export default mpRoutes
