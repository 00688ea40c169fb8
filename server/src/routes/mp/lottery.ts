import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ClaimPrizeRequestSchema,
  CursorQuerySchema,
  DrawIdParamsSchema,
  DrawResponseSchema,
  IdempotencyHeadersSchema,
  LotteryIdParamsSchema,
  LotteryListSchema,
  LotteryViewSchema,
  MyPrizePageSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Lotteries: see, draw, and claim physical prizes. */
const lotteryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/lotteries',
    { schema: { tags: ['mp'], summary: 'Lotteries running or about to start', security, response: responses({ 200: LotteryListSchema }, 401) } },
    async (request) => ({ items: await app.lottery.listVisible(request.principalId()) }),
  )

  app.get(
    '/lotteries/:id',
    {
      schema: {
        tags: ['mp'],
        summary: 'A lottery, its prizes (no stock numbers) and my remaining draws',
        security,
        params: LotteryIdParamsSchema,
        response: responses({ 200: LotteryViewSchema }, 401, 404),
      },
    },
    async (request) => app.lottery.view(request.principalId(), request.params.id),
  )

  app.post(
    '/lotteries/:id/draws',
    {
      // A short per-customer throttle against tapping bursts and scripts; what a customer may draw is held by the draw itself.
      config: { sessionCheckedInUnit: true, rateLimit: { max: 10, timeWindow: 1000, perServer: true, hook: 'preHandler', keyGenerator: (request) => `draw:${request.principalId()}` } },
      schema: {
        tags: ['mp'],
        summary: 'Draw once: free draws first, then points',
        security,
        params: LotteryIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: responses({ 201: DrawResponseSchema }, 401, 404, 409, 429),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.lottery.draw(request.principalId(), request.params.id, request.headers['idempotency-key'])),
  )

  app.get(
    '/lottery-prizes',
    {
      schema: { tags: ['mp'], summary: 'What I have won, newest first', security, querystring: CursorQuerySchema, response: responses({ 200: MyPrizePageSchema }, 401) },
    },
    async (request) => app.lottery.myPrizes(request.principalId(), request.query),
  )

  app.post(
    '/lottery-prizes/:drawId/claim',
    {
      schema: {
        tags: ['mp'],
        summary: 'Claim a physical prize with a shipping address',
        security,
        params: DrawIdParamsSchema,
        body: ClaimPrizeRequestSchema,
        response: responses({ 200: DrawResponseSchema }, 401, 404, 409),
      },
    },
    async (request) => app.lottery.claim(request.principalId(), request.params.drawId, request.body.address),
  )
}

export default lotteryRoutes
