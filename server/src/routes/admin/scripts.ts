import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateScriptCategoryRequestSchema,
  ScriptCategoryListSchema,
  ScriptCategoryParamsSchema,
  ScriptCategorySchema,
  ScriptInputSchema,
  ScriptPageSchema,
  ScriptParamsSchema,
  ScriptSchema,
  ScriptSearchQuerySchema,
  UpdateScriptCategoryRequestSchema,
} from '@liuliang/shared'
import { Type } from 'typebox'
import { responses } from '../responses'

/** The brand's script library (话术库): categories and scripts every guide can send. */
const scriptAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]

  app.get(
    '/script-categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Script categories, parents before children',
        security,
        response: responses({ 200: ScriptCategoryListSchema }, 401),
      },
    },
    async () => ({ categories: await app.scripts.categories.list() }),
  )

  app.post(
    '/script-categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a script category, at the top or under another',
        security,
        body: CreateScriptCategoryRequestSchema,
        response: responses({ 201: ScriptCategorySchema }, 401, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.scripts.categories.create(request.body)),
  )

  app.patch(
    '/script-categories/:categoryId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename, move or reorder a script category',
        security,
        params: ScriptCategoryParamsSchema,
        body: UpdateScriptCategoryRequestSchema,
        response: responses({ 200: ScriptCategorySchema }, 401, 404, 409),
      },
    },
    async (request) => app.scripts.categories.update(request.params.categoryId, request.body),
  )

  app.delete(
    '/script-categories/:categoryId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete an empty script category',
        security,
        params: ScriptCategoryParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404, 409),
      },
    },
    async (request, reply) => {
      await app.scripts.categories.remove(request.params.categoryId)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/scripts',
    {
      schema: {
        tags: ['admin'],
        summary: "The brand's scripts, searched and filtered as guides do; most used first",
        security,
        querystring: ScriptSearchQuerySchema,
        response: responses({ 200: ScriptPageSchema }, 401),
      },
    },
    async (request) => app.scripts.search(null, request.query),
  )

  app.post(
    '/scripts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a script to the brand library: text, image, link or mini-program card',
        security,
        body: ScriptInputSchema,
        response: responses({ 201: ScriptSchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.scripts.create(request.body, null)),
  )

  app.put(
    '/scripts/:scriptId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Replace a script (its usage count stays)',
        security,
        params: ScriptParamsSchema,
        body: ScriptInputSchema,
        response: responses({ 200: ScriptSchema }, 401, 404),
      },
    },
    async (request) => app.scripts.replace(request.params.scriptId, request.body, null),
  )

  app.delete(
    '/scripts/:scriptId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a script',
        security,
        params: ScriptParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.scripts.remove(request.params.scriptId, null)
      return reply.status(204).send(null)
    },
  )
}

export default scriptAdminRoutes
