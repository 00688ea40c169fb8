import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminGroupbuyCampaignListSchema,
  CampaignIdParamsSchema,
  CreateGroupbuyRequestSchema,
  CursorQuerySchema,
  GroupViewPageSchema,
  GroupbuyCampaignSchema,
  UpdateGroupbuyRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Group-buy campaigns. */
const groupbuyAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/groupbuys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a group-buy campaign on a product',
        security,
        body: CreateGroupbuyRequestSchema,
        response: responses({ 201: GroupbuyCampaignSchema }, 401, 404),
      },
    },
    async (request, reply) => reply.status(201).send(await app.groupbuy.createCampaign(request.body)),
  )

  app.get(
    '/groupbuys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every group-buy campaign with its open, succeeded and failed groups counted',
        security,
        response: responses({ 200: AdminGroupbuyCampaignListSchema }, 401),
      },
    },
    async () => ({ items: await app.groupbuy.listForAdmin() }),
  )

  app.get(
    '/groupbuys/:campaignId/groups',
    {
      schema: {
        tags: ['admin'],
        summary: "A campaign's groups with their members and status, newest first",
        security,
        params: CampaignIdParamsSchema,
        querystring: CursorQuerySchema,
        response: responses({ 200: GroupViewPageSchema }, 401, 404),
      },
    },
    async (request) => app.groupbuy.groupsOf(request.params.campaignId, request.query),
  )

  app.patch(
    '/groupbuys/:campaignId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change stock, end or switch off a campaign',
        security,
        params: CampaignIdParamsSchema,
        body: UpdateGroupbuyRequestSchema,
        response: responses({ 200: GroupbuyCampaignSchema }, 401, 404),
      },
    },
    async (request) => app.groupbuy.updateCampaign(request.params.campaignId, request.body),
  )
}

export default groupbuyAdminRoutes
