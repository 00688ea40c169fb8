import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AdminLoginRequestSchema,
  AdminLoginResponseSchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
} from '@liuliang/shared'
import { responses } from '../responses'
import liveCodeRoutes from './live-codes'
import tagRoutes from './tags'
import welcomeMessageRoutes from './welcome-messages'

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

    await admin.register(tagRoutes)
    await admin.register(liveCodeRoutes)
    await admin.register(welcomeMessageRoutes)
  })
}

export default adminRoutes
