import { Readable } from 'node:stream'
import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AdminLoginRequestSchema,
  AudienceCountRequestSchema,
  AudienceCountResponseSchema,
  AudienceListRequestSchema,
  AudiencePageSchema,
  ChangePasswordRequestSchema,
  ChannelListSchema,
  DashboardQuerySchema,
  DashboardSchema,
  GrowthSchema,
  StaffListSchema,
  AdminLoginResponseSchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
} from '@liuliang/shared'
import { responses } from '../responses'
import liveCodeRoutes from './live-codes'
import tagRoutes from './tags'
import welcomeMessageRoutes from './welcome-messages'
import scriptAdminRoutes from './scripts'
import loyaltyRoutes from './loyalty'
import orderRoutes from './orders'
import shopAdminRoutes from './shop'
import materialRoutes from './materials'
import fulfilmentRoutes from './fulfilment'
import lotteryRoutes from './lottery'
import groupbuyRoutes from './groupbuy'
import distributionRoutes from './distribution'
import customerAdminRoutes from './customers'
import rfmRoutes from './rfm'
import leadAdminRoutes from './leads'
import inheritanceRoutes from './inheritance'
import customerGroupRoutes from './customer-groups'
import broadcastRoutes from './broadcasts'
import subscriptionMessageRoutes from './subscription-messages'
import momentRoutes from './moments'
import sopRoutes from './sops'
import auditRoutes from './audit'
import { clientOf } from '../../audit/audit-service'
import { attachAccessControl } from '../../access/route-access'
import accountRoutes from './accounts'
import fissionAdminRoutes from './fission'
import couponOperationRoutes from './coupon-operations'
import departmentRoutes from './departments'

