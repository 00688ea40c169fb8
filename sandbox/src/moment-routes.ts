// Customer moments on both sides: WeCom's API under /cgi-bin/externalcontact (their media come from
// upload_attachment, media-routes.ts), and the control API under /sandbox/wecom/moments, where a member publishes the
// corp's moment in the client and customers like and comment on it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { USER_ID_PATTERN } from './directory'
import { jsonBody, ok, queryString } from './tencent-api'

export const momentRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { moments } = sandbox
  const body = (request: FastifyRequest) => jsonBody(request.body)

  app.post('/add_moment_task', async (request) => ok({ jobid: moments.addTask(body(request)) }))
  app.get('/get_moment_task_result', async (request) => ok(moments.taskResult(queryString(request, 'jobid'))))
  app.post('/cancel_moment_task', async (request) => {
    moments.cancel(body(request))
    return ok()
  })
  app.post('/get_moment_list', async (request) => ok(moments.list(body(request))))
  app.post('/get_moment_task', async (request) => ok(moments.task(body(request))))
  app.post('/get_moment_customer_list', async (request) => ok(moments.customers(body(request))))
  app.post('/get_moment_send_result', async (request) => ok(moments.sendResult(body(request))))
  app.post('/get_moment_comments', async (request) => ok(moments.comments(body(request))))
}

const UserId = Type.String({ pattern: USER_ID_PATTERN })
const MomentParams = Type.Object({ momentId: Type.String({ minLength: 1, maxLength: 64 }) })
const At = Type.Optional(Type.String({ format: 'date-time', description: 'Backdates the act (demo history)' }))
const PublishBody = Type.Object({ userId: UserId, at: At }, { additionalProperties: false })
const InteractionBody = Type.Object(
  {
    userId: Type.String({ ...UserId, description: 'The member whose post it is' }),
    kind: Type.Enum(['comment', 'like']),
    externalUserId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    byUserId: Type.Optional(UserId),
    at: At,
  },
  { additionalProperties: false },
)

/** Registered inside the control API's scope, so its errors answer as the control API's do. */
export const momentControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  const { moments } = sandbox
  const date = (at: string | undefined) => (at ? new Date(at) : undefined)

  app.post('/wecom/moments/:momentId/publications', { schema: { params: MomentParams, body: PublishBody } }, async (request, reply) =>
    reply.code(201).send(moments.publish(request.params.momentId, request.body.userId, date(request.body.at))),
  )

  app.post('/wecom/moments/:momentId/interactions', { schema: { params: MomentParams, body: InteractionBody } }, async (request, reply) => {
    const { userId, kind, externalUserId, byUserId, at } = request.body
    if (!externalUserId === !byUserId) {
      return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'exactly one of externalUserId and byUserId' } })
    }
    const by = externalUserId ? { externalUserId } : { userId: byUserId as string }
    return reply.code(201).send(moments.interact(request.params.momentId, { userId, kind, by, at: date(at) }))
  })
}
