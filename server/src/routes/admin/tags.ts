import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CreateTagRequestSchema,
  PutTagRuleRequestSchema,
  RenameTagRequestSchema,
  TagGroupListSchema,
  TagGroupSchema,
  TagIdParamsSchema,
  TagPickerListSchema,
  TagRuleActivityParamsSchema,
  TagRuleListSchema,
  TagRuleSchema,
  TagSchema,
  UpdateTagGroupRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Tags and tag groups, mirrored with WeCom corp tags, and the automatic tag rules. */
const tagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearer: [] }]
  const tags = ['admin', 'tags']

  app.get(
    '/tags',
    {
      config: { access: { scope: 'none' } },
      schema: { tags, summary: 'Every tag group with its tags', security, response: responses({ 200: TagGroupListSchema }, 401) },
    },
    async () => app.tags.listGroups(),
  )

  app.get(
    '/tag-choices',
    {
      config: { access: { scope: 'none' } },
      schema: {
        tags,
        summary: 'Every tag group with its tags, without counts: for the pickers of filters and editors',
        security,
        response: responses({ 200: TagPickerListSchema }, 401),
      },
    },
    async () => app.tags.listTagChoices(),
  )

  app.post(
    '/tags',
    {
      schema: {
        tags,
        summary: 'Create a tag (and its group when new), in WeCom first',
        security,
        body: CreateTagRequestSchema,
        response: responses({ 201: TagSchema }, 401, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.tags.createTag(request.body)),
  )

  app.post(
    '/tags/sync',
    {
      schema: {
        tags,
        summary: 'Pull every corp tag from WeCom and make ours match',
        security,
        response: responses({ 200: TagGroupListSchema }, 401),
      },
    },
    async () => app.tags.syncFromWecom(),
  )

  app.patch(
    '/tags/:id',
    {
      schema: {
        tags,
        summary: 'Rename a tag, in WeCom first',
        security,
        params: TagIdParamsSchema,
        body: RenameTagRequestSchema,
        response: responses({ 200: TagSchema }, 401, 404, 409),
      },
    },
    async (request) => app.tags.renameTag(request.params.id, request.body.name),
  )

  app.delete(
    '/tags/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag, in WeCom first; customers lose it',
        security,
        params: TagIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.tags.deleteTag(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.patch(
    '/tag-groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a tag group (in WeCom first) or make it mutually exclusive',
        security,
        params: TagIdParamsSchema,
        body: UpdateTagGroupRequestSchema,
        response: responses({ 200: TagGroupSchema }, 401, 404, 409),
      },
    },
    async (request) => app.tags.updateGroup(request.params.id, request.body),
  )

  app.delete(
    '/tag-groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag group and its tags, in WeCom first',
        security,
        params: TagIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.tags.deleteGroup(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/tag-rules',
    {
      schema: {
        tags,
        summary: 'Automatic tags: one rule per activity',
        security,
        response: responses({ 200: TagRuleListSchema }, 401),
      },
    },
    async () => app.tagRules.list(),
  )

  app.put(
    '/tag-rules/:activity',
    {
      schema: {
        tags,
        summary: 'Set the tag an activity marks, and switch the rule on or off',
        security,
        params: TagRuleActivityParamsSchema,
        body: PutTagRuleRequestSchema,
        response: responses({ 200: TagRuleSchema }, 401),
      },
    },
    async (request) => app.tagRules.setRule(request.params.activity, request.body),
  )
}

export default tagRoutes
