import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  RfmRecomputeResultSchema,
  RfmSettingsSchema,
  RfmSuggestionQuerySchema,
  RfmSuggestionSchema,
  RfmSummaryQuerySchema,
  RfmSummarySchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** RFM segments: the brand's thresholds, the suggestion from medians, sizes and moves per day, and a run on demand. */
const rfmAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/rfm/settings',
    { schema: { tags: ['admin'], summary: 'RFM thresholds: window, recency, frequency, monetary and whether M is the total or the average', security, response: responses({ 200: RfmSettingsSchema }, 401) } },
    async () => app.rfm.settings(),
  )

  app.put(
    '/rfm/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the RFM thresholds; segments are recomputed at once',
        security,
        body: RfmSettingsSchema,
        response: responses({ 200: RfmSettingsSchema }, 401),
      },
    },
    async (request) => app.rfm.updateSettings(request.body),
  )

  app.get(
    '/rfm/suggestion',
    {
      schema: {
        tags: ['admin'],
        summary: "Thresholds at the medians of the brand's buyers",
        security,
        querystring: RfmSuggestionQuerySchema,
        response: responses({ 200: RfmSuggestionSchema }, 401),
      },
    },
    async (request) => app.rfm.suggest(request.query),
  )

  app.get(
    '/rfm/summary',
    {
      schema: {
        tags: ['admin'],
        summary: 'Segment sizes now, and sizes and moves between segments per day for a date range',
        security,
        querystring: RfmSummaryQuerySchema,
        response: responses({ 200: RfmSummarySchema }, 401),
      },
    },
    async (request) => app.rfm.summary(request.query),
  )

  app.post(
    '/rfm/recompute',
    { schema: { tags: ['admin'], summary: "Recompute every customer's segment now (today's daily run)", security, response: responses({ 200: RfmRecomputeResultSchema }, 401) } },
    async () => app.rfm.recomputeNow(),
  )
}

export default rfmAdminRoutes
