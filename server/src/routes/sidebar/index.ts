import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CustomerListQuerySchema,
  CustomerPageSchema,
  ExternalUserIdParamsSchema,
  SidebarCustomerSchema,
  SidebarLoginRequestSchema,
  SidebarLoginResponseSchema,
  TagGroupListSchema,
  CustomerTagsSchema,
  UpdateCustomerTagsRequestSchema,
} from '@liuliang/shared'
import { unauthorized } from '../../errors'
import { responses } from '../responses'

declare module 'fastify' {
  interface FastifyRequest {
    staffMember: { id: number; userId: string; isAdmin: boolean }
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
    guide.addHook('onRequest', async (request) => {
      const member = app.staff.findById(request.principalId())
      if (!member) throw unauthorized('INVALID_TOKEN', '登录已失效，请重新登录')
      request.staffMember = member
    })

    guide.get(
      '/customers',
      {
        schema: {
          tags: ['sidebar'],
          summary: 'The customers this guide follows (everyone, for staff with admin rights)',
          security: [{ bearer: [] }],
          querystring: CustomerListQuerySchema,
          response: responses({ 200: CustomerPageSchema }, 401),
        },
      },
      async (request) => {
        const member = request.staffMember
        return member.isAdmin
          ? app.customers.listAll(request.query)
          : app.customers.listFollowedBy(member.id, request.query)
      },
    )

    guide.get(
      '/customers/:externalUserId',
      {
        schema: {
          tags: ['sidebar'],
          summary: 'One customer as the guide in the chat sees them',
          security: [{ bearer: [] }],
          params: ExternalUserIdParamsSchema,
          response: responses({ 200: SidebarCustomerSchema }, 401, 403, 404),
        },
      },
      async (request) => app.customers.viewForStaff(request.staffMember, request.params.externalUserId),
    )

    guide.get(
      '/tags',
      {
        schema: {
          tags: ['sidebar'],
          summary: 'Every tag group with its tags, for tag chips',
          security: [{ bearer: [] }],
          response: responses({ 200: TagGroupListSchema }, 401),
        },
      },
      async () => app.tags.listGroups(),
    )

    guide.put(
      '/customers/:externalUserId/tags',
      {
        schema: {
          tags: ['sidebar'],
          summary: 'Add and remove tags on a customer (also marked in WeCom)',
          security: [{ bearer: [] }],
          params: ExternalUserIdParamsSchema,
          body: UpdateCustomerTagsRequestSchema,
          response: responses({ 200: CustomerTagsSchema }, 401, 403, 404, 409),
        },
      },
      async (request) => {
        const target = app.customers.taggingTarget(request.staffMember, request.params.externalUserId)
        return { tags: await app.tags.updateCustomerTags(target, request.body) }
      },
    )
  })
}

export default sidebarRoutes
