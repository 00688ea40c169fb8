// The WeChat Pay platform's public keys, by the serial (or public-key id) its signatures name. A brand
// either configures the platform public key it downloaded from the merchant console, or lets the server
// fetch the platform certificates from /v3/certificates: they arrive sealed with the APIv3 key, which
// only the platform and the merchant hold, so opening them is what proves them genuine.
import { X509Certificate, type KeyObject } from 'node:crypto'
import { openResource, platformSigned, type PlatformSignature, type SealedResource } from './wechatpay-signing'

export interface PlatformKeys {
  /** The key a signature naming this serial must verify under; null when the platform has none by that name. */
  keyFor(serial: string): Promise<KeyObject | null>
}

export const configuredPlatformKey = (id: string, publicKey: KeyObject): PlatformKeys => ({
  keyFor: async (serial) => (serial === id ? publicKey : null),
})

interface CertificateListing {
  data?: { serial_no: string; encrypt_certificate: SealedResource }[]
}

/** The /v3/certificates answer as received: its text and the platform's signature over it. */
export interface SignedAnswer {
  body: string
  signature: PlatformSignature & { serial: string }
}

/** A serial as readers print it differently (case, leading zeros of the number): one spelling to look up by. */
const serialKey = (serial: string) => serial.toUpperCase().replace(/^0+/, '')

/** An unknown serial sends for the list again, but no more often than this: a forged header must not become a flood. */
const REFRESH_AT_MOST_EVERY_MS = 60_000

export function downloadedPlatformCertificates(apiV3Key: string, download: () => Promise<SignedAnswer>): PlatformKeys {
  let known = new Map<string, KeyObject>()
  let lastAttempt = 0
  let inFlight: Promise<void> | null = null

  async function refresh(): Promise<void> {
    lastAttempt = Date.now()
    const answer = await download()
    const next = new Map<string, KeyObject>()
    for (const entry of (JSON.parse(answer.body) as CertificateListing).data ?? []) {
      const pem = openResource(apiV3Key, entry.encrypt_certificate)
      if (!pem) continue
      const certificate = new X509Certificate(pem)
      next.set(serialKey(certificate.serialNumber), certificate.publicKey)
    }
    // The listing is signed by one of the certificates it carries, so it is checked against them.
    const signer = next.get(serialKey(answer.signature.serial))
    if (signer && platformSigned(signer, answer.body, answer.signature)) known = next
  }

  return {
    async keyFor(serial) {
      const wanted = serialKey(serial)
      if (!known.has(wanted)) {
        if (!inFlight && Date.now() - lastAttempt >= REFRESH_AT_MOST_EVERY_MS) {
          inFlight = refresh().finally(() => {
            inFlight = null
          })
        }
        // Answers that arrive while the list is on its way (the first payments after a start) wait for it too.
        if (inFlight) await inFlight
      }
      return known.get(wanted) ?? null
    },
  }
}
