import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TodoListQuerySchema, TodoListSchema } from '@liuliang/shared'
import { responses } from '../responses'

const todoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/todos',
    {
      schema: {
        tags: ['sidebar'],
        summary: "This guide's to-do list: open leads, reminders and other kinds, soonest due first",
        security: [{ bearer: [] }],
        querystring: TodoListQuerySchema,
        response: responses({ 200: TodoListSchema }, 401),
      },
    },
    async (request) => ({ items: await app.todos.list(request.staffMember.id, request.query) }),
  )
}

export default todoRoutes
