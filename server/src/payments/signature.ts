// HMAC-SHA256 signatures shared by the server and the payment gateway (the sandbox's). Both
// directions sign a message of newline-terminated parts, after WeChat Pay v3's layout; the key is
// the merchant's shared secret (PAYMENT_NOTIFY_KEY).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_SCHEME = 'LIULIANG-HMAC-SHA256'

const sign = (key: string, parts: string[]) =>
  createHmac('sha256', key)
    .update(parts.map((part) => `${part}\n`).join(''))
    .digest('base64')

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

const freshParts = () => ({ timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomBytes(16).toString('hex') })

export interface NotificationSignature {
  'wechatpay-timestamp': string
  'wechatpay-nonce': string
  'wechatpay-signature': string
}

/** Headers for a notification body the gateway sends. */
export function signNotification(key: string, body: string): NotificationSignature {
  const { timestamp, nonce } = freshParts()
  return { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': sign(key, [timestamp, nonce, body]) }
}

export function verifyNotification(key: string, body: string, headers: NotificationSignature): boolean {
  const expected = sign(key, [headers['wechatpay-timestamp'], headers['wechatpay-nonce'], body])
  return sameSignature(expected, headers['wechatpay-signature'])
}

/** The Authorization header of a request to the gateway: method, path with query, and body are signed. */
export function authorizationFor(key: string, mchId: string, method: string, path: string, body: string): string {
  const { timestamp, nonce } = freshParts()
  const signature = sign(key, [method, path, timestamp, nonce, body])
  return `${SIGNATURE_SCHEME} mchid="${mchId}",nonce_str="${nonce}",timestamp="${timestamp}",signature="${signature}"`
}

/** The merchant id of a correctly signed request, or null. */
export function verifyAuthorization(key: string, header: string | undefined, method: string, path: string, body: string): string | null {
  if (!header?.startsWith(`${SIGNATURE_SCHEME} `)) return null
  const fields = Object.fromEntries(
    [...header.slice(SIGNATURE_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
  )
  const { mchid, nonce_str: nonce, timestamp, signature } = fields
  if (!mchid || !nonce || !timestamp || !signature) return null
  return sameSignature(sign(key, [method, path, timestamp, nonce, body]), signature) ? mchid : null
}
