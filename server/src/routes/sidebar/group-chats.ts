import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  SendScriptResponseSchema,
  SidebarGroupChatParamsSchema,
  SidebarGroupChatSchema,
  SidebarGroupScriptSendRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** The sidebar in a customer group chat (getContext entry group_chat_tools). */
const groupChatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/group-chats/:chatId',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'The group by its WeCom chat id: profile, and the members who are our customers with their tags and level',
        security: [{ bearer: [] }],
        params: SidebarGroupChatParamsSchema,
        response: responses({ 200: SidebarGroupChatSchema }, 401, 403, 404),
      },
    },
    async (request) => app.customerGroups.forSidebar(request.staffMember, request.params.chatId),
  )

  app.post(
    '/group-chats/:chatId/script-sends',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Send a script into the group: the filled ww.sendChatMessage payload (no customer placeholders); counts the use',
        security: [{ bearer: [] }],
        params: SidebarGroupChatParamsSchema,
        body: SidebarGroupScriptSendRequestSchema,
        response: responses({ 201: SendScriptResponseSchema }, 401, 403, 404, 409, 502),
      },
    },
    async (request, reply) => {
      await app.customerGroups.visibleGroup(request.staffMember, request.params.chatId)
      return reply.status(201).send(await app.scripts.sendToGroup(request.staffMember, request.body.scriptId))
    },
  )
}

export default groupChatRoutes
