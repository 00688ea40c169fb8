// What every Tencent-side route shares: errors as HTTP 200 with {errcode, errmsg}, lenient JSON bodies,
// the access_token check, and readers that turn a loosely typed body into typed fields.
import { randomBytes } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { Lease } from './credentials'

export const PLATFORMS = ['wechat', 'wecom'] as const
export type Platform = (typeof PLATFORMS)[number]
export type Json = Record<string, unknown>

/** A Tencent failure. `reason` becomes the start of errmsg, as the real APIs phrase it. */
export class ApiError extends Error {
  constructor(
    readonly errcode: number,
    reason: string,
  ) {
    super(reason)
    this.name = 'ApiError'
  }
}

/** WeCom answers 40058 for a parameter that breaks a documented rule without a code of its own. */
export function invalidParameter(reason: string): ApiError {
  return new ApiError(40058, `invalid Request Parameter: ${reason}`)
}

export function ok<T extends object>(fields?: T): { errcode: 0; errmsg: 'ok' } & T {
  return { errcode: 0, errmsg: 'ok', ...(fields as T) }
}

/** Real errmsgs carry a request id; clients must match on errcode, never on the full text. */
function errmsgFor(platform: Platform, error: ApiError, ip: string): string {
  const id = randomBytes(8).toString('hex')
  if (platform === 'wechat') return `${error.message}, rid: ${id.slice(0, 8)}-${id.slice(8)}`
  const hint = `${Math.floor(Date.now() / 1000)}_${id}`
  const moreInfo = `https://open.work.weixin.qq.com/devtool/query?e=${error.errcode}`
  return `${error.message}, hint: [${hint}], from ip: ${ip}, more info at ${moreInfo}`
}

/** Makes a scope answer as Tencent does: any error is HTTP 200 with an errcode. */
export function answerLikeTencent(app: FastifyInstance, platform: Platform): void {
  // Tencent reads the body as JSON whatever Content-Type says; application/json keeps Fastify's own parser.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string))
    } catch {
      done(new ApiError(47001, 'data format error'), undefined)
    }
  })
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let failure: ApiError
    if (error instanceof ApiError) failure = error
    else if (error.code?.startsWith('FST_ERR_CTP_')) failure = new ApiError(47001, 'data format error')
    else {
      request.log.error({ err: error }, 'sandbox route failed')
      failure = new ApiError(-1, 'system error')
    }
    return reply.code(200).send({ errcode: failure.errcode, errmsg: errmsgFor(platform, failure, request.ip) })
  })
}

/** The access_token check every Tencent API except the token endpoints performs. */
export function requireAccessToken(lease: Lease): onRequestAsyncHookHandler {
  return async (request) => {
    const token = queryString(request, 'access_token')
    if (!token) throw new ApiError(41001, 'access_token missing')
    const verdict = lease.check(token)
    if (verdict === 'expired') throw new ApiError(42001, 'access_token expired')
    if (verdict === 'invalid') throw new ApiError(40014, 'invalid access_token')
  }
}

/** One query parameter; a repeated one counts by its first value. Empty counts as absent. */
export function queryString(request: FastifyRequest, name: string): string | undefined {
  const raw = (request.query as Record<string, string | string[] | undefined>)[name]
  const value = Array.isArray(raw) ? raw[0] : raw
  return value === undefined || value === '' ? undefined : value
}

/**
 * The id/secret pair of the token and login endpoints; `names` are how the platform calls them
 * (appid/appsecret, corpid/corpsecret).
 */
export function checkCredentials(
  expected: { id: string; secret: string },
  given: { id: string | undefined; secret: string | undefined },
  names: { id: string; secret: string },
): void {
  if (!given.id) throw new ApiError(41002, `${names.id} missing`)
  if (given.id !== expected.id) throw new ApiError(40013, `invalid ${names.id}`)
  if (!given.secret) throw new ApiError(41004, `${names.secret} missing`)
  if (given.secret !== expected.secret) throw new ApiError(40001, `invalid credential, ${names.secret} is wrong`)
}

// URLs the sandbox hands out point back at itself, at the address the caller used to reach it.
const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`

export function avatarUrl(request: FastifyRequest, id: string): string {
  return `${baseUrlOf(request)}/sandbox/avatars/${encodeURIComponent(id)}.png`
}

export function qrCodeUrl(request: FastifyRequest, configId: string): string {
  return `${baseUrlOf(request)}/sandbox/qr/${configId}.png`
}

/** What a contact way's QR code encodes: the WeCom address that opens 「添加联系人」 for that way. */
export function contactWayAddress(configId: string): string {
  return `https://work.weixin.qq.com/ca/${configId}`
}

// Type mismatches inside a JSON body are "data format error" (47001) at Tencent, like unparsable JSON.
const formatError = (name: string) => new ApiError(47001, `data format error: ${name}`)

export function jsonBody(body: unknown): Json {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw formatError('body')
  return body as Json
}

export function readString(body: Json, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw formatError(name)
  return value
}

export function readInt(body: Json, name: string): number | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw formatError(name)
  return value
}

export function readBool(body: Json, name: string): boolean | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw formatError(name)
  return value
}

export function readObject(body: Json, name: string): Json | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw formatError(name)
  return value as Json
}

export function readList(body: Json, name: string): unknown[] | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw formatError(name)
  return value
}

export function readStringList(body: Json, name: string): string[] | undefined {
  const list = readList(body, name)
  if (list && !list.every((item) => typeof item === 'string')) throw formatError(name)
  return list as string[] | undefined
}

export function readIntList(body: Json, name: string): number[] | undefined {
  const list = readList(body, name)
  if (list && !list.every((item) => Number.isInteger(item))) throw formatError(name)
  return list as number[] | undefined
}

export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')
