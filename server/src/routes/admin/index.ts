import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AdminLoginRequestSchema,
  AdminLoginResponseSchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
  CreateTagRequestSchema,
  TagGroupListSchema,
  TagSchema,
} from '@liuliang/shared'
import { responses } from '../responses'
import loyaltyRoutes from './loyalty'
import orderRoutes from './orders'
import lotteryRoutes from './lottery'
import groupbuyRoutes from './groupbuy'
import distributionRoutes from './distribution'

/** Admin console API; every route but login needs an `admin` token. */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      // Password guessing is slowed per client address.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['admin'],
        summary: 'Log in with username and password',
        body: AdminLoginRequestSchema,
        response: responses({ 200: AdminLoginResponseSchema }, 401, 429),
      },
    },
    async (request) => app.logins.loginAdmin(request.body.username, request.body.password),
  )

  await app.register(async (scope) => {
    const admin = scope.withTypeProvider<TypeBoxTypeProvider>()
    admin.addHook('onRequest', app.requireAudience('admin'))

    admin.get(
      '/customers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every customer, newest first',
          security: [{ bearer: [] }],
          querystring: CustomerListQuerySchema,
          response: responses({ 200: CustomerPageSchema }, 401),
        },
      },
      async (request) => app.customers.listAll(request.query),
    )

    admin.get(
      '/tags',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every tag group with its tags',
          security: [{ bearer: [] }],
          response: responses({ 200: TagGroupListSchema }, 401),
        },
      },
      async () => app.tags.listGroups(),
    )

    admin.post(
      '/tags',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create a tag (and its group when new), in WeCom first',
          security: [{ bearer: [] }],
          body: CreateTagRequestSchema,
          response: responses({ 201: TagSchema }, 401, 409),
        },
      },
      async (request, reply) => reply.status(201).send(await app.tags.createTag(request.body)),
    )

    await admin.register(loyaltyRoutes)
    await admin.register(orderRoutes)
    await admin.register(lotteryRoutes)
    await admin.register(groupbuyRoutes)
    await admin.register(distributionRoutes)
  })
}

export default adminRoutes