/** Admin console API; every route but login needs an `admin` token. */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      // Failed attempts are limited per client address and per account (see auth/login-throttle).
      schema: {
        tags: ['admin'],
        summary: 'Log in with username and password',
        body: AdminLoginRequestSchema,
        response: responses({ 200: AdminLoginResponseSchema }, 401, 429),
      },
    },
    async (request) => app.logins.loginAdmin(request.body.username, request.body.password, clientOf(request)),
  )

  await app.register(async (scope) => {
    const admin = scope.withTypeProvider<TypeBoxTypeProvider>()
    admin.addHook('onRequest', app.requireAudience('admin'))
    // Every route here needs a permission of the admin's role, routes added later included.
    attachAccessControl(admin, '/api/admin')
    // Every change made under this scope is logged, routes added later included.
    app.audit.attachTo(admin)

    admin.get(
      '/customers',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'Every customer, newest first (for a store manager: their stores\' customers)',
          security: [{ bearer: [] }],
          querystring: CustomerListQuerySchema,
          response: responses({ 200: CustomerPageSchema }, 401),
        },
      },
      async (request) => app.customers.listAll(request.query, await app.customerScopes.condition(request.adminAccess)),
    )

    admin.post(
      '/password',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' }, access: { self: true } },
        schema: {
          tags: ['admin'],
          summary: 'Change my password (needs the current one)',
          security: [{ bearer: [] }],
          body: ChangePasswordRequestSchema,
          response: responses({ 204: Type.Null() }, 401, 429),
        },
      },
      async (request, reply) => {
        await app.admins.changePassword(request.principalId(), request.body.currentPassword, request.body.newPassword)
        return reply.status(204).send(null)
      },
    )

    admin.post(
      '/logout',
      {
        config: { access: { self: true } },
        schema: {
          tags: ['admin'],
          summary: 'Log out: every token issued to me so far stops working',
          security: [{ bearer: [] }],
          response: responses({ 204: Type.Null() }, 401),
        },
      },
      async (request, reply) => {
        await app.admins.endSessions(request.principalId())
        return reply.status(204).send(null)
      },
    )

    admin.post(
      '/audiences/count',
      {
        config: { audit: false, access: { level: 'view', scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'How many customers an audience filter matches',
          security: [{ bearer: [] }],
          body: AudienceCountRequestSchema,
          response: responses({ 200: AudienceCountResponseSchema }, 401),
        },
      },
      async (request) => ({ count: await app.audiences.count(request.body.filter, await app.customerScopes.condition(request.adminAccess)) }),
    )

    admin.post(
      '/audiences/customers',
      {
        config: { audit: false, access: { level: 'view', scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'The customers an audience filter matches, newest first',
          security: [{ bearer: [] }],
          body: AudienceListRequestSchema,
          response: responses({ 200: AudiencePageSchema }, 401),
        },
      },
      async (request) => app.audiences.list(request.body.filter, request.body, await app.customerScopes.condition(request.adminAccess)),
    )

    admin.post(
      '/audiences/export',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'The customers an audience filter matches, as a CSV download',
          security: [{ bearer: [] }],
          body: AudienceCountRequestSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${app.audiences.exportFileName()}"`)
          .send(Readable.from(app.audiences.exportCsv(request.body.filter, await app.customerScopes.condition(request.adminAccess)))),
    )

    admin.get(
      '/audiences/channels',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'Live-code channels customers came through, with counts',
          security: [{ bearer: [] }],
          response: responses({ 200: ChannelListSchema }, 401),
        },
      },
      async (request) => app.audiences.channels(await app.customerScopes.staffOf(request.adminAccess)),
    )

    admin.get(
      '/dashboard',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'Growth and churn per business day, and per-guide figures, for a date range',
          security: [{ bearer: [] }],
          querystring: DashboardQuerySchema,
          response: responses({ 200: DashboardSchema }, 401),
        },
      },
      async (request) => app.dashboard.describe(request.query, await app.customerScopes.staffOf(request.adminAccess)),
    )

    admin.get(
      '/dashboard/growth',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'Per channel: added → stayed 7/30 days → mini-program → first and repeat purchase, with the money; weekly cohorts; levels',
          security: [{ bearer: [] }],
          querystring: DashboardQuerySchema,
          response: responses({ 200: GrowthSchema }, 401),
        },
      },
      async (request) => app.growth.describe(request.query, await app.customerScopes.staffOf(request.adminAccess)),
    )

    admin.get(
      '/staff',
      {
        config: { access: { scope: 'filtered' } },
        schema: {
          tags: ['admin'],
          summary: 'Every WeCom member we have met (shop guides and staff admins); for a store manager, their stores\' guides',
          security: [{ bearer: [] }],
          response: responses({ 200: StaffListSchema }, 401),
        },
      },
      async (request) => ({ items: await app.staff.listAll(await app.customerScopes.staffOf(request.adminAccess)) }),
    )

    await admin.register(accountRoutes)
    await admin.register(tagRoutes)
    await admin.register(liveCodeRoutes)
    await admin.register(welcomeMessageRoutes)
    await admin.register(scriptAdminRoutes)
    await admin.register(loyaltyRoutes)
    await admin.register(orderRoutes)
    await admin.register(shopAdminRoutes)
    await admin.register(materialRoutes)
    await admin.register(fulfilmentRoutes)
    await admin.register(lotteryRoutes)
    await admin.register(groupbuyRoutes)
    await admin.register(distributionRoutes)
    await admin.register(customerAdminRoutes)
    await admin.register(rfmRoutes)
    await admin.register(leadAdminRoutes)
    await admin.register(inheritanceRoutes)
    await admin.register(customerGroupRoutes)
    await admin.register(broadcastRoutes)
    await admin.register(subscriptionMessageRoutes)
    await admin.register(momentRoutes)
    await admin.register(sopRoutes)
    await admin.register(auditRoutes)
    await admin.register(fissionAdminRoutes)
    await admin.register(couponOperationRoutes)
    await admin.register(departmentRoutes)
  })
}

export default adminRoutes
