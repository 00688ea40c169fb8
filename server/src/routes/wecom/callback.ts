import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { responses } from '../responses'

const SignedQuerySchema = Type.Object({
  msg_signature: Type.String({ minLength: 1, maxLength: 128 }),
  timestamp: Type.String({ minLength: 1, maxLength: 20 }),
  nonce: Type.String({ minLength: 1, maxLength: 64 }),
})

/** WeCom's callback URL (wecom-spec.md §2): URL verification and encrypted events. */
const wecomCallbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // WeCom posts XML; keep it as text, the envelope code parses it.
  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body))

  app.get(
    '/callback',
    {
      schema: {
        tags: ['wecom'],
        summary: 'URL verification: answers the decrypted echostr',
        querystring: Type.Object({
          ...SignedQuerySchema.properties,
          echostr: Type.String({ minLength: 1, maxLength: 2048 }),
        }),
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
        querystring: SignedQuerySchema,
        body: Type.String({ minLength: 1 }),
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
