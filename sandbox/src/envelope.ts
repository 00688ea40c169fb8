// WeCom's callback envelope (WeCom docs 91116 and 91144), written from the spec with node:crypto.
// The server opens envelopes with code of its own: were the two sides to share one implementation,
// a mistake in it would seal and open cleanly and no test would see it.
import { createCipheriv, createHash, randomBytes } from 'node:crypto'

export interface CallbackKeys {
  token: string
  encodingAesKey: string
  corpId: string
}

// A type alias, not an interface, so it can be handed to URLSearchParams as it is.
export type SignedQuery = {
  msg_signature: string
  timestamp: string
  nonce: string
}

// WeCom pads to 32 bytes, twice AES's own block.
const PAD_BLOCK = 32

/** msg_signature: SHA-1 (lowercase hex) of the four values sorted as strings and joined. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex')
}

/**
 * base64 of AES-256-CBC over `random(16) | length(4, big-endian) | message | receiveId`, PKCS#7-padded
 * to 32 bytes. The key is base64(EncodingAESKey + '='); the IV is its first 16 bytes. `random` is
 * given only to replay a known ciphertext.
 */
export function encryptMessage(encodingAesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (key.length !== 32) throw new Error('an EncodingAESKey must decode to 32 bytes')
  const text = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(text.length)
  const plain = Buffer.concat([random, length, text, Buffer.from(receiveId, 'utf8')])
  // Always at least one byte of padding: an aligned message gets a whole block of 32s.
  const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])), cipher.final()]).toString('base64')
}

// A CDATA section cannot contain "]]>", so that sequence is split across two sections.
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`

const element = (value: string | number) => (typeof value === 'number' ? String(value) : cdata(value))

/**
 * An `<xml>` document as WeCom writes one: strings in CDATA, numbers bare, undefined left out, and a
 * list as `<Item>`s inside its field (MemChangeList).
 */
export function buildXml(fields: Record<string, string | number | string[] | undefined>): string {
  let xml = '<xml>'
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const inner = Array.isArray(value) ? value.map((item) => `<Item>${cdata(item)}</Item>`).join('') : element(value)
    xml += `<${name}>${inner}</${name}>`
  }
  return `${xml}</xml>`
}

/** What WeCom POSTs at `at`: the encrypted body, and the query that signs it. */
export function sealCallback(keys: CallbackKeys, innerXml: string, at = new Date()): { query: SignedQuery; body: string } {
  const encrypt = encryptMessage(keys.encodingAesKey, innerXml, keys.corpId)
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const nonce = String(randomBytes(4).readUInt32BE())
  return {
    query: { msg_signature: msgSignature(keys.token, timestamp, nonce, encrypt), timestamp, nonce },
    body: buildXml({ ToUserName: keys.corpId, AgentID: '', Encrypt: encrypt }),
  }
}
