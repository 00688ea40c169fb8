// Phone numbers at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server's JWT secret, so
// no second secret has to be managed. Rotating JWT_SECRET therefore makes stored numbers unreadable;
// they then show as absent until re-entered.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

export type PhoneCipher = ReturnType<typeof createPhoneCipher>

export function createPhoneCipher(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'liuliang', 'customer-phone-v1', 32))
  const lookupKey = Buffer.from(hkdfSync('sha256', secret, 'liuliang', 'customer-phone-lookup-v1', 32))
  return {
    /** Equal numbers give equal values, so a number can be looked up without storing it readable. */
    lookup(phone: string): string {
      return createHmac('sha256', lookupKey).update(phone, 'utf8').digest('base64url')
    },

    /** `v1.<iv>.<ciphertext+tag>`, base64url; a fresh IV each time, so equal numbers never look equal. */
    encrypt(phone: string): string {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const sealed = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final(), cipher.getAuthTag()])
      return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`
    },

    /** The number, or null when it was sealed under another key or is damaged. */
    decrypt(stored: string): string | null {
      const [version, ivText, sealedText] = stored.split('.')
      if (version !== VERSION || !ivText || !sealedText) return null
      const sealed = Buffer.from(sealedText, 'base64url')
      if (sealed.length <= TAG_BYTES) return null
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
        return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8')
      } catch {
        return null
      }
    },
  }
}
