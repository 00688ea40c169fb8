// The transport both Tencent clients share: base URL from config, access token shared by every
// server and refreshed once when Tencent says it is invalid or expired, errcodes turned into typed errors.
import type { CredentialStore, LifetimeValue } from './shared-credentials'

export type Platform = 'wechat' | 'wecom'

/** errcodes meaning "this access token is no good": drop it, fetch a new one, retry once. */
const STALE_TOKEN_ERRCODES = new Set([40014, 42001])

export class TencentApiError extends Error {
  constructor(
    readonly platform: Platform,
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${platform} ${api} failed: errcode ${errcode} (${errmsg})`)
    this.name = 'TencentApiError'
  }
}

/** The API could not be reached or answered something that is not Tencent's JSON. */
export class TencentTransportError extends Error {
  constructor(
    readonly platform: Platform,
    readonly api: string,
    cause: unknown,
  ) {
    super(`${platform} ${api} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'TencentTransportError'
  }
}

export interface TencentReply {
  errcode?: number
  errmsg?: string
}

export interface CallOptions {
  method?: 'GET' | 'POST'
  query?: Record<string, string | number | undefined>
  /** JSON, or FormData for media uploads */
  body?: unknown
  /** false for the calls that obtain a token or run before one exists (code2Session) */
  withToken?: boolean
}

export type AccessToken = LifetimeValue

interface TransportOptions {
  platform: Platform
  baseUrl: string
  /** names the token among the credentials the servers share */
  credential: string
  credentials: CredentialStore
  /** Obtains a fresh token when no server holds a live one. */
  fetchToken: (transport: TencentTransport) => Promise<AccessToken>
  timeoutMs?: number
}

export type TencentTransport = ReturnType<typeof createTencentTransport>

export function createTencentTransport(options: TransportOptions) {
  const { platform, baseUrl } = options
  const timeoutMs = options.timeoutMs ?? 5000
  const token = options.credentials(options.credential, () => options.fetchToken(transport))
  const accessToken = async () => (await token.get()).value

  async function send(api: string, call: CallOptions, accessTokenValue: string | null): Promise<Response> {
    const url = new URL(api, `${baseUrl}/`)
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    if (accessTokenValue) url.searchParams.set('access_token', accessTokenValue)
    const method = call.method ?? (call.body === undefined ? 'GET' : 'POST')
    // Uploads go as multipart, whose boundary fetch writes into the content type itself.
    const form = call.body instanceof FormData ? call.body : null
    try {
      return await fetch(url, {
        method,
        headers: call.body === undefined || form ? {} : { 'content-type': 'application/json' },
        body: form ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      throw new TencentTransportError(platform, api, error)
    }
  }

  async function readJson<T extends TencentReply>(api: string, response: Response): Promise<T> {
    try {
      return (await response.json()) as T
    } catch (error) {
      throw new TencentTransportError(platform, api, error)
    }
  }

  /** Calls an API; Tencent's errors arrive as HTTP 200 with a non-zero errcode. */
  async function call<T extends TencentReply>(api: string, options: CallOptions = {}): Promise<T> {
    const withToken = options.withToken ?? true
    for (let attempt = 0; ; attempt++) {
      const used = withToken ? await accessToken() : null
      const reply = await readJson<T>(api, await send(api, options, used))
      const errcode = reply.errcode ?? 0
      if (errcode === 0) return reply
      if (used && attempt === 0 && STALE_TOKEN_ERRCODES.has(errcode)) {
        await token.invalidate(used)
        continue
      }
      throw new TencentApiError(platform, api, errcode, reply.errmsg ?? '')
    }
  }

  /** For APIs that answer raw bytes on success and JSON on failure (e.g. getwxacodeunlimit). */
  async function callBinary(api: string, options: CallOptions = {}): Promise<{ contentType: string; bytes: Buffer }> {
    for (let attempt = 0; ; attempt++) {
      const used = await accessToken()
      const response = await send(api, options, used)
      const contentType = response.headers.get('content-type') ?? ''
      if (!contentType.includes('json')) {
        return { contentType, bytes: Buffer.from(await response.arrayBuffer()) }
      }
      const reply = await readJson<TencentReply>(api, response)
      const errcode = reply.errcode ?? -1
      if (attempt === 0 && STALE_TOKEN_ERRCODES.has(errcode)) {
        await token.invalidate(used)
        continue
      }
      throw new TencentApiError(platform, api, errcode, reply.errmsg ?? '')
    }
  }

  const transport = { platform, call, callBinary, accessToken }
  return transport
}

export function tokenFromReply(reply: { access_token?: string; expires_in?: number }, now: Date): AccessToken {
  if (!reply.access_token) throw new Error('token reply carries no access_token')
  return { value: reply.access_token, expiresAt: now.getTime() + (reply.expires_in ?? 7200) * 1000 }
}
