// Customer inheritance: WeCom's transfer APIs for customers and customer groups under /cgi-bin/externalcontact, and the
// side (a member resigns, the customer refuses, a member's capacity, taking over what is due).
import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { USER_ID_PATTERN } from './directory'
import { jsonBody, ok } from './tencent-api'

/** How often (real time) the sandbox looks for transfers due by its clock while it runs. */
const TAKEOVER_CHECK_MS = 5000

export const transferRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { transfers } = sandbox

  app.post('/transfer_customer', async (request) => {
    const body = jsonBody(request.body)
    const answer = transfers.transferOnJob(body)
    sandbox.logMessage('transfer_customer', body)
    return ok(answer)
  })
  app.post('/transfer_result', async (request) => ok(transfers.onJobResults(jsonBody(request.body))))
  app.post('/get_unassigned_list', async (request) => ok(transfers.unassigned(jsonBody(request.body))))
  app.post('/resigned/transfer_customer', async (request) => ok(transfers.transferResigned(jsonBody(request.body))))
  app.post('/resigned/transfer_result', async (request) => ok(transfers.resignedResults(jsonBody(request.body))))
  app.post('/groupchat/transfer', async (request) => ok(sandbox.groupTransfers.resigned(jsonBody(request.body))))
  app.post('/groupchat/onjob_transfer', async (request) => ok(sandbox.groupTransfers.onJob(jsonBody(request.body))))
}

const MemberParams = Type.Object({ userId: Type.String({ pattern: USER_ID_PATTERN }) })
const ResignBody = Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false })
const CapacityBody = Type.Object({ capacity: Type.Integer({ minimum: 0, maximum: 100_000 }) }, { additionalProperties: false })
const RefuseParams = Type.Object({ externalUserId: Type.String({ minLength: 1, maxLength: 64 }) })
const SettleBody = Type.Object(
  { all: Type.Optional(Type.Boolean({ description: 'take over every waiting transfer now, due or not' })) },
  { additionalProperties: false },
)

export const transferControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  const { transfers } = sandbox

  // A running sandbox takes over what falls due by its clock without being asked.
  const timer = setInterval(() => transfers.settle(), TAKEOVER_CHECK_MS)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await Promise.all([transfers.delivered(), sandbox.groupTransfers.delivered()])
  })

  app.post('/wecom/members/:userId/resign', { schema: { params: MemberParams, body: ResignBody } }, async (request) => {
    const resigned = transfers.resign(request.params.userId, request.body?.at)
    sandbox.groupTransfers.ownerResigned(request.params.userId)
    return resigned
  })

  app.put('/wecom/members/:userId/capacity', { schema: { params: MemberParams, body: CapacityBody } }, async (request) => {
    transfers.setCapacity(request.params.userId, request.body.capacity)
    return { userId: request.params.userId, capacity: request.body.capacity }
  })

  // The customer taps 暂不添加 on the transfer notice.
  app.post('/wecom/transfers/:externalUserId/refuse', { schema: { params: RefuseParams } }, async (request) => {
    const record = transfers.refuse(request.params.externalUserId)
    await transfers.delivered()
    return { transfer: record, delivered: true }
  })

  app.post('/wecom/transfers/settle', { schema: { body: SettleBody } }, async (request) => {
    const { settled, delivered } = transfers.settle(request.body?.all ?? false)
    await Promise.all([delivered, sandbox.groupTransfers.delivered()])
    return { settled }
  })

  app.get('/wecom/transfers', async () => ({ items: transfers.records() }))
}
