import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminDistributorPageSchema,
  DistributionSettingsSchema,
  DistributorIdParamsSchema,
  DistributorSchema,
  DistributorsQuerySchema,
  RejectRequestSchema,
  WithdrawalIdParamsSchema,
  AdminWithdrawalPageSchema,
  WithdrawalSchema,
  WithdrawalsQuerySchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Distributors, withdrawals and the commission rules. */
const distributionAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/distribution/settings',
    { schema: { tags: ['admin'], summary: 'Commission rates, binding days, settlement window, minimum withdrawal', security, response: responses({ 200: DistributionSettingsSchema }, 401) } },
    async () => app.settings.distributionRules(),
  )

  app.put(
    '/distribution/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the distribution rules',
        security,
        body: DistributionSettingsSchema,
        response: responses({ 200: DistributionSettingsSchema }, 401),
      },
    },
    async (request) => app.settings.updateDistributionRules(request.body),
  )

  app.get(
    '/distributors',
    {
      schema: { tags: ['admin'], summary: 'Distributors with their earnings', security, querystring: DistributorsQuerySchema, response: responses({ 200: AdminDistributorPageSchema }, 401) },
    },
    async (request) => app.distribution.listDistributors(request.query),
  )

  for (const [action, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(
      `/distributors/:distributorId/${action}`,
      {
        schema: {
          tags: ['admin'],
          summary: `${approve ? 'Approve' : 'Reject'} a distributor application`,
          security,
          params: DistributorIdParamsSchema,
          response: responses({ 200: DistributorSchema }, 401, 404, 409),
        },
      },
      async (request) => app.distribution.decideApplication(request.params.distributorId, approve),
    )
  }

  app.get(
    '/withdrawals',
    {
      schema: { tags: ['admin'], summary: 'Withdrawals, newest first, by status', security, querystring: WithdrawalsQuerySchema, response: responses({ 200: AdminWithdrawalPageSchema }, 401) },
    },
    async (request) => app.distribution.listWithdrawals(request.query),
  )

  app.post(
    '/withdrawals/:withdrawalId/approve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Approve a withdrawal: it is paid out',
        security,
        params: WithdrawalIdParamsSchema,
        response: responses({ 200: WithdrawalSchema }, 401, 404, 409),
      },
    },
    async (request) => app.distribution.decideWithdrawal(request.params.withdrawalId, request.principalId(), { approve: true }),
  )

  app.post(
    '/withdrawals/:withdrawalId/reject',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reject a withdrawal: the amount returns to the withdrawable balance',
        security,
        params: WithdrawalIdParamsSchema,
        body: RejectRequestSchema,
        response: responses({ 200: WithdrawalSchema }, 401, 404, 409),
      },
    },
    async (request) => app.distribution.decideWithdrawal(request.params.withdrawalId, request.principalId(), { approve: false, note: request.body.note }),
  )
}

export default distributionAdminRoutes
