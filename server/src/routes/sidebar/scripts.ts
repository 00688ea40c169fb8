import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ScriptCategoryListSchema,
  ScriptInputSchema,
  ScriptPageSchema,
  ScriptParamsSchema,
  ScriptSchema,
  ScriptSearchQuerySchema,
  SendScriptRequestSchema,
  SendScriptResponseSchema,
} from '@liuliang/shared'
import { Type } from 'typebox'
import { responses } from '../responses'

/** The script library as a guide sees it: the brand's scripts plus their own. */
const scriptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/script-categories',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Script categories, parents before children',
        security: [{ bearer: [] }],
        response: responses({ 200: ScriptCategoryListSchema }, 401),
      },
    },
    async () => ({ categories: await app.scripts.categories.list() }),
  )

  app.get(
    '/scripts',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Search scripts by title, content and keyword; most used first',
        security: [{ bearer: [] }],
        querystring: ScriptSearchQuerySchema,
        response: responses({ 200: ScriptPageSchema }, 401),
      },
    },
    async (request) => app.scripts.search(request.staffMember.id, request.query),
  )

  app.post(
    '/scripts',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Add one of my own scripts (text or link)',
        security: [{ bearer: [] }],
        body: ScriptInputSchema,
        response: responses({ 201: ScriptSchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.scripts.create(request.body, request.staffMember.id)),
  )

  app.put(
    '/scripts/:scriptId',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Replace one of my own scripts',
        security: [{ bearer: [] }],
        params: ScriptParamsSchema,
        body: ScriptInputSchema,
        response: responses({ 200: ScriptSchema }, 401, 404),
      },
    },
    async (request) => app.scripts.replace(request.params.scriptId, request.body, request.staffMember.id),
  )

  app.delete(
    '/scripts/:scriptId',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Delete one of my own scripts',
        security: [{ bearer: [] }],
        params: ScriptParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.scripts.remove(request.params.scriptId, request.staffMember.id)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/scripts/:scriptId/sends',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Send a script to the customer in the chat: the filled ww.sendChatMessage payload; counts the use',
        security: [{ bearer: [] }],
        params: ScriptParamsSchema,
        body: SendScriptRequestSchema,
        response: responses({ 201: SendScriptResponseSchema }, 401, 403, 404, 409, 502),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.scripts.send(request.staffMember, request.params.scriptId, request.body)),
  )
}

export default scriptRoutes
