// Customer broadcasts on both sides: WeCom's group-message APIs under /cgi-bin/externalcontact, and the
// control API under /sandbox/wecom, where a member confirms their task in the client and the corp's
// receive rule is set.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { USER_ID_PATTERN } from './directory'
import { RECEIVE_RULES } from './group-messages'
import { jsonBody, ok } from './tencent-api'

export const groupMessageRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { groupMessages } = sandbox
  const body = (request: FastifyRequest) => jsonBody(request.body)

  app.post('/add_msg_template', async (request) => {
    const answer = groupMessages.addMsgTemplate(body(request))
    sandbox.logMessage('add_msg_template', body(request))
    return ok(answer)
  })
  app.post('/get_groupmsg_list_v2', async (request) => ok(groupMessages.list(body(request))))
  app.post('/get_groupmsg_task', async (request) => ok(groupMessages.tasks(body(request))))
  app.post('/get_groupmsg_send_result', async (request) => ok(groupMessages.sendResults(body(request))))
  app.post('/remind_groupmsg_send', async (request) => {
    groupMessages.remind(body(request))
    sandbox.logMessage('remind_groupmsg_send', body(request))
    return ok()
  })
  app.post('/cancel_groupmsg_send', async (request) => {
    groupMessages.cancel(body(request))
    sandbox.logMessage('cancel_groupmsg_send', body(request))
    return ok()
  })
}

const MsgParams = Type.Object({ msgid: Type.String({ minLength: 1, maxLength: 128 }) })
const ConfirmBody = Type.Object({ userId: Type.String({ pattern: USER_ID_PATTERN }) }, { additionalProperties: false })
const RuleBody = Type.Object({ rule: Type.Enum([...RECEIVE_RULES]) }, { additionalProperties: false })
const ElsewhereBody = Type.Object({ recipient: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false })

/** Registered inside the control API's scope, so its errors answer as the control API's do. */
export const groupMessageControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  const { groupMessages } = sandbox

  app.get('/wecom/group-messages', async () => ({ items: groupMessages.messages() }))

  // The member taps 发送 in 群发助手: WeCom decides each recipient now.
  app.post('/wecom/group-messages/:msgid/send', { schema: { params: MsgParams, body: ConfirmBody } }, async (request) =>
    groupMessages.confirm(request.params.msgid, request.body.userId),
  )

  // 群发助手 → 设置群发规则: how many broadcasts each customer or group may receive.
  app.put('/wecom/group-message-rule', { schema: { body: RuleBody } }, async (request) => {
    groupMessages.setRule(request.body.rule)
    return request.body
  })

  // A member's own broadcast from the client reached this customer (or group): it counts toward the allowance too.
  app.post('/wecom/group-messages/received-elsewhere', { schema: { body: ElsewhereBody } }, async (request) =>
    groupMessages.receiveElsewhere(request.body.recipient),
  )
}
