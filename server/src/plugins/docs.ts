import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/**
 * OpenAPI generated from the route schemas, browsable at /docs when `serveUi` (the API's map is not
 * for everyone in production).
 */
export default fp(
  async (app, { serveUi }: { serveUi: boolean }) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Liuliang API',
          description: '留量 — mini-program, sidebar and admin APIs. Errors are `{ error: { code, message } }`.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        tags: [
          { name: 'mp', description: 'Consumers (mini-program); `mp` tokens' },
          { name: 'sidebar', description: 'Shop guides (WeCom sidebar); `staff` tokens' },
          { name: 'admin', description: 'Admin console; `admin` tokens' },
          { name: 'wecom', description: 'WeCom callbacks' },
          { name: 'system', description: 'Operations' },
        ],
      },
    })
    if (!serveUi) return
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'docs' },
)
