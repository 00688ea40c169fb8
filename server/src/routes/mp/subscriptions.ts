import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  SubscriptionGrantsSchema,
  SubscriptionMomentQuerySchema,
  SubscriptionMomentTemplatesSchema,
  SubscriptionResultsRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Subscription messages: which templates to ask for at a moment, and what the customer accepted. */
const subscriptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/subscriptions/templates',
    {
      schema: {
        tags: ['mp'],
        summary: 'The template ids to pass to wx.requestSubscribeMessage at a moment (only those the brand configured)',
        security,
        querystring: SubscriptionMomentQuerySchema,
        response: responses({ 200: SubscriptionMomentTemplatesSchema }, 401),
      },
    },
    async (request) => ({ templateIds: await app.subscriptionMessages.templatesFor(request.query.moment) }),
  )

  app.post(
    '/subscriptions',
    {
      schema: {
        tags: ['mp'],
        summary: "wx.requestSubscribeMessage's answer: each accepted template allows one more message",
        security,
        body: SubscriptionResultsRequestSchema,
        response: responses({ 200: SubscriptionGrantsSchema }, 401),
      },
    },
    async (request) => app.subscriptionMessages.recordResults(request.principalId(), request.body.results),
  )
}

export default subscriptionRoutes
