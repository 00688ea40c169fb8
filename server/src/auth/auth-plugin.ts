import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import type { onRequestHookHandler, RouteHandlerMethod } from 'fastify'
import type { Audience } from '@liuliang/shared'
import type { Tx } from '../db'
import { checkedByFirstUnit } from '../db/unit-of-work'
import { unauthorized } from '../errors'

/** Who a verified token speaks for. */
export interface Principal {
  /** the id of the customer, staff member or admin, per audience */
  id: number
  aud: Audience
  /** The admin's session version when the token was issued: a newer one (password change, logout) ends it. */
  sessionVersion: number
}

/**
 * A verified token's holder while they still have a session (they exist, and an admin's session version is
 * current); else undefined. Routes read the holder from the request instead of fetching it again. Inside a
 * unit of work the check reads through its `tx`.
 */
export type SessionCheck = (principal: Principal, tx?: Tx) => Promise<object | undefined>

interface Claims {
  sub?: unknown
  aud?: unknown
  sv?: unknown
  iat?: number
  exp?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    issueToken(aud: Audience, id: number, sessionVersion?: number): { token: string; expiresAt: Date }
    /** Sets how every request's token is checked against the sessions that still hold (set once, by the logins). */
    admitSessionsBy(check: SessionCheck): void
    /** An onRequest hook admitting only live sessions of this audience. */
    requireAudience(aud: Audience): onRequestHookHandler
  }
  interface FastifyContextConfig {
    /**
     * The session is checked by the route's first unit of work, with its first statements, rather than before
     * the handler: a round trip less on PostgreSQL. Only for a handler whose first database work is that unit
     * and which answers only from its outcome; it never sees `sessionHolder`.
     */
    sessionCheckedInUnit?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
    /** the customer, staff or admin record the session check found for the principal */
    sessionHolder: object | null
    principalId(): number
  }
}

/** Admin sessions are short; consumers stay logged in the way a mini-program is expected to. */
const LIFETIME_SECONDS: Record<Audience, number> = {
  mp: 30 * 24 * 3600,
  staff: 12 * 3600,
  admin: 8 * 3600,
}

const sessionEnded = () => unauthorized('INVALID_TOKEN', '登录已失效，请重新登录')

export default fp(
  async (app, { secret }: { secret: string }) => {
    // One signer and one verifier for the process (per-call options would build new ones): HS256 only,
    // and a token without a subject, an audience, an issue time or an expiry is refused.
    await app.register(jwt, {
      secret,
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'], requiredClaims: ['sub', 'aud', 'iat', 'exp'] },
    })
    let sessionCheck: SessionCheck | undefined

    /** The principal of a token signed by us for exactly this audience, within its audience's lifetime; else null. */
    const principalOf = (aud: Audience, token: string): Principal | null => {
      let claims: Claims
      try {
        claims = app.jwt.verify<Claims>(token)
      } catch {
        return null
      }
      const { sub, sv = 0, iat = 0, exp = Infinity } = claims
      // A list of audiences naming this one too is not this audience's token.
      if (claims.aud !== aud || typeof sub !== 'string' || !/^[1-9][0-9]{0,15}$/.test(sub)) return null
      if (!Number.isSafeInteger(sv) || exp - iat > LIFETIME_SECONDS[aud]) return null
      return { id: Number(sub), aud, sessionVersion: sv as number }
    }

    app.decorate('issueToken', (aud: Audience, id: number, sessionVersion = 0) => {
      // The wall clock, not app.now(): the JWT library stamps and checks iat and exp by it, and this must match.
      const exp = Math.floor(Date.now() / 1000) + LIFETIME_SECONDS[aud]
      return { token: app.jwt.sign({ sub: String(id), aud, sv: sessionVersion, exp }), expiresAt: new Date(exp * 1000) }
    })

    app.decorate('admitSessionsBy', (check: SessionCheck) => {
      sessionCheck = check
    })
    app.addHook('onReady', async () => {
      if (!sessionCheck) throw new Error('no session check: tokens cannot be admitted')
    })

    app.decorate('requireAudience', (aud: Audience): onRequestHookHandler => {
      return async (request) => {
        const header = request.headers.authorization
        if (!header) throw unauthorized('UNAUTHENTICATED', '请先登录')
        const token = /^Bearer +(\S+)$/i.exec(header)?.[1]
        const principal = token ? principalOf(aud, token) : null
        if (!principal) throw sessionEnded()
        request.principal = principal
        if (request.routeOptions.config.sessionCheckedInUnit) return
        const holder = await (sessionCheck as SessionCheck)(principal)
        if (!holder) throw sessionEnded()
        request.sessionHolder = holder
      }
    })

    app.addHook('onRoute', (route) => {
      if (!route.config?.sessionCheckedInUnit) return
      const handler = route.handler as RouteHandlerMethod
      route.handler = function (request, reply) {
        const { principal } = request
        if (!principal) throw sessionEnded()
        const checkSession = async (tx?: Tx) => {
          if (!(await (sessionCheck as SessionCheck)(principal, tx))) throw sessionEnded()
        }
        return checkedByFirstUnit(checkSession, async () => handler.call(this, request, reply))
      }
    })

    app.decorateRequest('principal', null)
    app.decorateRequest('sessionHolder', null)
    app.decorateRequest('principalId', function () {
      if (!this.principal) throw new Error('no principal: the route is missing its requireAudience hook')
      return this.principal.id
    })
  },
  { name: 'auth' },
)
