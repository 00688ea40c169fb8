// Subscription messages: WeChat's side (subscribeMessage.send, the brand's template list) and the control side,
// where a test or the demo plays the user tapping 允许 in wx.requestSubscribeMessage and reads what was delivered.
import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { WHO_PATTERN } from './directory'
import { jsonBody, ok } from './tencent-api'

/** Under the access-token guard of the mini-program's API routes. */
export const subscribeMessageRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  app.post('/cgi-bin/message/subscribe/send', async (request) => {
    sandbox.subscribeMessages.send(jsonBody(request.body))
    return ok()
  })
  app.get('/wxaapi/newtmpl/gettemplate', async () => ok({ data: sandbox.subscribeMessages.list() }))
}

const OPENID_PATTERN = '^o_[A-Za-z0-9_]{1,32}$'
const TemplateIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 })
const GrantBody = Type.Object(
  {
    who: Type.Optional(Type.String({ pattern: WHO_PATTERN })),
    openid: Type.Optional(Type.String({ pattern: OPENID_PATTERN })),
    templateIds: TemplateIds,
  },
  { additionalProperties: false },
)
const GrantsQuery = Type.Object({ openid: Type.String({ pattern: OPENID_PATTERN }) })
const SentQuery = Type.Object({ touser: Type.Optional(Type.String()), templateId: Type.Optional(Type.String()) })

export const subscribeMessageControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  const messages = sandbox.subscribeMessages

  // The user accepts these templates once each (`who` as in login codes, or the openid itself).
  app.post('/wechat/subscriptions', { schema: { body: GrantBody } }, async (request, reply) => {
    const { who, openid, templateIds } = request.body
    const user = openid ?? (who ? `o_${who}` : undefined)
    if (!user) return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'who or openid is required' } })
    return reply.code(201).send({ openid: user, results: messages.grant(user, templateIds) })
  })
  app.get('/wechat/subscriptions', { schema: { querystring: GrantsQuery } }, async (request) => ({
    openid: request.query.openid,
    grants: messages.grantsOf(request.query.openid),
  }))
  app.get('/wechat/subscribe-templates', async () => ({ items: messages.list() }))
  app.get('/wechat/subscribe-messages', { schema: { querystring: SentQuery } }, async (request) => ({ items: messages.sent(request.query) }))
}
