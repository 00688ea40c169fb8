// The payment gateway's signatures, laid out as WeChat Pay v3 lays them out but with an HMAC in place
// of RSA: a message is a list of fields, each followed by "\n", signed with HMAC-SHA256 under the
// merchant's shared key (base64). Written here rather than taken from the server, so each side checks
// the other's work.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const SCHEME = 'LIULIANG-HMAC-SHA256'

function hmac(key: string, fields: readonly string[]): string {
  const mac = createHmac('sha256', key)
  for (const field of fields) mac.update(`${field}\n`)
  return mac.digest('base64')
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The comma-separated `name="value"` parameters after the scheme; null for any other form. */
function authorizationParams(header: string | undefined): Map<string, string> | null {
  if (!header?.startsWith(`${SCHEME} `)) return null
  const params = new Map<string, string>()
  for (const part of header.slice(SCHEME.length + 1).split(',')) {
    const pair = /^\s*(\w+)="([^"]*)"\s*$/.exec(part)
    if (!pair) return null
    params.set(pair[1] as string, pair[2] as string)
  }
  return params
}

export interface MerchantRequest {
  method: string
  /** The path with its query, as sent. */
  url: string
  /** The body's exact text; empty when there is none. */
  body: string
  authorization: string | undefined
}

/** The merchant id of a request signed with `key` over method, URL, timestamp, nonce and body; else null. */
export function signingMerchant(key: string, request: MerchantRequest): string | null {
  const params = authorizationParams(request.authorization)
  const mchId = params?.get('mchid')
  const nonce = params?.get('nonce_str')
  const timestamp = params?.get('timestamp')
  const signature = params?.get('signature')
  if (!mchId || !nonce || !timestamp || !signature) return null
  const expected = hmac(key, [request.method, request.url, timestamp, nonce, request.body])
  return sameText(expected, signature) ? mchId : null
}

/** The headers of a notification the gateway sends at `at`: a signature over timestamp, nonce and body. */
export function notificationHeaders(key: string, body: string, at = new Date()) {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const nonce = randomBytes(16).toString('hex')
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': hmac(key, [timestamp, nonce, body]),
  }
}
