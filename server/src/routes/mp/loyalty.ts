import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CheckInMonthQuerySchema,
  CheckInMonthSchema,
  CheckInResponseSchema,
  CursorQuerySchema,
  IdempotencyHeadersSchema,
  CouponPageSchema,
  MakeupRequestSchema,
  MallItemDetailSchema,
  MallItemIdParamsSchema,
  MallItemListSchema,
  MyCouponsQuerySchema,
  RedeemRequestSchema,
  RedeemResponseSchema,
  RedemptionPageSchema,
  MakeupResponseSchema,
  PointsLedgerPageSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Check-in, points, coupons and the points mall, for the signed-in consumer. */
const loyaltyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/checkins',
    {
      config: { sessionCheckedInUnit: true },
      schema: {
        tags: ['mp'],
        summary: "Check in for today (once per business day)",
        security,
        headers: IdempotencyHeadersSchema,
        response: responses({ 201: CheckInResponseSchema }, 401, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.checkins.checkIn(request.principalId(), request.headers['idempotency-key'])),
  )

  app.post(
    '/checkins/makeup',
    {
      schema: {
        tags: ['mp'],
        summary: 'Make up a missed day (补签) for points',
        security,
        headers: IdempotencyHeadersSchema,
        body: MakeupRequestSchema,
        response: responses({ 201: MakeupResponseSchema }, 401, 409),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await app.checkins.makeUp(request.principalId(), request.body.date, request.headers['idempotency-key'])),
  )

  app.get(
    '/checkins',
    {
      schema: {
        tags: ['mp'],
        summary: "A month's check-in calendar, streak and next rewards",
        security,
        querystring: CheckInMonthQuerySchema,
        response: responses({ 200: CheckInMonthSchema }, 401),
      },
    },
    async (request) => app.checkins.month(request.principalId(), request.query.month),
  )

  app.get(
    '/points/ledger',
    {
      schema: {
        tags: ['mp'],
        summary: 'Points history, newest first',
        security,
        querystring: CursorQuerySchema,
        response: responses({ 200: PointsLedgerPageSchema }, 401),
      },
    },
    async (request) => app.points.ledger(request.principalId(), request.query),
  )

  app.get(
    '/coupons',
    {
      schema: {
        tags: ['mp'],
        summary: 'My coupons: available, used or expired',
        security,
        querystring: MyCouponsQuerySchema,
        response: responses({ 200: CouponPageSchema }, 401),
      },
    },
    async (request) => app.coupons.listMine(request.principalId(), request.query),
  )

  app.get(
    '/mall/items',
    {
      schema: {
        tags: ['mp'],
        summary: 'Points mall: items on sale',
        security,
        response: responses({ 200: MallItemListSchema }, 401),
      },
    },
    async () => ({ items: await app.mall.listOnSale() }),
  )

  app.get(
    '/mall/items/:itemId',
    {
      schema: {
        tags: ['mp'],
        summary: 'One mall item, and whether I can redeem it now',
        security,
        params: MallItemIdParamsSchema,
        response: responses({ 200: MallItemDetailSchema }, 401, 404),
      },
    },
    async (request) => app.mall.detail(request.principalId(), request.params.itemId),
  )

  app.post(
    '/mall/items/:itemId/redemptions',
    {
      schema: {
        tags: ['mp'],
        summary: 'Redeem an item for points (physical items need an address)',
        security,
        params: MallItemIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: RedeemRequestSchema,
        response: responses({ 201: RedeemResponseSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await app.mall.redeem(request.principalId(), request.params.itemId, request.body.address, request.headers['idempotency-key']),
        ),
  )

  app.get(
    '/mall/redemptions',
    {
      schema: {
        tags: ['mp'],
        summary: 'My redemptions, newest first',
        security,
        querystring: CursorQuerySchema,
        response: responses({ 200: RedemptionPageSchema }, 401),
      },
    },
    async (request) => app.mall.myRedemptions(request.principalId(), request.query),
  )
}

export default loyaltyRoutes
