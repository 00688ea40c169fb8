// The server's side of the HMAC-SHA256 signatures it exchanges with the payment gateway: it signs its
// requests and verifies notifications (the sandbox, as the gateway, does the reverse with code of its
// own). Both directions sign a message of newline-terminated parts, after WeChat Pay v3's layout; the
// key is the merchant's shared secret (PAYMENT_NOTIFY_KEY).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const SIGNATURE_SCHEME = 'LIULIANG-HMAC-SHA256'

const sign = (key: string, parts: string[]) =>
  createHmac('sha256', key)
    .update(parts.map((part) => `${part}\n`).join(''))
    .digest('base64')

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

// The wall clock, not the service clock: a signature's timestamp is protocol time (WeChat Pay checks it), not business time.
const freshParts = () => ({ timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomBytes(16).toString('hex') })

export interface NotificationSignature {
  'wechatpay-timestamp': string
  'wechatpay-nonce': string
  'wechatpay-signature': string
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
