import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Customer360ProfileSchema,
  Customer360Schema,
  CustomerListQuerySchema,
  CustomerPageSchema,
  CustomerTagsSchema,
  ExternalUserIdParamsSchema,
  TagPickerListSchema,
  TimelinePageSchema,
  TimelineQuerySchema,
  UpdateCustomerProfileRequestSchema,
  UpdateCustomerTagsRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'The customers this guide follows, and a department leader their team too (everyone, for staff with admin rights)',
        security: [{ bearer: [] }],
        querystring: CustomerListQuerySchema,
        response: responses({ 200: CustomerPageSchema }, 401),
      },
    },
    async (request) => {
      const member = request.staffMember
      if (member.isAdmin) return app.customers.listAll(request.query)
      const team = await app.departments.teamOf(member.id)
      return app.customers.listFollowedBy(team.length > 0 ? team : [member.id], request.query)
    },
  )

  app.get(
    '/customers/:externalUserId',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'The customer 360 view: profile, tags, sections of every domain, notes, timeline, guides',
        security: [{ bearer: [] }],
        params: ExternalUserIdParamsSchema,
        response: responses({ 200: Customer360Schema }, 401, 403, 404),
      },
    },
    async (request) => app.customer360.view(request.staffMember, request.params.externalUserId),
  )

  app.get(
    '/customers/:externalUserId/timeline',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'More of the customer timeline, newest first',
        security: [{ bearer: [] }],
        params: ExternalUserIdParamsSchema,
        querystring: TimelineQuerySchema,
        response: responses({ 200: TimelinePageSchema }, 401, 403, 404),
      },
    },
    async (request) => app.customer360.timeline(request.staffMember, request.params.externalUserId, request.query),
  )

  app.patch(
    '/customers/:externalUserId/profile',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Edit remark, city, birthday or phone (null clears)',
        security: [{ bearer: [] }],
        params: ExternalUserIdParamsSchema,
        body: UpdateCustomerProfileRequestSchema,
        response: responses({ 200: Customer360ProfileSchema }, 401, 403, 404),
      },
    },
    async (request) => app.customer360.updateProfile(request.staffMember, request.params.externalUserId, request.body),
  )

  app.get(
    '/tags',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Every tag group with its tags, for tag chips',
        security: [{ bearer: [] }],
        response: responses({ 200: TagPickerListSchema }, 401),
      },
    },
    async () => app.tags.listTagChoices(),
  )

  app.put(
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
      const target = await app.customers.taggingTarget(request.staffMember, request.params.externalUserId)
      return { tags: await app.tags.updateCustomerTags(target, request.body) }
    },
  )
}

export default customerRoutes
