import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  FissionActivityIdParamsSchema,
  FissionPosterParamsSchema,
  MpFissionActivityListSchema,
  MpFissionActivitySchema,
  MpFissionPosterSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['mp', 'fission']

/** Task fission (任务宝) in the mini-program: join, the personal poster, progress, and shared posters. */
const fissionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/fission-activities',
    { schema: { tags, summary: 'Running fission activities and those I joined, with my progress', security, response: responses({ 200: MpFissionActivityListSchema }, 401) } },
    async (request) => app.fission.listForCustomer(request.principalId()),
  )

  app.get(
    '/fission-activities/:id',
    {
      schema: {
        tags,
        summary: 'One fission activity with my progress, poster code and the friends who counted',
        security,
        params: FissionActivityIdParamsSchema,
        response: responses({ 200: MpFissionActivitySchema }, 401, 404),
      },
    },
    async (request) => app.fission.detail(request.principalId(), request.params.id),
  )

  app.post(
    '/fission-activities/:id/participation',
    {
      // Each join may open a contact way in WeCom.
      config: { rateLimit: { max: 10, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: (request) => `fission-join:${request.principalId()}` } },
      schema: {
        tags,
        summary: 'Join: my own contact way for my poster (joining again answers the same)',
        security,
        params: FissionActivityIdParamsSchema,
        response: responses({ 201: MpFissionActivitySchema }, 401, 404, 409, 429),
      },
    },
    async (request, reply) => reply.status(201).send(await app.fission.join(request.principalId(), request.params.id)),
  )

  app.post(
    '/fission-posters/:posterCode/views',
    {
      schema: {
        tags,
        summary: 'Open a poster (mine or one shared with me): counted as a view',
        security,
        params: FissionPosterParamsSchema,
        response: responses({ 201: MpFissionPosterSchema }, 401, 404),
      },
    },
    async (request, reply) => reply.status(201).send(await app.fission.viewPoster(request.principalId(), request.params.posterCode)),
  )
}

export default fissionRoutes
