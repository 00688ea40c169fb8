import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CreateFissionActivityRequestSchema,
  CursorQuerySchema,
  FissionActivityIdParamsSchema,
  FissionActivityListSchema,
  FissionActivitySchema,
  FissionFunnelSchema,
  FissionInviteListQuerySchema,
  FissionInvitePageSchema,
  FissionParticipantPageSchema,
  FissionParticipantParamsSchema,
  FissionParticipantSchema,
  UpdateFissionActivityRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin', 'fission']

/** Task fission (任务宝): activities, their participants and invites, and the funnel. */
const fissionAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/fission-activities',
    {
      schema: {
        tags,
        summary: 'Create a fission activity on a live code’s guide pool',
        security,
        body: CreateFissionActivityRequestSchema,
        response: responses({ 201: FissionActivitySchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.fission.create(request.body)),
  )

  app.get(
    '/fission-activities',
    { schema: { tags, summary: 'Every fission activity, newest first', security, response: responses({ 200: FissionActivityListSchema }, 401) } },
    async () => app.fission.list(),
  )

  app.get(
    '/fission-activities/:id',
    {
      schema: { tags, summary: 'One fission activity', security, params: FissionActivityIdParamsSchema, response: responses({ 200: FissionActivitySchema }, 401, 404) },
    },
    async (request) => app.fission.get(request.params.id),
  )

  app.patch(
    '/fission-activities/:id',
    {
      schema: {
        tags,
        summary: 'Change a fission activity from now on (rewards already issued stay)',
        security,
        params: FissionActivityIdParamsSchema,
        body: UpdateFissionActivityRequestSchema,
        response: responses({ 200: FissionActivitySchema }, 401, 404, 409),
      },
    },
    async (request) => app.fission.update(request.params.id, request.body),
  )

  app.delete(
    '/fission-activities/:id',
    {
      schema: {
        tags,
        summary: 'Delete a fission activity (the participants’ QR codes stop working; invites and rewards stay)',
        security,
        params: FissionActivityIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.fission.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/fission-activities/:id/participants',
    {
      schema: {
        tags,
        summary: 'Participants, newest first, with their count, reward and poster views',
        security,
        params: FissionActivityIdParamsSchema,
        querystring: CursorQuerySchema,
        response: responses({ 200: FissionParticipantPageSchema }, 401, 404),
      },
    },
    async (request) => app.fission.participants(request.params.id, request.query),
  )

  app.post(
    '/fission-activities/:id/participants/:participantId/reward',
    {
      schema: {
        tags,
        summary: 'Issue a failed reward again (once the coupon is issued again or the gift is back in stock)',
        security,
        params: FissionParticipantParamsSchema,
        response: responses({ 200: FissionParticipantSchema }, 401, 404, 409),
      },
    },
    async (request) => app.fission.retryReward(request.params.id, request.params.participantId),
  )

  app.get(
    '/fission-activities/:id/invites',
    {
      schema: {
        tags,
        summary: 'Friends’ adds through participants’ codes, newest first, with what each counted for',
        security,
        params: FissionActivityIdParamsSchema,
        querystring: FissionInviteListQuerySchema,
        response: responses({ 200: FissionInvitePageSchema }, 401, 404),
      },
    },
    async (request) => app.fission.invites(request.params.id, request.query),
  )

  app.get(
    '/fission-activities/:id/funnel',
    {
      schema: {
        tags,
        summary: 'Poster views → adds → counted invites → rewards',
        security,
        params: FissionActivityIdParamsSchema,
        response: responses({ 200: FissionFunnelSchema }, 401, 404),
      },
    },
    async (request) => app.fission.funnel(request.params.id),
  )
}

export default fissionAdminRoutes
