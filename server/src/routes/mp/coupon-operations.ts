import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ClaimCentreSchema,
  ClaimCouponResponseSchema,
  CouponClaimableIdParamsSchema,
  CouponIdParamsSchema,
  IdempotencyHeadersSchema,
  MyCouponDetailSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** The claim centre (领券中心) and a coupon's redemption code. */
const couponOperationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]

  app.get(
    '/coupon-centre',
    {
      schema: {
        tags: ['mp'],
        summary: 'Coupons to claim: open or coming, with how many I have claimed',
        security,
        response: responses({ 200: ClaimCentreSchema }, 401),
      },
    },
    async (request) => app.claimCentre.centreFor(request.principalId()),
  )

  app.post(
    '/coupon-centre/:claimableId/claims',
    {
      schema: {
        tags: ['mp'],
        summary: 'Claim one coupon; the same Idempotency-Key answers the coupon it gave. 409 CLAIM_SOLD_OUT, CLAIM_LIMIT_REACHED, CLAIM_NOT_STARTED, CLAIM_ENDED',
        security,
        params: CouponClaimableIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: responses({ 201: ClaimCouponResponseSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.claimCentre.claim(request.principalId(), request.params.claimableId, request.headers['idempotency-key'])),
  )

  app.get(
    '/coupons/:couponId',
    {
      schema: {
        tags: ['mp'],
        summary: 'One of my coupons with its redemption code (digits and QR) for in-store use',
        security,
        params: CouponIdParamsSchema,
        response: responses({ 200: MyCouponDetailSchema }, 401, 404),
      },
    },
    async (request) => app.storeRedemptions.detailFor(request.principalId(), request.params.couponId),
  )
}

export default couponOperationRoutes
