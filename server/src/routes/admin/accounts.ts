import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  AdminAccountIdParamsSchema,
  AdminAccountListSchema,
  AdminAccountSchema,
  AdminAccountUpdateSchema,
  AdminInviteRequestSchema,
  AdminSelfSchema,
  RoleIdParamsSchema,
  RoleInputSchema,
  RoleListSchema,
  TemporaryPasswordSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

/** Who may use the console: the signed-in admin, the brand's accounts and their roles. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['admin', 'accounts']

  app.get(
    '/me',
    {
      config: { access: { self: true } },
      schema: { tags, summary: 'Who I am and what my role lets me do', response: responses({ 200: AdminSelfSchema }, 401) },
    },
    async (request) => app.admins.self(request.adminAccess),
  )

  app.get(
    '/admin-accounts',
    { schema: { tags, summary: 'Every admin account with its role and scope', response: responses({ 200: AdminAccountListSchema }, 401) } },
    async () => ({ items: await app.admins.listAccounts() }),
  )

  app.post(
    '/admin-accounts',
    {
      schema: {
        tags,
        summary: 'Invite a colleague: a new account with a one-time password, shown once',
        body: AdminInviteRequestSchema,
        response: responses({ 201: TemporaryPasswordSchema }, 401, 404, 409),
      },
    },
    async (request, reply) => reply.status(201).send(await app.admins.invite(request.body)),
  )

  app.patch(
    '/admin-accounts/:id',
    {
      schema: {
        tags,
        summary: "Change an account's role, departments or name, or disable it (its sessions end); one full owner always remains",
        params: AdminAccountIdParamsSchema,
        body: AdminAccountUpdateSchema,
        response: responses({ 200: AdminAccountSchema }, 401, 404, 409),
      },
    },
    async (request) => app.admins.updateAccount(request.adminAccess.id, request.params.id, request.body),
  )

  app.post(
    '/admin-accounts/:id/password-reset',
    {
      schema: {
        tags,
        summary: 'A new one-time password for a forgotten one; the account is signed out everywhere',
        params: AdminAccountIdParamsSchema,
        response: responses({ 200: TemporaryPasswordSchema }, 401, 404),
      },
    },
    async (request) => app.admins.resetPassword(request.params.id),
  )

  app.get(
    '/roles',
    {
      config: { access: { scope: 'none' } },
      schema: { tags, summary: 'Built-in and custom roles with their permissions', response: responses({ 200: RoleListSchema }, 401) },
    },
    async () => ({ items: await app.admins.listRoles() }),
  )

  app.post(
    '/roles',
    { schema: { tags, summary: 'A custom role', body: RoleInputSchema, response: responses({ 201: Type.Object({ id: Type.Integer() }) }, 401, 409) } },
    async (request, reply) => reply.status(201).send({ id: await app.admins.createRole(request.body) }),
  )

  app.put(
    '/roles/:id',
    {
      schema: {
        tags,
        summary: "A custom role's name and permissions (built-in roles are fixed)",
        params: RoleIdParamsSchema,
        body: RoleInputSchema,
        response: responses({ 204: Type.Null() }, 401, 404, 409),
      },
    },
    async (request, reply) => {
      await app.admins.updateRole(request.params.id, request.body)
      return reply.status(204).send(null)
    },
  )

  app.delete(
    '/roles/:id',
    {
      schema: { tags, summary: 'Delete a custom role no account uses', params: RoleIdParamsSchema, response: responses({ 204: Type.Null() }, 401, 404, 409) },
    },
    async (request, reply) => {
      await app.admins.deleteRole(request.params.id)
      return reply.status(204).send(null)
    },
  )
}

export default accountRoutes
