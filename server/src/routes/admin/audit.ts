import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditPageSchema, AuditQuerySchema } from '@liuliang/shared'
import { responses } from '../responses'

/** The audit log, read only: entries cannot be changed or removed through any route. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit-entries',
    {
      schema: {
        tags: ['admin'],
        summary: 'What admins did, newest first: by person, object, action and dates',
        security: [{ bearer: [] }],
        querystring: AuditQuerySchema,
        response: responses({ 200: AuditPageSchema }, 401),
      },
    },
    async (request) => app.audit.search(request.query),
  )
}

export default auditRoutes
