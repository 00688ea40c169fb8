import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdjustPointsRequestSchema,
  AdminPointsEntrySchema,
  AdminPointsLedgerPageSchema,
  CheckInSettingsSchema,
  CouponIdParamsSchema,
  CouponSchema,
  CouponTemplateIdParamsSchema,
  CouponTemplateListSchema,
  CouponTemplateSchema,
  CreateCouponTemplateRequestSchema,
  CreateMallItemRequestSchema,
  ExpiringCouponPageSchema,
  ExpiringCouponsQuerySchema,
  IssueCouponRequestSchema,
  MallItemIdParamsSchema,
  MallItemListSchema,
  MallItemSchema,
  UpdateCouponTemplateRequestSchema,
  UpdateMallItemRequestSchema,
  UseCouponRequestSchema,
  AdminRedemptionPageSchema,
  AdminRedemptionsQuerySchema,
  RedemptionIdParamsSchema,
  RedemptionSchema,
  ShipRedemptionRequestSchema,
  CursorQuerySchema,
  CustomerIdParamsSchema,
  IdempotencyHeadersSchema,
  LevelSettingsSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Loyalty configuration (check-in rules, levels, coupons, mall) and points adjustments. */
const loyaltyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers/:customerId/points',
    {
      schema: {
        tags: ['admin'],
        summary: "Adjust a customer's points, with the reason kept for audit",
        security,
        params: CustomerIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: AdjustPointsRequestSchema,
        response: responses({ 201: AdminPointsEntrySchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await app.points.adjust(request.principalId(), request.params.customerId, request.body, request.headers['idempotency-key'])),
  )

  app.get(
    '/customers/:customerId/points/ledger',
    {
      schema: {
        tags: ['admin'],
        summary: "A customer's points history with who adjusted and why",
        security,
        params: CustomerIdParamsSchema,
        querystring: CursorQuerySchema,
        response: responses({ 200: AdminPointsLedgerPageSchema }, 401),
      },
    },
    async (request) => app.points.ledgerForAdmin(request.params.customerId, request.query),
  )

  app.get(
    '/loyalty/checkin-rules',
    {
      schema: {
        tags: ['admin'],
        summary: 'Check-in reward ladder and make-up rules',
        security,
        response: responses({ 200: CheckInSettingsSchema }, 401),
      },
    },
    async () => app.settings.checkinRules(),
  )

  app.put(
    '/loyalty/checkin-rules',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the check-in reward ladder and make-up rules',
        security,
        body: CheckInSettingsSchema,
        response: responses({ 200: CheckInSettingsSchema }, 401),
      },
    },
    async (request) => app.settings.updateCheckinRules(request.body),
  )

  app.get(
    '/loyalty/levels',
    {
      schema: {
        tags: ['admin'],
        summary: 'Member levels V1–V5: growth thresholds and privileges',
        security,
        response: responses({ 200: LevelSettingsSchema }, 401),
      },
    },
    async () => app.settings.levelSettings(),
  )

  app.put(
    '/loyalty/levels',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the member levels',
        security,
        body: LevelSettingsSchema,
        response: responses({ 200: LevelSettingsSchema }, 401),
      },
    },
    async (request) => app.settings.updateLevels(request.body),
  )

  app.get(
    '/coupon-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Coupon templates, newest first',
        security,
        response: responses({ 200: CouponTemplateListSchema }, 401),
      },
    },
    async () => ({ items: await app.coupons.listTemplates() }),
  )

  app.post(
    '/coupon-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a coupon template (amount off or discount, threshold, validity)',
        security,
        body: CreateCouponTemplateRequestSchema,
        response: responses({ 201: CouponTemplateSchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.coupons.createTemplate(request.body)),
  )

  app.patch(
    '/coupon-templates/:templateId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a coupon template; coupons already issued keep their terms',
        security,
        params: CouponTemplateIdParamsSchema,
        body: UpdateCouponTemplateRequestSchema,
        response: responses({ 200: CouponTemplateSchema }, 401, 404),
      },
    },
    async (request) => app.coupons.updateTemplate(request.params.templateId, request.body),
  )

  app.post(
    '/customers/:customerId/coupons',
    {
      schema: {
        tags: ['admin'],
        summary: 'Give a customer a coupon',
        security,
        params: CustomerIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: IssueCouponRequestSchema,
        response: responses({ 201: CouponSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await app.coupons.issueByAdmin(request.params.customerId, request.body.templateId, request.headers['idempotency-key'])),
  )

  app.post(
    '/coupons/:couponId/use',
    {
      schema: {
        tags: ['admin'],
        summary: 'Mark a coupon used (核销)',
        security,
        params: CouponIdParamsSchema,
        body: UseCouponRequestSchema,
        response: responses({ 200: CouponSchema }, 401, 404, 409),
      },
    },
    async (request) => app.coupons.use(request.params.couponId, request.body.orderRef),
  )

  app.get(
    '/coupons/expiring',
    {
      schema: {
        tags: ['admin'],
        summary: 'Unused coupons ending within the next days, with their customers',
        security,
        querystring: ExpiringCouponsQuerySchema,
        response: responses({ 200: ExpiringCouponPageSchema }, 401),
      },
    },
    async (request) => app.coupons.expiringSoon(request.query),
  )

  app.get(
    '/mall/items',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every points-mall item, newest first',
        security,
        response: responses({ 200: MallItemListSchema }, 401),
      },
    },
    async () => ({ items: await app.mall.listAll() }),
  )

  app.post(
    '/mall/items',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a points-mall item (a coupon or a physical gift)',
        security,
        body: CreateMallItemRequestSchema,
        response: responses({ 201: MallItemSchema }, 401),
      },
    },
    async (request, reply) => reply.status(201).send(await app.mall.createItem(request.body)),
  )

  app.patch(
    '/mall/items/:itemId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a points-mall item (price, stock, window, on or off sale)',
        security,
        params: MallItemIdParamsSchema,
        body: UpdateMallItemRequestSchema,
        response: responses({ 200: MallItemSchema }, 401, 404),
      },
    },
    async (request) => app.mall.updateItem(request.params.itemId, request.body),
  )

  app.get(
    '/mall/redemptions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Redemptions by status; by default the physical gifts waiting to be shipped',
        security,
        querystring: AdminRedemptionsQuerySchema,
        response: responses({ 200: AdminRedemptionPageSchema }, 401),
      },
    },
    async (request) => app.mall.listRedemptions(request.query),
  )

  app.post(
    '/mall/redemptions/:redemptionId/ship',
    {
      schema: {
        tags: ['admin'],
        summary: 'Mark a physical gift shipped, with its tracking number',
        security,
        params: RedemptionIdParamsSchema,
        body: ShipRedemptionRequestSchema,
        response: responses({ 200: RedemptionSchema }, 401, 404, 409),
      },
    },
    async (request) => app.mall.ship(request.params.redemptionId, request.body.trackingNo),
  )
}

export default loyaltyRoutes
