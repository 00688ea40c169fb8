// The WeCom callback envelope (WeCom doc 91116): SHA1 signature over the sorted parameters and
// AES-256-CBC with the corp id as receiveid. The server opens envelopes here (sealing is for its tests);
// the sandbox seals with code of its own, so a mistake here cannot hide behind the same one there.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { decrypt, encrypt, getSignature } from '@wecom/crypto'
import { XMLBuilder, XMLParser } from 'fast-xml-parser'

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

export class CallbackSignatureError extends Error {}
export class CallbackFormatError extends Error {}

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: false })
const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false })

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Parses a flat `<xml>…</xml>` document into its string fields. */
export function parseXmlFields(xml: string): Record<string, string> {
  let doc: unknown
  try {
    doc = parser.parse(xml)
  } catch {
    throw new CallbackFormatError('body is not XML')
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml
  if (!root || typeof root !== 'object') throw new CallbackFormatError('body has no <xml> root')
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(root)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value)
  }
  return fields
}

/** Builds a flat `<xml>` document; strings go in CDATA as WeCom sends them, numbers stay bare. */
export function buildXml(fields: Record<string, string | number | undefined>): string {
  const root: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    root[key] = typeof value === 'number' ? value : { __cdata: value }
  }
  return builder.build({ xml: root }) as string
}

function decryptFor(keys: CallbackKeys, ciphertext: string): string {
  let opened: { message: string; id: string }
  try {
    opened = decrypt(keys.encodingAesKey, ciphertext)
  } catch {
    throw new CallbackFormatError('ciphertext cannot be decrypted')
  }
  if (opened.id !== keys.corpId) throw new CallbackSignatureError('receiveid is not this corp')
  return opened.message
}

/** URL verification: checks the signature over echostr and returns its plaintext. */
export function openEchostr(keys: CallbackKeys, query: SignedQuery & { echostr: string }): string {
  const expected = getSignature(keys.token, query.timestamp, query.nonce, query.echostr)
  if (!sameSignature(expected, query.msg_signature)) throw new CallbackSignatureError('bad msg_signature')
  return decryptFor(keys, query.echostr)
}

/** Event delivery: checks the signature over <Encrypt> and returns the inner XML's fields and text. */
export function openCallback(
  keys: CallbackKeys,
  query: SignedQuery,
  body: string,
): { xml: string; fields: Record<string, string> } {
  const outer = parseXmlFields(body)
  const ciphertext = outer.Encrypt
  if (!ciphertext) throw new CallbackFormatError('body has no <Encrypt>')
  const expected = getSignature(keys.token, query.timestamp, query.nonce, ciphertext)
  if (!sameSignature(expected, query.msg_signature)) throw new CallbackSignatureError('bad msg_signature')
  const xml = decryptFor(keys, ciphertext)
  return { xml, fields: parseXmlFields(xml) }
}

/** What WeCom sends: the encrypted body and the query that signs it. */
export function sealCallback(
  keys: CallbackKeys,
  innerXml: string,
  now = new Date(),
): { query: SignedQuery; body: string } {
  const ciphertext = encrypt(keys.encodingAesKey, innerXml, keys.corpId)
  const timestamp = String(Math.floor(now.getTime() / 1000))
  const nonce = String(randomBytes(4).readUInt32BE())
  const query = { msg_signature: getSignature(keys.token, timestamp, nonce, ciphertext), timestamp, nonce }
  return { query, body: buildXml({ ToUserName: keys.corpId, AgentID: '', Encrypt: ciphertext }) }
}

/** A URL-verification request as WeCom sends it at `now`. */
export function sealEchostr(keys: CallbackKeys, plaintext: string, now = new Date()): SignedQuery & { echostr: string } {
  const echostr = encrypt(keys.encodingAesKey, plaintext, keys.corpId)
  const timestamp = String(Math.floor(now.getTime() / 1000))
  const nonce = String(randomBytes(4).readUInt32BE())
  return { msg_signature: getSignature(keys.token, timestamp, nonce, echostr), timestamp, nonce, echostr }
}
