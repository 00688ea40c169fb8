import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  BindReferralRequestSchema,
  BindReferralResponseSchema,
  CommissionPageSchema,
  CursorQuerySchema,
  DistributorSchema,
  EarningsSchema,
  IdempotencyHeadersSchema,
  MyDistributionSchema,
  TeamSchema,
  WithdrawRequestSchema,
  WithdrawalPageSchema,
  WithdrawalSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** The distributor centre, and binding to a distributor's link. */
const distributionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/distributor',
    { schema: { tags: ['mp'], summary: 'Apply to be a distributor', security, response: responses({ 201: DistributorSchema }, 401) } },
    async (request, reply) => reply.status(201).send(await app.distribution.apply(request.principalId())),
  )

  app.get(
    '/distributor',
    {
      schema: { tags: ['mp'], summary: 'My distributor status, and whose link I am bound to', security, response: responses({ 200: MyDistributionSchema }, 401) },
    },
    async (request) => app.distribution.mine(request.principalId()),
  )

  app.post(
    '/referrals',
    {
      schema: {
        tags: ['mp'],
        summary: "Opened a distributor's link: bind per the rules",
        security,
        body: BindReferralRequestSchema,
        response: responses({ 200: BindReferralResponseSchema }, 401, 404),
      },
    },
    async (request) => app.distribution.bind(request.principalId(), request.body.distributorCode),
  )

  app.get(
    '/distributor/earnings',
    {
      schema: {
        tags: ['mp'],
        summary: 'Frozen, settled, withdrawable and withdrawn commission in fen, with the latest',
        security,
        response: responses({ 200: EarningsSchema }, 401, 404),
      },
    },
    async (request) => app.distribution.earnings(request.principalId()),
  )

  app.get(
    '/distributor/commissions',
    {
      schema: { tags: ['mp'], summary: 'My commissions, newest first', security, querystring: CursorQuerySchema, response: responses({ 200: CommissionPageSchema }, 401, 404) },
    },
    async (request) => app.distribution.commissionsOf(request.principalId(), request.query),
  )

  app.get(
    '/distributor/team',
    { schema: { tags: ['mp'], summary: 'Customers bound to me, and distributors I brought in', security, response: responses({ 200: TeamSchema }, 401, 404) } },
    async (request) => app.distribution.team(request.principalId()),
  )

  app.post(
    '/distributor/withdrawals',
    {
      schema: {
        tags: ['mp'],
        summary: 'Ask to withdraw from the withdrawable balance (an admin approves)',
        security,
        headers: IdempotencyHeadersSchema,
        body: WithdrawRequestSchema,
        response: responses({ 201: WithdrawalSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.distribution.withdraw(request.principalId(), request.body.amountFen, request.headers['idempotency-key'])),
  )

  app.get(
    '/distributor/withdrawals',
    {
      schema: { tags: ['mp'], summary: 'My withdrawals, newest first', security, querystring: CursorQuerySchema, response: responses({ 200: WithdrawalPageSchema }, 401, 404) },
    },
    async (request) => app.distribution.myWithdrawals(request.principalId(), request.query),
  )

  app.get(
    '/distributor/share-code',
    {
      schema: {
        tags: ['mp'],
        summary: 'My mini-program code for the share poster (image)',
        security,
        response: responses({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }, 401, 404, 502),
      },
    },
    async (request, reply) => {
      const { contentType, bytes } = await app.distribution.shareCode(request.principalId())
      return reply.type(contentType).send(bytes)
    },
  )
}

export default distributionRoutes
