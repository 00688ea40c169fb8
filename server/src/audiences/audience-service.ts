import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AudienceFilter, CustomerPage } from '@liuliang/shared'
import { audienceCondition } from './audience-filter'

/** Audiences for lists, counts and, later, broadcasts and lottery eligibility: one filter, one evaluation. */
export function createAudienceService(app: FastifyInstance) {
  return {
    count: (filter: AudienceFilter): number => app.customers.countWhere(audienceCondition(filter)),
    list: (filter: AudienceFilter, page: { cursor?: string; limit?: number }): CustomerPage =>
      app.customers.listAll(page, audienceCondition(filter)),
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    audiences: ReturnType<typeof createAudienceService>
  }
}

export default fp(
  async (app) => {
    app.decorate('audiences', createAudienceService(app))
  },
  { name: 'audiences', dependencies: ['customers'] },
)
