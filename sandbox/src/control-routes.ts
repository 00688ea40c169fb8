// The control API under /sandbox: tests and the demo act as WeChat users and as Tencent
// itself. Plain HTTP statuses and our {error:{code,message}}, unlike the Tencent-side routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError } from 'fastify'
import { Type } from 'typebox'
import { REMOVED_BY, SandboxError } from './contacts'
import type { RouteOptions } from './context'
import { REVOKE_MODES } from './credentials'
import { USER_ID_PATTERN, WHO_PATTERN } from './directory'
import { groupChatControlRoutes } from './group-chat-routes'
import { groupMessageControlRoutes } from './group-message-routes'
import { PLACEHOLDER_PNG } from './images'
import { qrPng } from './qr-images'
import { ApiError, contactWayAddress, PLATFORMS } from './tencent-api'
import { transferControlRoutes } from './transfer-routes'
import { subscribeMessageControlRoutes } from './subscribe-message-routes'
import { momentControlRoutes } from './moment-routes'

const AddContactBody = Type.Object(
  {
    userId: Type.Optional(Type.String({ pattern: USER_ID_PATTERN })),
    who: Type.String({ pattern: WHO_PATTERN }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)

const ContactParams = Type.Object({ externalUserId: Type.String() })
const RemoveContactQuery = Type.Object({
  userId: Type.String({ pattern: USER_ID_PATTERN }),
  by: Type.Enum([...REMOVED_BY]),
  at: Type.Optional(Type.String({ format: 'date-time' })),
})

const TagName = Type.String({ minLength: 1, maxLength: 30 })
const CorpTagBody = Type.Object({ groupName: TagName, name: TagName }, { additionalProperties: false })
const CorpTagParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const RenameCorpTagBody = Type.Object({ name: TagName }, { additionalProperties: false })

const TagIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 })
const EditContactTagsBody = Type.Object(
  { userId: Type.String({ pattern: USER_ID_PATTERN }), add: Type.Optional(TagIds), remove: Type.Optional(TagIds) },
  { additionalProperties: false },
)

const ExpireTokenBody = Type.Object({ platform: Type.Enum([...PLATFORMS]), mode: Type.Enum([...REVOKE_MODES]) })

const MessagesQuery = Type.Object({ api: Type.Optional(Type.String()) })

const QrCodeParams = Type.Object({ configId: Type.String() })

export const controlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  app.setErrorHandler((error: FastifyError | SandboxError, request, reply) => {
    if (error instanceof SandboxError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } })
    }
    // What WeCom itself would refuse (a duplicate tag name, an unknown tag…), with its errcode.
    if (error instanceof ApiError) {
      return reply.code(400).send({ error: { code: 'WECOM_REFUSED', message: `errcode ${error.errcode}: ${error.message}` } })
    }
    if (error.validation || (error.statusCode && error.statusCode < 500)) {
      return reply.code(error.statusCode ?? 400).send({ error: { code: 'INVALID_REQUEST', message: error.message } })
    }
    request.log.error({ err: error }, 'sandbox control route failed')
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } })
  })

  app.get('/healthz', async () => ({ status: 'ok' }))

  await app.register(groupChatControlRoutes, { sandbox })
  await app.register(transferControlRoutes, { sandbox })
  await app.register(groupMessageControlRoutes, { sandbox })
  await app.register(subscribeMessageControlRoutes, { sandbox })
  await app.register(momentControlRoutes, { sandbox })

  app.post('/wecom/contacts', { schema: { body: AddContactBody } }, async (request, reply) => {
    const added = await sandbox.contacts.add(request.body)
    return reply.code(201).send({ ...added, delivered: true })
  })

  app.delete(
    '/wecom/contacts/:externalUserId',
    { schema: { params: ContactParams, querystring: RemoveContactQuery } },
    async (request) => {
      await sandbox.contacts.remove(request.params.externalUserId, request.query.userId, request.query.by, request.query.at)
      return { delivered: true }
    },
  )

  // A guide marks or unmarks corp tags on a customer in WeCom's client: edit_external_contact.
  app.post(
    '/wecom/contacts/:externalUserId/tags',
    { schema: { params: ContactParams, body: EditContactTagsBody } },
    async (request) => {
      const { userId, add = [], remove = [] } = request.body
      await sandbox.contacts.editTags(request.params.externalUserId, { userId, add, remove })
      return { delivered: true }
    },
  )

  // An admin edits corp tags in the WeCom admin console: change_external_tag.
  app.post('/wecom/corp-tags', { schema: { body: CorpTagBody } }, async (request, reply) => {
    const created = await sandbox.tagConsole.create(request.body)
    return reply.code(201).send({ ...created, delivered: true })
  })

  app.patch('/wecom/corp-tags/:id', { schema: { params: CorpTagParams, body: RenameCorpTagBody } }, async (request) => {
    await sandbox.tagConsole.rename(request.params.id, request.body.name)
    return { delivered: true }
  })

  app.delete('/wecom/corp-tags/:id', { schema: { params: CorpTagParams } }, async (request) => {
    await sandbox.tagConsole.remove(request.params.id)
    return { delivered: true }
  })

  app.get('/wecom/callbacks', async () => ({ items: sandbox.callbacks.delivered() }))

  app.get('/wecom/messages', { schema: { querystring: MessagesQuery } }, async (request) => {
    const { api } = request.query
    return { items: sandbox.messages.newestFirst().filter((message) => !api || message.api === api) }
  })

  app.post('/tokens/expire', { schema: { body: ExpireTokenBody } }, async (request) => {
    const { platform, mode } = request.body
    sandbox.tokens[platform].revoke(mode)
    return { platform, mode }
  })

  app.get('/qr/:configId.png', { schema: { params: QrCodeParams } }, async (request, reply) => {
    if (!sandbox.contactWays.exists(request.params.configId)) {
      throw new SandboxError(404, 'NOT_FOUND', 'no such contact way')
    }
    return reply.type('image/png').send(await qrPng(contactWayAddress(request.params.configId)))
  })

  // Every avatar is the same picture; the URL only has to be unique and loadable offline.
  app.get('/avatars/:file', async (_request, reply) => reply.type('image/png').send(PLACEHOLDER_PNG))

  // Stands in for a brand's image host in the demo (script images, card covers): any name, one picture.
  app.get('/images/:file', async (_request, reply) => reply.type('image/png').send(PLACEHOLDER_PNG))
}
