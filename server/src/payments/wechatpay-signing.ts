// WeChat Pay API v3's cryptography, as its documentation lays it out:
// - the merchant signs each request (WECHATPAY2-SHA256-RSA2048: SHA256withRSA over
//   "METHOD\nURL\ntimestamp\nnonce\nbody\n" with its private key, naming its certificate's serial);
// - the platform signs each response and notification ("timestamp\nnonce\nbody\n"), which the merchant
//   verifies with the platform's public key (named by the Wechatpay-Serial header);
// - notification resources and downloaded certificates are sealed with AEAD_AES_256_GCM under the
//   merchant's 32-byte APIv3 key (the 16-byte tag follows the ciphertext, base64 of both);
// - wx.requestPayment's paySign is SHA256withRSA over "appId\ntimeStamp\nnonceStr\npackage\n".
import { createDecipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto'
import type { RequestPaymentParams } from '@liuliang/shared'

export const AUTHORIZATION_SCHEME = 'WECHATPAY2-SHA256-RSA2048'

const message = (parts: readonly string[]) => parts.map((part) => `${part}\n`).join('')

export function signParts(privateKey: KeyObject, parts: readonly string[]): string {
  return createSign('RSA-SHA256').update(message(parts)).sign(privateKey, 'base64')
}

export function verifyParts(publicKey: KeyObject, parts: readonly string[], signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message(parts)).verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

// The wall clock: a signature's timestamp is protocol time, which WeChat Pay checks against its own.
const freshStamp = () => ({ timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomBytes(16).toString('hex').toUpperCase() })

export interface Merchant {
  mchId: string
  /** the serial number of the merchant's API certificate, which WeChat Pay looks the public key up by */
  serialNo: string
  privateKey: KeyObject
}

/** The Authorization header of a request: method, path with query, and the exact body are signed. */
export function authorizationFor(merchant: Merchant, method: string, url: string, body: string): string {
  const { timestamp, nonce } = freshStamp()
  const signature = signParts(merchant.privateKey, [method, url, timestamp, nonce, body])
  return `${AUTHORIZATION_SCHEME} mchid="${merchant.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`
}

export interface PlatformSignature {
  timestamp: string
  nonce: string
  signature: string
}

export const platformSigned = (publicKey: KeyObject, body: string, { timestamp, nonce, signature }: PlatformSignature) =>
  verifyParts(publicKey, [timestamp, nonce, body], signature)

export interface SealedResource {
  ciphertext: string
  nonce: string
  associated_data?: string
}

const TAG_BYTES = 16

/** The plaintext of a sealed resource, or null when the key, nonce, associated data or tag do not match. */
export function openResource(apiV3Key: string, sealed: SealedResource): string | null {
  try {
    const data = Buffer.from(sealed.ciphertext, 'base64')
    if (data.length <= TAG_BYTES) return null
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(sealed.nonce, 'utf8'))
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
    decipher.setAAD(Buffer.from(sealed.associated_data ?? '', 'utf8'))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** The parameters the mini-program hands to wx.requestPayment for a prepay id. */
export function requestPaymentParams(appId: string, prepayId: string, privateKey: KeyObject): RequestPaymentParams {
  const { timestamp, nonce } = freshStamp()
  const pkg = `prepay_id=${prepayId}`
  return { timeStamp: timestamp, nonceStr: nonce, package: pkg, signType: 'RSA', paySign: signParts(privateKey, [appId, timestamp, nonce, pkg]) }
}
