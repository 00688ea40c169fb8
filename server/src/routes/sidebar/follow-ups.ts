import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateFollowUpRequestSchema,
  CursorQuerySchema,
  ExternalUserIdParamsSchema,
  FollowUpPageSchema,
  FollowUpParamsSchema,
  FollowUpSchema,
  ReminderListQuerySchema,
  ReminderListSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const followUpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:externalUserId/follow-ups',
    {
      schema: {
        tags: ['sidebar'],
        summary: "Every guide's follow-up notes on the customer, newest first",
        security: [{ bearer: [] }],
        params: ExternalUserIdParamsSchema,
        querystring: CursorQuerySchema,
        response: responses({ 200: FollowUpPageSchema }, 401, 403, 404),
      },
    },
    async (request) => app.followUps.list(request.staffMember, request.params.externalUserId, request.query),
  )

  app.post(
    '/customers/:externalUserId/follow-ups',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Add a follow-up note; a next-contact time becomes a reminder for this guide',
        security: [{ bearer: [] }],
        params: ExternalUserIdParamsSchema,
        body: CreateFollowUpRequestSchema,
        response: responses({ 201: FollowUpSchema }, 401, 403, 404),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.followUps.add(request.staffMember, request.params.externalUserId, request.body)),
  )

  app.get(
    '/reminders',
    {
      schema: {
        tags: ['sidebar'],
        summary: "This guide's open follow-up reminders, soonest first",
        security: [{ bearer: [] }],
        querystring: ReminderListQuerySchema,
        response: responses({ 200: ReminderListSchema }, 401),
      },
    },
    async (request) => ({ items: await app.followUps.reminders(request.staffMember.id, request.query) }),
  )

  app.post(
    '/reminders/:followUpId/done',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Mark one of my reminders done',
        security: [{ bearer: [] }],
        params: FollowUpParamsSchema,
        response: responses({ 200: FollowUpSchema }, 401, 404),
      },
    },
    async (request) => app.followUps.completeReminder(request.staffMember.id, request.params.followUpId),
  )
}

export default followUpRoutes
