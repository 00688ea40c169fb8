import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { JsSdkConfigQuerySchema, JsSdkConfigSchema } from '@liuliang/shared'
import { responses } from '../responses'

const jssdkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jssdk-config',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Signatures for ww.register: corp (config) and app (agentConfig), for this page URL',
        security: [{ bearer: [] }],
        querystring: JsSdkConfigQuerySchema,
        response: responses({ 200: JsSdkConfigSchema }, 401),
      },
    },
    async (request) => app.jssdk.configFor(request.query.url),
  )
}

export default jssdkRoutes
