import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * Parses JSON bodies in this scope while keeping their exact text, which a signature covers.
 * `invalid` is the error for a body that is not JSON.
 */
export function keepRawJson(app: FastifyInstance, invalid: () => Error): (request: FastifyRequest) => string {
  const rawBodies = new WeakMap<FastifyRequest, string>()
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      rawBodies.set(request, body as string)
      done(null, JSON.parse(body as string))
    } catch {
      done(invalid(), undefined)
    }
  })
  return (request) => rawBodies.get(request) ?? ''
}
