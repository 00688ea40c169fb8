import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CouponClaimableIdParamsSchema,
  CouponClaimableListSchema,
  CouponClaimableSchema,
  CouponIssueBatchIdParamsSchema,
  CouponIssueBatchListQuerySchema,
  CouponIssueBatchPageSchema,
  CouponIssueBatchSchema,
  CouponStatsListSchema,
  CreateCouponClaimableRequestSchema,
  IdempotencyHeadersSchema,
  IssueCouponBatchRequestSchema,
  UpdateCouponClaimableRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Coupon operations: issuing to an audience, the claim centre, usage statistics. */
const couponOperationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'coupons']

  app.post(
    '/coupon-batches',
    {
      schema: {
        tags,
        summary: "Issue a template's coupon to everyone an audience filter matches, in the background; the same Idempotency-Key answers the first batch",
        security,
        headers: IdempotencyHeadersSchema,
        body: IssueCouponBatchRequestSchema,
        response: responses({ 201: CouponIssueBatchSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.couponBatches.start(request.body, request.headers['idempotency-key'])),
  )

  app.get(
    '/coupon-batches',
    {
      schema: {
        tags,
        summary: 'Audience batches, newest first, with their progress (issued, skipped)',
        security,
        querystring: CouponIssueBatchListQuerySchema,
        response: responses({ 200: CouponIssueBatchPageSchema }, 401),
      },
    },
    async (request) => app.couponBatches.list(request.query),
  )

  app.get(
    '/coupon-batches/:batchId',
    {
      schema: {
        tags,
        summary: 'One audience batch and its progress',
        security,
        params: CouponIssueBatchIdParamsSchema,
        response: responses({ 200: CouponIssueBatchSchema }, 401, 404),
      },
    },
    async (request) => app.couponBatches.get(request.params.batchId),
  )

  app.get(
    '/coupon-claimables',
    {
      schema: {
        tags,
        summary: 'Coupons published in the claim centre (领券中心), newest first, with what has been claimed',
        security,
        response: responses({ 200: CouponClaimableListSchema }, 401),
      },
    },
    async () => ({ items: await app.claimCentre.listAll() }),
  )

  app.post(
    '/coupon-claimables',
    {
      schema: {
        tags,
        summary: "Publish a template's coupon in the claim centre with a total stock, a per-customer limit and a window",
        security,
        body: CreateCouponClaimableRequestSchema,
        response: responses({ 201: CouponClaimableSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.claimCentre.publish(request.body)),
  )

  app.patch(
    '/coupon-claimables/:claimableId',
    {
      schema: {
        tags,
        summary: 'Change a claim-centre coupon: stock (not below what was claimed), limit, window, or take it down',
        security,
        params: CouponClaimableIdParamsSchema,
        body: UpdateCouponClaimableRequestSchema,
        response: responses({ 200: CouponClaimableSchema }, 401, 404, 409),
      },
    },
    async (request) => app.claimCentre.update(request.params.claimableId, request.body),
  )

  app.get(
    '/coupon-stats',
    {
      schema: {
        tags,
        summary: 'Per template: issued by source, used at checkout or in store, expired, use rate and the GMV of orders that used one',
        security,
        response: responses({ 200: CouponStatsListSchema }, 401),
      },
    },
    async () => app.couponStats.perTemplate(),
  )
}

export default couponOperationRoutes
