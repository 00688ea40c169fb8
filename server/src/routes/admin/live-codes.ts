import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ChurnPageSchema,
  ChurnQuerySchema,
  CreateLiveCodeRequestSchema,
  LiveCodeIdParamsSchema,
  LiveCodeListSchema,
  LiveCodeSchema,
  LiveCodeStatsQuerySchema,
  LiveCodeStatsSchema,
  UpdateLiveCodeRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Live codes (渠道活码), their QR image and stats, and the churn they lead to. */
const liveCodeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'acquisition']

  app.get(
    '/live-codes',
    { schema: { tags, summary: 'Every live code, newest first', security, response: responses({ 200: LiveCodeListSchema }, 401) } },
    async () => app.liveCodes.list(),
  )

  app.post(
    '/live-codes',
    {
      schema: {
        tags,
        summary: 'Create a live code: a WeCom contact way whose guide is chosen add by add',
        security,
        body: CreateLiveCodeRequestSchema,
        response: responses({ 201: LiveCodeSchema }, 401, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.liveCodes.create(request.body)),
  )

  app.get(
    '/live-codes/:id',
    {
      schema: {
        tags,
        summary: 'One live code with its pool and today’s adds per guide',
        security,
        params: LiveCodeIdParamsSchema,
        response: responses({ 200: LiveCodeSchema }, 401, 404),
      },
    },
    async (request) => app.liveCodes.get(request.params.id),
  )

  app.patch(
    '/live-codes/:id',
    {
      schema: {
        tags,
        summary: 'Change a live code; its WeCom contact way follows, the printed QR code stays',
        security,
        params: LiveCodeIdParamsSchema,
        body: UpdateLiveCodeRequestSchema,
        response: responses({ 200: LiveCodeSchema }, 401, 404, 409),
      },
    },
    async (request) => app.liveCodes.update(request.params.id, request.body),
  )

  app.delete(
    '/live-codes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a live code (its QR code stops working; stats stay)',
        security,
        params: LiveCodeIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.liveCodes.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/live-codes/:id/qr-code',
    {
      schema: {
        tags,
        summary: 'The QR code image, as a download',
        security,
        params: LiveCodeIdParamsSchema,
        response: responses({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }, 401, 404),
      },
    },
    async (request, reply) => {
      const image = await app.liveCodes.qrImage(request.params.id)
      return reply
        .type(image.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(image.fileName)}`)
        .send(image.bytes)
    },
  )

  app.get(
    '/live-codes/:id/stats',
    {
      schema: {
        tags,
        summary: 'Adds through a code: in total, per business day, per guide, and how many were later lost',
        security,
        params: LiveCodeIdParamsSchema,
        querystring: LiveCodeStatsQuerySchema,
        response: responses({ 200: LiveCodeStatsSchema }, 401, 404),
      },
    },
    async (request) => app.liveCodes.stats(request.params.id, request.query),
  )

  app.get(
    '/churn',
    {
      schema: {
        tags,
        summary: 'Ended guide relations, newest first: lost (the customer deleted the guide) or removed (the guide deleted them)',
        security,
        querystring: ChurnQuerySchema,
        response: responses({ 200: ChurnPageSchema }, 401),
      },
    },
    async (request) => app.churn.list(request.query),
  )
}

export default liveCodeRoutes
