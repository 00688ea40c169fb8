import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdjustPointsRequestSchema,
  AdminPointsEntrySchema,
  AdminPointsLedgerPageSchema,
  CheckInSettingsSchema,
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
        .send(app.points.adjust(request.principalId(), request.params.customerId, request.body, request.headers['idempotency-key'])),
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
}

export default loyaltyRoutes
