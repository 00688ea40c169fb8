import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateMomentRequestSchema,
  MomentInteractionPageSchema,
  MomentPageQuerySchema,
  MomentPostParamsSchema,
  MomentReachPageSchema,
  MomentTaskDetailSchema,
  MomentTaskListQuerySchema,
  MomentTaskPageSchema,
  MomentTaskParamsSchema,
  RemindMomentRequestSchema,
  RemindMomentResponseSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Customer moments (客户朋友圈): tasks, each guide's post, reach, likes and comments, reminders. */
const momentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'moments']

  app.get(
    '/moments',
    {
      schema: {
        tags,
        summary: 'Moment tasks, newest first, with how many guides published and the customers reached',
        security,
        querystring: MomentTaskListQuerySchema,
        response: responses({ 200: MomentTaskPageSchema }, 401),
      },
    },
    async (request) => app.moments.list(request.query),
  )

  app.post(
    '/moments',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Create a moment task in WeCom (add_moment_task): words and 9 images, 1 video or 1 link, for guides and customer tags',
        security,
        body: CreateMomentRequestSchema,
        response: responses({ 201: MomentTaskDetailSchema }, 400, 401, 429, 502),
      },
    },
    async (request, reply) => reply.status(201).send(await app.moments.create(request.body)),
  )

  app.get(
    '/moments/:id',
    {
      schema: {
        tags,
        summary: 'One moment task with each guide’s post: published, reminders, reach, likes and comments',
        security,
        params: MomentTaskParamsSchema,
        response: responses({ 200: MomentTaskDetailSchema }, 401, 404),
      },
    },
    async (request) => app.moments.detail(request.params.id),
  )

  app.post(
    '/moments/:id/sync',
    {
      config: { rateLimit: { max: 12, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Read the task from WeCom now (it also runs on a timer)',
        security,
        params: MomentTaskParamsSchema,
        response: responses({ 200: MomentTaskDetailSchema }, 401, 404, 429, 502),
      },
    },
    async (request) => app.moments.sync(request.params.id),
  )

  app.post(
    '/moments/:id/reminders',
    {
      config: { rateLimit: { max: 12, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Remind the guides who have not published it (all, or those named) by app message',
        security,
        params: MomentTaskParamsSchema,
        body: RemindMomentRequestSchema,
        response: responses({ 200: RemindMomentResponseSchema }, 400, 401, 404, 429, 502),
      },
    },
    async (request) => app.moments.remind(request.params.id, request.body.staffUserIds),
  )

  app.get(
    '/moments/:id/posts/:staffUserId/customers',
    {
      schema: {
        tags,
        summary: 'The customers one guide’s post reaches',
        security,
        params: MomentPostParamsSchema,
        querystring: MomentPageQuerySchema,
        response: responses({ 200: MomentReachPageSchema }, 401),
      },
    },
    async (request) => app.moments.reach(request.params.id, request.params.staffUserId, request.query),
  )

  app.get(
    '/moments/:id/interactions',
    {
      schema: {
        tags,
        summary: 'Likes and comments on the task’s posts, newest first',
        security,
        params: MomentTaskParamsSchema,
        querystring: MomentPageQuerySchema,
        response: responses({ 200: MomentInteractionPageSchema }, 401, 404),
      },
    },
    async (request) => app.moments.interactions(request.params.id, request.query),
  )
}

export default momentRoutes
