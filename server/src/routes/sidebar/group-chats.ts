import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SidebarGroupChatParamsSchema, SidebarGroupChatSchema } from '@liuliang/shared'
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
}

export default groupChatRoutes
