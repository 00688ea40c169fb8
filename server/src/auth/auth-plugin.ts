import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import type { onRequestHookHandler } from 'fastify'
import type { Audience } from '@liuliang/shared'
import { unauthorized } from '../errors'

export interface Principal {
  /** the id of the customer, staff member or admin, per audience */
  sub: string
  aud: Audience
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Principal
    user: Principal
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    issueToken(aud: Audience, id: number): { token: string; expiresAt: Date }
    /** An onRequest hook admitting only tokens of this audience. */
    requireAudience(aud: Audience): onRequestHookHandler
  }
  interface FastifyRequest {
    principalId(): number
  }
}

/** Admin sessions are short; consumers stay logged in the way a mini-program is expected to. */
const LIFETIME_SECONDS: Record<Audience, number> = {
  mp: 30 * 24 * 3600,
  staff: 12 * 3600,
  admin: 8 * 3600,
}

export default fp(
  async (app, { secret }: { secret: string }) => {
    await app.register(jwt, { secret })

    app.decorate('issueToken', (aud: Audience, id: number) => {
      const expiresIn = LIFETIME_SECONDS[aud]
      return {
        token: app.jwt.sign({ sub: String(id), aud }, { expiresIn }),
        // The wall clock, not app.now(): the JWT library stamps and checks expiry by it, and this must match.
        expiresAt: new Date(Date.now() + expiresIn * 1000),
      }
    })

    app.decorate('requireAudience', (aud: Audience): onRequestHookHandler => {
      return async (request) => {
        if (!request.headers.authorization) throw unauthorized('UNAUTHENTICATED', '请先登录')
        try {
          await request.jwtVerify({ allowedAud: aud })
        } catch {
          throw unauthorized('INVALID_TOKEN', '登录已失效，请重新登录')
        }
      }
    })

    app.decorateRequest('principalId', function () {
      return Number(this.user.sub)
    })
  },
  { name: 'auth' },
)
