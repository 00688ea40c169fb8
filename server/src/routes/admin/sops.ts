import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SopInputSchema, SopListSchema, SopParamsSchema, SopSchema, SopStatsSchema } from '@liuliang/shared'
import { responses } from '../responses'

/** Activation SOPs (激活 SOP): the rules, and how each guide kept to them. */
const sopRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'sops']

  app.get(
    '/sops',
    { schema: { tags, summary: 'Every SOP, newest first, with how many entered it', security, response: responses({ 200: SopListSchema }, 401) } },
    async () => ({ items: await app.sops.list() }),
  )

  app.post(
    '/sops',
    {
      schema: {
        tags,
        summary: 'Create an SOP: a trigger, steps (day, time, script) and quiet hours',
        security,
        body: SopInputSchema,
        response: responses({ 201: SopSchema }, 400, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.sops.create(request.body)),
  )

  app.get(
    '/sops/:id',
    { schema: { tags, summary: 'One SOP', security, params: SopParamsSchema, response: responses({ 200: SopSchema }, 401, 404) } },
    async (request) => app.sops.get(request.params.id),
  )

  app.put(
    '/sops/:id',
    {
      schema: {
        tags,
        summary: 'Replace an SOP’s rule (switch it off with enabled: false); who already entered keeps their planned steps',
        security,
        params: SopParamsSchema,
        body: SopInputSchema,
        response: responses({ 200: SopSchema }, 400, 401, 404),
      },
    },
    async (request) => app.sops.replace(request.params.id, request.body),
  )

  app.get(
    '/sops/:id/stats',
    {
      schema: {
        tags,
        summary: 'Steps sent on time, late, missed and still open, by guide',
        security,
        params: SopParamsSchema,
        response: responses({ 200: SopStatsSchema }, 401, 404),
      },
    },
    async (request) => app.sops.stats(request.params.id),
  )
}

export default sopRoutes
