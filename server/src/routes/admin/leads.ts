import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  LEAD_KINDS,
  LeadKindParamsSchema,
  LeadListQuerySchema,
  LeadPageSchema,
  LeadRuleInputSchema,
  LeadRuleListSchema,
  LeadRuleSchema,
  LeadStatsQuerySchema,
  LeadStatsSchema,
  RecommendationStatsQuerySchema,
  RecommendationStatsSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin', 'leads']

/** The lead centre (线索): rules, leads per guide, conversion, a run on demand, and how often recommendations were bought. */
const leadAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/lead-rules',
    { schema: { tags, summary: 'The rule of each kind of lead: on or off, its N days, the conversion window and the suggested script', security, response: responses({ 200: LeadRuleListSchema }, 401) } },
    async () => ({ items: await app.leads.rules() }),
  )

  app.put(
    '/lead-rules/:kind',
    {
      schema: {
        tags,
        summary: 'Change the rule of one kind of lead; the next daily run follows it',
        security,
        params: LeadKindParamsSchema,
        body: LeadRuleInputSchema,
        response: responses({ 200: LeadRuleSchema }, 400, 401),
      },
    },
    async (request) => app.leads.updateRule(request.params.kind, request.body),
  )

  app.get(
    '/leads',
    {
      schema: { tags, summary: 'Leads, newest first, by guide, kind and status', security, querystring: LeadListQuerySchema, response: responses({ 200: LeadPageSchema }, 401) },
    },
    async (request) => app.leads.list(request.query),
  )

  app.get(
    '/leads/stats',
    {
      schema: {
        tags,
        summary: 'Leads created in a date range per guide and kind: contacted, and converted by a paid order within the window',
        security,
        querystring: LeadStatsQuerySchema,
        response: responses({ 200: LeadStatsSchema }, 400, 401),
      },
    },
    async (request) => app.leads.stats(request.query),
  )

  app.post(
    '/leads/generate',
    {
      schema: {
        tags,
        summary: "Run today's lead generation now (it also runs every morning); leads already found are not found again",
        security,
        response: responses({ 200: Type.Object({ created: Type.Object(Object.fromEntries(LEAD_KINDS.map((kind) => [kind, Type.Integer()]))) }) }, 401),
      },
    },
    async () => ({ created: await app.leads.generateNow() }),
  )

  app.get(
    '/recommendations/stats',
    {
      schema: {
        tags,
        summary: 'Product cards guides sent from recommendations in a date range, and how many the customer then bought',
        security,
        querystring: RecommendationStatsQuerySchema,
        response: responses({ 200: RecommendationStatsSchema }, 400, 401),
      },
    },
    async (request) => app.recommendations.stats(request.query),
  )
}

export default leadAdminRoutes
