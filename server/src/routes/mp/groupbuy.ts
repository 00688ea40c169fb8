import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CampaignIdParamsSchema,
  CursorQuerySchema,
  GroupIdParamsSchema,
  GroupOrderResponseSchema,
  GroupViewPageSchema,
  GroupViewSchema,
  GroupbuyCampaignListSchema,
  GroupbuyDetailSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Group-buy: campaigns, opening and joining groups. */
const groupbuyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/groupbuys',
    { schema: { tags: ['mp'], summary: 'Group-buy campaigns on sale', security, response: responses({ 200: GroupbuyCampaignListSchema }, 401) } },
    async () => ({ items: await app.groupbuy.listActive() }),
  )

  app.get(
    '/groupbuys/:campaignId',
    {
      schema: {
        tags: ['mp'],
        summary: 'A campaign and the groups waiting for members',
        security,
        params: CampaignIdParamsSchema,
        response: responses({ 200: GroupbuyDetailSchema }, 401, 404),
      },
    },
    async (request) => app.groupbuy.detail(request.principalId(), request.params.campaignId),
  )

  app.post(
    '/groupbuys/:campaignId/groups',
    {
      schema: {
        tags: ['mp'],
        summary: "Open a group; the leader's order opens it once paid",
        security,
        params: CampaignIdParamsSchema,
        response: responses({ 201: GroupOrderResponseSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.groupbuy.openGroup(request.principalId(), request.params.campaignId)),
  )

  app.get(
    '/groupbuy-groups',
    {
      schema: { tags: ['mp'], summary: 'Groups I opened or joined, newest first', security, querystring: CursorQuerySchema, response: responses({ 200: GroupViewPageSchema }, 401) },
    },
    async (request) => app.groupbuy.myGroups(request.principalId(), request.query),
  )

  app.get(
    '/groupbuy-groups/:groupId',
    {
      schema: {
        tags: ['mp'],
        summary: 'A group: members, seats left, deadline, status',
        security,
        params: GroupIdParamsSchema,
        response: responses({ 200: GroupViewSchema }, 401, 404),
      },
    },
    async (request) => app.groupbuy.viewGroup(request.principalId(), request.params.groupId),
  )

  app.post(
    '/groupbuy-groups/:groupId/members',
    {
      config: { sessionCheckedInUnit: true },
      schema: {
        tags: ['mp'],
        summary: 'Join a group: a seat is held for a few minutes until the order is paid',
        security,
        params: GroupIdParamsSchema,
        response: responses({ 201: GroupOrderResponseSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.groupbuy.joinGroup(request.principalId(), request.params.groupId)),
  )
}

export default groupbuyRoutes
