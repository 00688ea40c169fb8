import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RedeemInStoreRequestSchema, RedemptionCodeQuerySchema, StoreCouponSchema } from '@liuliang/shared'
import { responses } from '../responses'

/** In-store redemption (核销) by a guide, of their own customers' coupons. */
const couponRedemptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  // A code has check digits; a guide typing codes at random is slowed down long before one matches.
  const rateLimit = { max: 30, timeWindow: '1 minute' }

  app.get(
    '/coupon-redemptions/preview',
    {
      config: { rateLimit },
      schema: {
        tags: ['sidebar'],
        summary: 'The coupon a redemption code names, with its owner, before redeeming it',
        security,
        querystring: RedemptionCodeQuerySchema,
        response: responses({ 200: StoreCouponSchema }, 401, 403, 404, 429),
      },
    },
    async (request) => app.storeRedemptions.preview(request.staffMember, request.query.redemptionCode),
  )

  app.post(
    '/coupon-redemptions',
    {
      config: { rateLimit },
      schema: {
        tags: ['sidebar'],
        summary: "Redeem a customer's coupon in store, once; a second submission gets 409 COUPON_ALREADY_REDEEMED",
        security,
        body: RedeemInStoreRequestSchema,
        response: responses({ 201: StoreCouponSchema }, 401, 403, 404, 409, 429),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.storeRedemptions.redeem(request.staffMember, request.body.redemptionCode, request.body.store)),
  )
}

export default couponRedemptionRoutes
