import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BroadcastDetailSchema,
  BroadcastIdParamsSchema,
  BroadcastListQuerySchema,
  BroadcastPageSchema,
  BroadcastPreviewRequestSchema,
  BroadcastPreviewSchema,
  BroadcastRecipientPageSchema,
  BroadcastRecipientQuerySchema,
  BroadcastSettingsSchema,
  CreateBroadcastRequestSchema,
  IdempotencyHeadersSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Customer broadcasts (客户群发 / 客户群群发) and the receive rule they are counted against. */
const broadcastRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'broadcasts']
  const params = BroadcastIdParamsSchema

  app.get(
    '/broadcasts',
    { schema: { tags, summary: 'Broadcasts, newest first, with their progress', security, querystring: BroadcastListQuerySchema, response: responses({ 200: BroadcastPageSchema }, 401) } },
    async (request) => app.broadcasts.list(request.query),
  )

  app.post(
    '/broadcasts/preview',
    {
      config: { access: { level: 'view' } },
      schema: {
        tags,
        summary: 'Who a broadcast would reach now: the audience, those a guide follows, those the receive rule would refuse, the staff who confirm',
        security,
        body: BroadcastPreviewRequestSchema,
        response: responses({ 200: BroadcastPreviewSchema }, 401),
      },
    },
    async (request) => app.broadcasts.preview(request.body),
  )

  app.post(
    '/broadcasts',
    {
      schema: {
        tags,
        summary: 'Compose a broadcast and send it now (each staff member then confirms in WeCom) or at sendAt',
        security,
        headers: IdempotencyHeadersSchema,
        body: CreateBroadcastRequestSchema,
        response: responses({ 201: BroadcastDetailSchema }, 401, 502),
      },
    },
    async (request, reply) => reply.code(201).send(await app.broadcasts.create(request.body, request.headers['idempotency-key'])),
  )

  app.get(
    '/broadcasts/:id',
    { schema: { tags, summary: 'A broadcast with each staff member task and the reminders left', security, params, response: responses({ 200: BroadcastDetailSchema }, 401, 404) } },
    async (request) => app.broadcasts.detail(request.params.id),
  )

  app.get(
    '/broadcasts/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Each customer or group with its result',
        security,
        params,
        querystring: BroadcastRecipientQuerySchema,
        response: responses({ 200: BroadcastRecipientPageSchema }, 401, 404),
      },
    },
    async (request) => app.broadcasts.recipients(request.params.id, request.query),
  )

  app.post(
    '/broadcasts/:id/send',
    { schema: { tags, summary: 'Send a scheduled broadcast now', security, params, response: responses({ 200: BroadcastDetailSchema }, 401, 404, 409, 502) } },
    async (request) => app.broadcasts.sendNow(request.params.id),
  )

  app.post(
    '/broadcasts/:id/sync',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Read the results from WeCom now (it also runs on a timer until every task is final)', security, params, response: responses({ 200: BroadcastDetailSchema }, 401, 404, 429) },
    },
    async (request) => app.broadcasts.syncNow(request.params.id),
  )

  app.post(
    '/broadcasts/:id/remind',
    { schema: { tags, summary: 'Remind the staff who have not confirmed (3 times in 24 hours)', security, params, response: responses({ 200: BroadcastDetailSchema }, 401, 404, 409) } },
    async (request) => app.broadcasts.remind(request.params.id),
  )

  app.post(
    '/broadcasts/:id/cancel',
    { schema: { tags, summary: 'Cancel: a scheduled one is not sent, a sent one stops in WeCom for who has not confirmed', security, params, response: responses({ 200: BroadcastDetailSchema }, 401, 404, 409) } },
    async (request) => app.broadcasts.cancel(request.params.id),
  )

  app.get(
    '/broadcast-settings',
    { schema: { tags, summary: 'The receive rule broadcasts are counted against', security, response: responses({ 200: BroadcastSettingsSchema }, 401) } },
    async () => app.settings.broadcastRules(),
  )

  app.put(
    '/broadcast-settings',
    { schema: { tags, summary: 'Set the receive rule, as set in WeCom (群发助手 → 设置群发规则)', security, body: BroadcastSettingsSchema, response: responses({ 200: BroadcastSettingsSchema }, 401) } },
    async (request) => app.settings.updateBroadcastRules(request.body),
  )
}

export default broadcastRoutes
