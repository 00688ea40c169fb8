import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CreateWelcomeMessageRequestSchema,
  UpdateWelcomeMessageRequestSchema,
  WelcomeMessageIdParamsSchema,
  WelcomeMessageListSchema,
  WelcomeMessageSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Welcome messages by scope: live code > guide > department > campaign > default. */
const welcomeMessageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'acquisition']

  app.get(
    '/welcome-messages',
    { schema: { tags, summary: 'Every welcome message', security, response: responses({ 200: WelcomeMessageListSchema }, 401) } },
    async () => app.welcomeMessages.list(),
  )

  app.post(
    '/welcome-messages',
    {
      schema: {
        tags,
        summary: 'Create a welcome message for a scope',
        security,
        body: CreateWelcomeMessageRequestSchema,
        response: responses({ 201: WelcomeMessageSchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.welcomeMessages.create(request.body)),
  )

  app.get(
    '/welcome-messages/:id',
    {
      schema: {
        tags,
        summary: 'One welcome message',
        security,
        params: WelcomeMessageIdParamsSchema,
        response: responses({ 200: WelcomeMessageSchema }, 401, 404),
      },
    },
    async (request) => app.welcomeMessages.get(request.params.id),
  )

  app.patch(
    '/welcome-messages/:id',
    {
      schema: {
        tags,
        summary: 'Change a welcome message',
        security,
        params: WelcomeMessageIdParamsSchema,
        body: UpdateWelcomeMessageRequestSchema,
        response: responses({ 200: WelcomeMessageSchema }, 401, 404),
      },
    },
    async (request) => app.welcomeMessages.update(request.params.id, request.body),
  )

  app.delete(
    '/welcome-messages/:id',
    {
      schema: {
        tags,
        summary: 'Delete a welcome message',
        security,
        params: WelcomeMessageIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.welcomeMessages.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )
}

export default welcomeMessageRoutes
