// Customer groups on both sides: WeCom's API under /cgi-bin/externalcontact (groups, group live codes,
// group welcome templates, statistics) and the control API under /sandbox/wecom, where tests and the
// demo act in the client (create, join, leave, rename, hand over, dismiss) and the callbacks fire.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { SandboxError } from './contacts'
import type { RouteOptions } from './context'
import { USER_ID_PATTERN, WHO_PATTERN } from './directory'
import { JOIN_SCENES, type JoinWay } from './group-chats'
import { qrPng } from './qr-images'
import { jsonBody, ok, readString } from './tencent-api'

/** What a group live code's QR code encodes: the WeCom address that opens 「加入群聊」. */
export const joinWayAddress = (configId: string) => `https://work.weixin.qq.com/gm/${configId}`

function joinWayQrUrl(request: FastifyRequest, way: Pick<JoinWay, 'scene' | 'config_id'>) {
  return way.scene === 2 ? { qr_code: `${request.protocol}://${request.host}/sandbox/join-way-qr/${way.config_id}.png` } : {}
}

export const groupChatRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { groupChats } = sandbox
  const body = (request: FastifyRequest) => jsonBody(request.body)

  app.post('/groupchat/list', async (request) => ok(groupChats.list(body(request))))
  app.post('/groupchat/get', async (request) => ok(groupChats.get(body(request))))
  app.post('/groupchat/statistic', async (request) => ok(groupChats.statisticByOwner(body(request))))
  app.post('/groupchat/statistic_group_by_day', async (request) => ok(groupChats.statisticByDay(body(request))))

  app.post('/groupchat/add_join_way', async (request) => ok({ config_id: groupChats.addJoinWay(body(request)).config_id }))
  app.post('/groupchat/get_join_way', async (request) => {
    const { create_time: _created, ...way } = groupChats.getJoinWay(readString(body(request), 'config_id'))
    return ok({ join_way: { ...way, ...joinWayQrUrl(request, way) } })
  })
  app.post('/groupchat/update_join_way', async (request) => {
    groupChats.updateJoinWay(body(request))
    return ok()
  })
  app.post('/groupchat/del_join_way', async (request) => {
    groupChats.deleteJoinWay(readString(body(request), 'config_id'))
    return ok()
  })

  app.post('/group_welcome_template/add', async (request) => ok({ template_id: groupChats.addTemplate(body(request)) }))
  app.post('/group_welcome_template/edit', async (request) => {
    groupChats.editTemplate(body(request))
    return ok()
  })
  app.post('/group_welcome_template/get', async (request) => {
    const { template_id: _id, ...template } = groupChats.getTemplate(readString(body(request), 'template_id'))
    return ok(template)
  })
  app.post('/group_welcome_template/del', async (request) => {
    groupChats.deleteTemplate(readString(body(request), 'template_id'))
    return ok()
  })
}

const UserId = Type.String({ pattern: USER_ID_PATTERN })
const Joiner = Type.Union([
  Type.Object({ userId: UserId }, { additionalProperties: false }),
  Type.Object({ who: Type.String({ pattern: WHO_PATTERN }) }, { additionalProperties: false }),
])
const At = Type.Optional(Type.String({ format: 'date-time', description: 'Backdates the change (demo history)' }))
const Notify = Type.Optional(Type.Boolean({ description: 'false: change without a callback, as a lost delivery' }))
const ChatParams = Type.Object({ chatId: Type.String({ minLength: 1, maxLength: 64 }) })
const CreateGroupBody = Type.Object(
  { owner: UserId, name: Type.Optional(Type.String({ maxLength: 64 })), members: Type.Optional(Type.Array(Joiner, { maxItems: 499 })), at: At, notify: Notify },
  { additionalProperties: false },
)
const JoinBody = Type.Object(
  { members: Type.Array(Joiner, { minItems: 1, maxItems: 499 }), scene: Type.Enum([...JOIN_SCENES]), invitor: Type.Optional(UserId), at: At, notify: Notify },
  { additionalProperties: false },
)
const ScanBody = Type.Object({ who: Type.String({ pattern: WHO_PATTERN }), at: At, notify: Notify }, { additionalProperties: false })
const LeaveParams = Type.Object({ chatId: Type.String({ minLength: 1, maxLength: 64 }), memberId: Type.String({ minLength: 1, maxLength: 64 }) })
const LeaveQuery = Type.Object({ by: Type.Enum(['self', 'owner']), at: At, notify: Type.Optional(Type.Enum(['true', 'false'])) })
const ChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    owner: Type.Optional(UserId),
    notice: Type.Optional(Type.String({ maxLength: 1000 })),
    at: At,
    notify: Notify,
  },
  { additionalProperties: false, minProperties: 1 },
)
const DismissQuery = Type.Object({ at: At, notify: Type.Optional(Type.Enum(['true', 'false'])) })
const ConfigParams = Type.Object({ configId: Type.String({ minLength: 1, maxLength: 64 }) })

const seconds = (at: string | undefined) => (at ? Math.floor(Date.parse(at) / 1000) : undefined)

/** Registered inside the control API's scope, so its errors answer as the control API's do. */
export const groupChatControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  const { groupChats } = sandbox

  app.post('/wecom/group-chats', { schema: { body: CreateGroupBody } }, async (request, reply) => {
    const chat = await groupChats.create({ ...request.body, at: seconds(request.body.at) })
    return reply.code(201).send({ chatId: chat.chat_id, memberVersion: chat.member_version })
  })

  app.post('/wecom/group-chats/:chatId/members', { schema: { params: ChatParams, body: JoinBody } }, async (request) =>
    groupChats.join(request.params.chatId, { ...request.body, at: seconds(request.body.at) }),
  )

  app.delete('/wecom/group-chats/:chatId/members/:memberId', { schema: { params: LeaveParams, querystring: LeaveQuery } }, async (request) =>
    groupChats.leave(request.params.chatId, {
      memberId: request.params.memberId,
      by: request.query.by,
      at: seconds(request.query.at),
      notify: request.query.notify !== 'false',
    }),
  )

  app.patch('/wecom/group-chats/:chatId', { schema: { params: ChatParams, body: ChangeBody } }, async (request) => {
    await groupChats.change(request.params.chatId, { ...request.body, at: seconds(request.body.at) })
    return { delivered: request.body.notify !== false }
  })

  app.delete('/wecom/group-chats/:chatId', { schema: { params: ChatParams, querystring: DismissQuery } }, async (request) => {
    await groupChats.dismiss(request.params.chatId, { at: seconds(request.query.at), notify: request.query.notify !== 'false' })
    return { delivered: request.query.notify !== 'false' }
  })

  app.post('/wecom/join-ways/:configId/scans', { schema: { params: ConfigParams, body: ScanBody } }, async (request) =>
    groupChats.scan(request.params.configId, { ...request.body, at: seconds(request.body.at) }),
  )

  app.get('/join-way-qr/:configId.png', { schema: { params: ConfigParams } }, async (request, reply) => {
    if (!groupChats.joinWayExists(request.params.configId)) throw new SandboxError(404, 'NOT_FOUND', 'no such group live code')
    return reply.type('image/png').send(await qrPng(joinWayAddress(request.params.configId)))
  })
}
