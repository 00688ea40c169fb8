import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  LeadParamsSchema,
  LeadSchema,
  LeadStatusRequestSchema,
  RecommendationSendParamsSchema,
  SendRecommendationRequestSchema,
  SendRecommendationResponseSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** A guide works their leads (listed in /todos) and sends the product cards the 360 view recommends. */
const leadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/leads/:leadId/status',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Mark one of my leads contacted, converted or closed',
        security: [{ bearer: [] }],
        params: LeadParamsSchema,
        body: LeadStatusRequestSchema,
        response: responses({ 200: LeadSchema }, 401, 404, 409),
      },
    },
    async (request) => app.leads.move(request.staffMember, request.params.leadId, request.body.status),
  )

  app.post(
    '/customers/:externalUserId/recommendations/:productId/sends',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'The product card of a recommendation to send into the chat; the send is recorded once per request id',
        security: [{ bearer: [] }],
        params: RecommendationSendParamsSchema,
        body: SendRecommendationRequestSchema,
        response: responses({ 200: SendRecommendationResponseSchema }, 401, 403, 404, 409),
      },
    },
    async (request) => app.recommendations.send(request.staffMember, request.params.externalUserId, request.params.productId, request.body),
  )
}

export default leadRoutes
