import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  GroupTransferListQuerySchema,
  GroupTransferPageSchema,
  GroupTransferRequestSchema,
  GroupTransferResultSchema,
  GuideCustomerPageSchema,
  GuideGroupListSchema,
  GuideCustomersQuerySchema,
  GuideParamsSchema,
  OnJobTransferRequestSchema,
  ResignedGuideListSchema,
  ResignedTransferRequestSchema,
  TakeoverGuideListSchema,
  TransferListQuerySchema,
  TransferPageSchema,
  TransferPreviewSchema,
  TransferRefreshSchema,
  TransferStartedSchema,
  UnassignedSyncSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Customer inheritance: on-the-job hand-overs, resigned guides' customers, and the results of both. */
const inheritanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'inheritance']

  app.get(
    '/inheritance/guides',
    {
      schema: {
        tags,
        summary: 'Guides who can take customers over (not resigned), with how many customers each follows',
        security,
        response: responses({ 200: TakeoverGuideListSchema }, 401),
      },
    },
    async () => app.inheritance.takeoverGuides(),
  )

  app.get(
    '/inheritance/guides/:staffId/customers',
    {
      schema: {
        tags,
        summary: "A guide's customers to pick from (a resigned guide's unassigned ones), each with what stands in the way of a transfer",
        security,
        params: GuideParamsSchema,
        querystring: GuideCustomersQuerySchema,
        response: responses({ 200: GuideCustomerPageSchema }, 401, 404),
      },
    },
    async (request) => app.inheritance.guideCustomers(request.params.staffId, request.query),
  )

  app.post(
    '/inheritance/on-job/preview',
    {
      config: { audit: false, access: { level: 'view' } },
      schema: {
        tags,
        summary: 'Who an on-the-job transfer would hand over and who not, and why (nothing is sent)',
        security,
        body: OnJobTransferRequestSchema,
        response: responses({ 200: TransferPreviewSchema }, 401, 404, 409),
      },
    },
    async (request) => app.inheritance.preview('on_job', request.body),
  )

  app.post(
    '/inheritance/on-job/transfers',
    {
      schema: {
        tags,
        summary: 'Hand customers of a guide to another; WeCom asks the customer and takes over within 24 hours',
        security,
        body: OnJobTransferRequestSchema,
        response: responses({ 201: TransferStartedSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.inheritance.startOnJob(request.body)),
  )

  app.get(
    '/inheritance/guides/:staffId/groups',
    {
      schema: {
        tags,
        summary: 'The customer groups a guide owns, each with what stands in the way of handing it over',
        security,
        params: GuideParamsSchema,
        response: responses({ 200: GuideGroupListSchema }, 401, 404),
      },
    },
    async (request) => app.inheritance.groups.guideGroups(request.params.staffId),
  )

  app.post(
    '/inheritance/groups/transfers',
    {
      schema: {
        tags,
        summary: "Hand a guide's customer groups to another guide (a resigned guide's, or one at work); WeCom answers at once",
        security,
        body: GroupTransferRequestSchema,
        response: responses({ 200: GroupTransferResultSchema }, 401, 404, 409),
      },
    },
    async (request) => app.inheritance.groups.transfer(request.body),
  )

  app.get(
    '/inheritance/group-transfers',
    {
      schema: {
        tags,
        summary: 'Every customer group hand-over, newest first, with WeCom\'s answer',
        security,
        querystring: GroupTransferListQuerySchema,
        response: responses({ 200: GroupTransferPageSchema }, 401),
      },
    },
    async (request) => app.inheritance.groups.list(request.query),
  )

  app.get(
    '/inheritance/resigned',
    {
      schema: {
        tags,
        summary: 'Resigned guides, with how many of their customers wait for a new guide',
        security,
        response: responses({ 200: ResignedGuideListSchema }, 401),
      },
    },
    async () => app.inheritance.resignedGuides(),
  )

  app.post(
    '/inheritance/resigned/sync',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "Read WeCom's list of resigned guides' customers waiting for a new guide",
        security,
        response: responses({ 200: UnassignedSyncSchema }, 401, 429),
      },
    },
    async () => app.inheritance.syncUnassigned(),
  )

  app.post(
    '/inheritance/resigned/preview',
    {
      config: { audit: false, access: { level: 'view' } },
      schema: {
        tags,
        summary: "Who a resigned guide's hand-over would include and who not, and why (nothing is sent)",
        security,
        body: ResignedTransferRequestSchema,
        response: responses({ 200: TransferPreviewSchema }, 401, 404, 409),
      },
    },
    async (request) => app.inheritance.preview('resigned', request.body),
  )

  app.post(
    '/inheritance/resigned/transfers',
    {
      schema: {
        tags,
        summary: "Hand a resigned guide's customers to another guide; WeCom takes over within 24 hours",
        security,
        body: ResignedTransferRequestSchema,
        response: responses({ 201: TransferStartedSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.inheritance.startResigned(request.body)),
  )

  app.get(
    '/inheritance/transfers',
    {
      schema: {
        tags,
        summary: 'Every transfer, newest first, with its status',
        security,
        querystring: TransferListQuerySchema,
        response: responses({ 200: TransferPageSchema }, 401),
      },
    },
    async (request) => app.inheritance.list(request.query),
  )

  app.post(
    '/inheritance/transfers/refresh',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "Ask WeCom now about every waiting transfer (the scheduler does so every 30 minutes)",
        security,
        response: responses({ 200: TransferRefreshSchema }, 401, 429),
      },
    },
    async () => ({ waiting: await app.inheritance.pollResults() }),
  )
}

export default inheritanceRoutes
