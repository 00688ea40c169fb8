// WeChat Pay API v3's cryptography from the platform's side, written here rather than taken from the
// server so each side checks the other's work:
// - merchant requests carry `WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,signature=…,timestamp=…,
//   serial_no=…`, SHA256withRSA over "METHOD\nURL\ntimestamp\nnonce\nbody\n", checked against the public
//   key of the merchant certificate that serial names;
// - the platform signs answers and notifications over "timestamp\nnonce\nbody\n" with its own key and
//   names its certificate in Wechatpay-Serial; its certificate is served sealed by /v3/certificates;
// - resources are sealed with AEAD_AES_256_GCM under the merchant's APIv3 key (tag after ciphertext).
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import forge from 'node-forge'

const SCHEME = 'WECHATPAY2-SHA256-RSA2048'

const message = (parts: readonly string[]) => parts.map((part) => `${part}\n`).join('')

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

export interface MerchantCertificate {
  serialNo: string
  publicKey: KeyObject
}

/** The merchant id of a request signed with the merchant certificate's key; else null. */
export function signingMerchant(certificate: MerchantCertificate, request: MerchantRequest): string | null {
  const params = authorizationParams(request.authorization)
  const mchId = params?.get('mchid')
  const nonce = params?.get('nonce_str')
  const timestamp = params?.get('timestamp')
  const signature = params?.get('signature')
  if (!mchId || !nonce || !timestamp || !signature) return null
  if (params?.get('serial_no')?.toUpperCase() !== certificate.serialNo.toUpperCase()) return null
  try {
    const valid = createVerify('RSA-SHA256').update(message([request.method, request.url, timestamp, nonce, request.body])).verify(certificate.publicKey, signature, 'base64')
    return valid ? mchId : null
  } catch {
    return null
  }
}

/** The platform's signing key and its self-issued certificate. */
export interface PlatformIdentity {
  serialNo: string
  privateKey: KeyObject
  certificatePem: string
  effectiveTime: Date
  expireTime: Date
}

let identity: PlatformIdentity | undefined

/** Made at first use and kept for the process: every sandbox in it plays the one WeChat Pay platform. */
export function platformIdentity(): PlatformIdentity {
  if (identity) return identity
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  // A positive serial whose first byte is not zero, so its DER form (and any reader's hex of it) keeps all 40 digits.
  const serialNo = `1${randomBytes(20).toString('hex').toUpperCase().slice(1)}`
  const certificate = forge.pki.createCertificate()
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string)
  certificate.serialNumber = serialNo
  // Certificates are real-time objects; the sandbox's movable clock does not make them expire.
  const effectiveTime = new Date(Date.now() - 86_400_000)
  const expireTime = new Date(Date.now() + 5 * 365 * 86_400_000)
  certificate.validity.notBefore = effectiveTime
  certificate.validity.notAfter = expireTime
  const subject = [
    { name: 'commonName', value: 'Tenpay.com Root CA (sandbox)' },
    { name: 'organizationName', value: 'Liuliang sandbox' },
  ]
  certificate.setSubject(subject)
  certificate.setIssuer(subject)
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), forge.md.sha256.create())
  identity = { serialNo, privateKey, certificatePem: forge.pki.certificateToPem(certificate), effectiveTime, expireTime }
  return identity
}

/** The Wechatpay-* headers of an answer or notification with this exact body, signed at `at`. */
export function platformHeaders(platform: PlatformIdentity, body: string, at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const nonce = randomBytes(16).toString('hex').toUpperCase()
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': createSign('RSA-SHA256').update(message([timestamp, nonce, body])).sign(platform.privateKey, 'base64'),
    'wechatpay-serial': platform.serialNo,
  }
}

/** A resource sealed for the merchant: AES-256-GCM under the APIv3 key, a 12-character nonce. */
export function sealResource(apiV3Key: string, plaintext: string, associatedData: string) {
  const nonce = randomBytes(6).toString('hex')
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'))
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), associated_data: associatedData, nonce }
}
