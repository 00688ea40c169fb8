import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CallbackBodySchema, CallbackQuerySchema, CallbackVerificationQuerySchema } from '@liuliang/shared'
import { responses } from '../responses'

/** WeCom's callback URL (WeCom doc 91116): URL verification and encrypted events. */
const wecomCallbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // WeCom posts XML; keep it as text, the envelope code parses it.
  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body))

  app.get(
    '/callback',
    {
      schema: {
        tags: ['wecom'],
        summary: 'URL verification: answers the decrypted echostr',
        querystring: CallbackVerificationQuerySchema,
        response: responses({ 200: Type.String() }, 401),
      },
    },
    async (request, reply) => reply.type('text/plain').send(app.wecomCallbacks.verifyUrl(request.query)),
  )

  app.post(
    '/callback',
    {
      schema: {
        tags: ['wecom'],
        summary: 'Encrypted event delivery',
        querystring: CallbackQuerySchema,
        body: CallbackBodySchema,
        response: responses({ 200: Type.String() }, 401),
      },
    },
    async (request, reply) => {
      await app.wecomCallbacks.receive(request.query, request.body)
      return reply.type('text/plain').send('success')
    },
  )
}

export default wecomCallbackRoutes
