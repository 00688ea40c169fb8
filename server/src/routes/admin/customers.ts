import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Customer360Schema,
  CursorQuerySchema,
  CustomerIdParamsSchema,
  CustomerMatchesSchema,
  CustomerPhoneQuerySchema,
  CustomerRecommendationsSchema,
  FollowUpPageSchema,
  TimelinePageSchema,
  TimelineQuerySchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** The customer 360 view as the console reads it: any customer by id, read-only. */
const customerAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/by-phone',
    {
      schema: {
        tags: ['admin'],
        summary: 'The customers whose phone (as guides saved it) is this number',
        security: [{ bearer: [] }],
        querystring: CustomerPhoneQuerySchema,
        response: responses({ 200: CustomerMatchesSchema }, 401),
      },
    },
    async (request) => app.customer360.findByPhone(request.query.phone),
  )

  app.get(
    '/customers/:customerId',
    {
      config: { access: { scope: 'filtered' } },
      schema: {
        tags: ['admin'],
        summary: 'The customer 360 view, as guides see it in the sidebar (without reminders)',
        security: [{ bearer: [] }],
        params: CustomerIdParamsSchema,
        response: responses({ 200: Customer360Schema }, 401, 404),
      },
    },
    async (request) => app.customer360.viewById(request.params.customerId),
  )

  app.get(
    '/customers/:customerId/recommendations',
    {
      config: { access: { area: 'customers', scope: 'filtered' } },
      schema: {
        tags: ['admin'],
        summary: "The customer's likely next purchases with the reason, and how the product cards guides sent them went",
        security: [{ bearer: [] }],
        params: CustomerIdParamsSchema,
        response: responses({ 200: CustomerRecommendationsSchema }, 401, 404),
      },
    },
    async (request) => app.recommendations.forCustomer(request.params.customerId),
  )

  app.get(
    '/customers/:customerId/timeline',
    {
      config: { access: { scope: 'filtered' } },
      schema: {
        tags: ['admin'],
        summary: 'More of the customer timeline, newest first',
        security: [{ bearer: [] }],
        params: CustomerIdParamsSchema,
        querystring: TimelineQuerySchema,
        response: responses({ 200: TimelinePageSchema }, 401, 404),
      },
    },
    async (request) => app.customer360.timelineById(request.params.customerId, request.query),
  )

  app.get(
    '/customers/:customerId/follow-ups',
    {
      config: { access: { scope: 'filtered' } },
      schema: {
        tags: ['admin'],
        summary: "More of every guide's follow-up notes on the customer, newest first",
        security: [{ bearer: [] }],
        params: CustomerIdParamsSchema,
        querystring: CursorQuerySchema,
        response: responses({ 200: FollowUpPageSchema }, 401, 404),
      },
    },
    async (request) => app.followUps.listById(request.params.customerId, request.query),
  )
}

export default customerAdminRoutes
