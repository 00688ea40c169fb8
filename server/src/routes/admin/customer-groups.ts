import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CreateGroupLiveCodeRequestSchema,
  CreateGroupWelcomeTemplateRequestSchema,
  DayRangeQuerySchema,
  GroupChatDetailSchema,
  GroupChatIdParamsSchema,
  GroupChatListQuerySchema,
  GroupChatMemberListQuerySchema,
  GroupChatMemberPageSchema,
  GroupChatPageSchema,
  GroupLiveCodeIdParamsSchema,
  GroupLiveCodeListSchema,
  GroupLiveCodeSchema,
  GroupLiveCodeStatsSchema,
  GroupSyncResultSchema,
  GroupWelcomeTemplateIdParamsSchema,
  GroupWelcomeTemplateListSchema,
  GroupWelcomeTemplateSchema,
  UpdateGroupLiveCodeRequestSchema,
  UpdateGroupWelcomeTemplateRequestSchema,
  WecomGroupStatsQuerySchema,
  WecomGroupStatsSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Customer groups (客户群), group live codes (群活码) and group welcome templates (入群欢迎语). */
const customerGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'customer-groups']

  app.get(
    '/customer-groups',
    {
      schema: {
        tags,
        summary: 'Customer groups, newest first, with owner, size and joins and leaves over a range (the last 7 days by default)',
        security,
        querystring: GroupChatListQuerySchema,
        response: responses({ 200: GroupChatPageSchema }, 401),
      },
    },
    async (request) => app.customerGroups.list(request.query),
  )

  app.post(
    '/customer-groups/sync',
    {
      config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Read every customer group from WeCom now (it also runs on a timer)',
        security,
        response: responses({ 200: GroupSyncResultSchema }, 401, 429),
      },
    },
    async () => app.customerGroups.sync(),
  )

  app.get(
    '/customer-groups/statistics',
    {
      schema: {
        tags,
        summary: 'WeCom’s own daily figures for the groups (groupchat/statistic_group_by_day): yesterday back 180 days, 30 at most',
        security,
        querystring: WecomGroupStatsQuerySchema,
        response: responses({ 200: WecomGroupStatsSchema }, 401),
      },
    },
    async (request) => app.customerGroups.wecomStatistics(request.query),
  )

  app.get(
    '/customer-groups/:id',
    {
      schema: {
        tags,
        summary: 'One group, with joins and leaves per business day over a range',
        security,
        params: GroupChatIdParamsSchema,
        querystring: DayRangeQuerySchema,
        response: responses({ 200: GroupChatDetailSchema }, 401, 404),
      },
    },
    async (request) => app.customerGroups.get(request.params.id, request.query),
  )

  app.get(
    '/customer-groups/:id/members',
    {
      schema: {
        tags,
        summary: 'A group’s members, newest first; which are our customers, and the live code that brought them',
        security,
        params: GroupChatIdParamsSchema,
        querystring: GroupChatMemberListQuerySchema,
        response: responses({ 200: GroupChatMemberPageSchema }, 401, 404),
      },
    },
    async (request) => app.customerGroups.members(request.params.id, request.query),
  )

  app.get(
    '/group-live-codes',
    { schema: { tags, summary: 'Every group live code, newest first', security, response: responses({ 200: GroupLiveCodeListSchema }, 401) } },
    async () => app.groupLiveCodes.list(),
  )

  app.post(
    '/group-live-codes',
    {
      schema: {
        tags,
        summary: 'Create a group live code: one QR code into up to five groups, new groups opened when they are full',
        security,
        body: CreateGroupLiveCodeRequestSchema,
        response: responses({ 201: GroupLiveCodeSchema }, 401, 404),
      },
    },
    async (request, reply) => reply.status(201).send(await app.groupLiveCodes.create(request.body)),
  )

  app.get(
    '/group-live-codes/:id',
    {
      schema: {
        tags,
        summary: 'One group live code, with the groups WeCom rotates through now',
        security,
        params: GroupLiveCodeIdParamsSchema,
        response: responses({ 200: GroupLiveCodeSchema }, 401, 404),
      },
    },
    async (request) => app.groupLiveCodes.get(request.params.id),
  )

  app.patch(
    '/group-live-codes/:id',
    {
      schema: {
        tags,
        summary: 'Change a group live code; the printed QR code stays',
        security,
        params: GroupLiveCodeIdParamsSchema,
        body: UpdateGroupLiveCodeRequestSchema,
        response: responses({ 200: GroupLiveCodeSchema }, 401, 404),
      },
    },
    async (request) => app.groupLiveCodes.update(request.params.id, request.body),
  )

  app.delete(
    '/group-live-codes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group live code (its QR code stops working; its joins stay counted)',
        security,
        params: GroupLiveCodeIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.groupLiveCodes.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/group-live-codes/:id/stats',
    {
      schema: {
        tags,
        summary: 'Joins through a group live code: in total, per business day and per group, and how many left since',
        security,
        params: GroupLiveCodeIdParamsSchema,
        querystring: DayRangeQuerySchema,
        response: responses({ 200: GroupLiveCodeStatsSchema }, 401, 404),
      },
    },
    async (request) => app.groupLiveCodes.stats(request.params.id, request.query),
  )

  app.get(
    '/group-live-codes/:id/qr-code',
    {
      schema: {
        tags,
        summary: 'The QR code image, as a download',
        security,
        params: GroupLiveCodeIdParamsSchema,
        response: responses({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }, 401, 404),
      },
    },
    async (request, reply) => {
      const image = await app.groupLiveCodes.qrImage(request.params.id)
      return reply
        .type(image.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(image.fileName)}`)
        .send(image.bytes)
    },
  )

  app.get(
    '/group-welcome-templates',
    {
      schema: {
        tags,
        summary: 'Every group welcome template, newest first (WeCom holds at most 100)',
        security,
        response: responses({ 200: GroupWelcomeTemplateListSchema }, 401),
      },
    },
    async () => app.groupWelcomes.list(),
  )

  app.post(
    '/group-welcome-templates',
    {
      schema: {
        tags,
        summary: 'Create a group welcome template in WeCom; %NICKNAME% becomes the joiner’s nickname',
        security,
        body: CreateGroupWelcomeTemplateRequestSchema,
        response: responses({ 201: GroupWelcomeTemplateSchema }, 401, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.groupWelcomes.create(request.body)),
  )

  app.patch(
    '/group-welcome-templates/:id',
    {
      schema: {
        tags,
        summary: 'Change a group welcome template, in WeCom first',
        security,
        params: GroupWelcomeTemplateIdParamsSchema,
        body: UpdateGroupWelcomeTemplateRequestSchema,
        response: responses({ 200: GroupWelcomeTemplateSchema }, 401, 404),
      },
    },
    async (request) => app.groupWelcomes.update(request.params.id, request.body),
  )

  app.delete(
    '/group-welcome-templates/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group welcome template, in WeCom too',
        security,
        params: GroupWelcomeTemplateIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.groupWelcomes.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )
}

export default customerGroupRoutes
