import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminLotteryListSchema,
  AdminLotterySchema,
  CreateLotteryRequestSchema,
  LotteryIdParamsSchema,
  LotteryStatsSchema,
  UpdateLotteryRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Lotteries and their prizes, and how they are doing. */
const lotteryAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/lotteries',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a lottery with its prizes',
        security,
        body: CreateLotteryRequestSchema,
        response: responses({ 201: AdminLotterySchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.lottery.create(request.body)),
  )

  app.get(
    '/lotteries',
    { schema: { tags: ['admin'], summary: 'Every lottery', security, response: responses({ 200: AdminLotteryListSchema }, 401) } },
    async () => ({ items: await app.lottery.listAll() }),
  )

  app.patch(
    '/lotteries/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename, extend or switch off a lottery',
        security,
        params: LotteryIdParamsSchema,
        body: UpdateLotteryRequestSchema,
        response: responses({ 200: AdminLotterySchema }, 401, 404),
      },
    },
    async (request) => app.lottery.update(request.params.id, request.body),
  )

  app.get(
    '/lotteries/:id/stats',
    {
      schema: {
        tags: ['admin'],
        summary: 'Draws, participants, points spent, winners per prize and stock left',
        security,
        params: LotteryIdParamsSchema,
        response: responses({ 200: LotteryStatsSchema }, 401, 404),
      },
    },
    async (request) => app.lottery.stats(request.params.id),
  )
}

export default lotteryAdminRoutes
