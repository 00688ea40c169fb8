import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SendScriptResponseSchema, SendSopTaskRequestSchema, SidebarGroupChatParamsSchema, SopTaskParamsSchema, TodoListSchema } from '@liuliang/shared'
import { responses } from '../responses'

/** A guide's SOP to-dos (listed with the others at GET /todos): a group's due steps, and sending a step. */
const sopTaskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/group-chats/:chatId/sop-tasks',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'The due SOP steps of one of my customer groups, soonest first',
        security: [{ bearer: [] }],
        params: SidebarGroupChatParamsSchema,
        response: responses({ 200: TodoListSchema }, 401),
      },
    },
    async (request) => ({ items: await app.sops.todos(request.staffMember.id, 50, request.params.chatId) }),
  )

  app.post(
    '/sop-tasks/:taskId/sends',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Send a due SOP step to its customer: the filled ww.sendChatMessage payload; the step is done, on time or late',
        security: [{ bearer: [] }],
        params: SopTaskParamsSchema,
        body: SendSopTaskRequestSchema,
        response: responses({ 201: SendScriptResponseSchema }, 401, 403, 404, 409, 502),
      },
    },
    async (request, reply) => reply.status(201).send(await app.sops.send(request.staffMember, request.params.taskId, request.body)),
  )
}

export default sopTaskRoutes
