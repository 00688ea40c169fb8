// The sandbox's callback sealing against WeCom's own: the documented vector, the official library
// (@wecom/crypto), and the byte layout the spec describes.
import { createDecipheriv } from 'node:crypto'
import { decrypt, getSignature } from '@wecom/crypto'
import { describe, expect, it } from 'vitest'
import { buildXml, encryptMessage, msgSignature, sealCallback } from '../src/envelope'
import { KEYS, openWithOfficialLibrary, xmlFields } from './helpers'

// The official example of WeCom's encryption doc (WeCom doc 91144).
const OFFICIAL = {
  keys: { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' },
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  signature: '477715d11cdb4164915debcba66cb864d751f3e6',
}

/** Decrypts by hand, keeping the padding, to look at the plaintext's bytes. */
function plaintextOf(encodingAesKey: string, encrypt: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  return Buffer.concat([decipher.update(encrypt, 'base64'), decipher.final()])
}

describe('the official documentation vector', () => {
  it('signs to the documented msg_signature', () => {
    const { keys, timestamp, nonce, encrypt } = OFFICIAL
    expect(msgSignature(keys.token, timestamp, nonce, encrypt)).toBe(OFFICIAL.signature)
  })

  it('encrypts its message back to the documented ciphertext, byte for byte', () => {
    const { message, id, random } = decrypt(OFFICIAL.keys.encodingAesKey, OFFICIAL.encrypt)
    expect(id).toBe(OFFICIAL.keys.corpId)
    expect(xmlFields(message)).toMatchObject({ FromUserName: 'mycreate', Content: 'hello', MsgId: '4561255354251345929' })
    expect(encryptMessage(OFFICIAL.keys.encodingAesKey, message, id, random)).toBe(OFFICIAL.encrypt)
  })
})

describe('sealed callbacks', () => {
  it('are opened by the official library: signature, receiveid and message', () => {
    const inner = '<xml><Event><![CDATA[change_external_contact]]></Event><Name><![CDATA[张三 & <李四>]]></Name></xml>'
    const { query, body } = sealCallback(KEYS, inner)
    const encrypt = xmlFields(body).Encrypt as string
    expect(query.msg_signature).toBe(getSignature(KEYS.token, query.timestamp, query.nonce, encrypt))
    expect(decrypt(KEYS.encodingAesKey, encrypt)).toMatchObject({ message: inner, id: KEYS.corpId })
    expect(openWithOfficialLibrary(KEYS, query, body)).toBe(inner)
    expect(xmlFields(body)).toEqual({ ToUserName: KEYS.corpId, AgentID: '', Encrypt: encrypt })
  })

  it('carry a fresh timestamp and nonce, and new random bytes each time', () => {
    const before = Math.floor(Date.now() / 1000)
    const first = sealCallback(KEYS, '<xml></xml>')
    const second = sealCallback(KEYS, '<xml></xml>')
    expect(Number(first.query.timestamp)).toBeGreaterThanOrEqual(before)
    expect(first.query.nonce).toMatch(/^\d+$/)
    expect(first.body).not.toBe(second.body)
  })

  it('lay out random, big-endian length, message and receiveid, padded with PKCS#7 to 32 bytes', () => {
    for (let length = 0; length <= 70; length++) {
      const message = 'x'.repeat(length)
      const encrypt = encryptMessage(KEYS.encodingAesKey, message, KEYS.corpId)
      const plain = plaintextOf(KEYS.encodingAesKey, encrypt)
      expect(plain.length % 32, `length ${length}`).toBe(0)
      const pad = plain[plain.length - 1] as number
      expect(pad).toBeGreaterThanOrEqual(1)
      expect(pad).toBeLessThanOrEqual(32)
      expect(plain.subarray(plain.length - pad).every((byte) => byte === pad)).toBe(true)
      expect(plain.readUInt32BE(16)).toBe(length)
      expect(plain.subarray(20, plain.length - pad).toString()).toBe(message + KEYS.corpId)
      expect(decrypt(KEYS.encodingAesKey, encrypt).message).toBe(message)
    }
  })

  it('count the length in bytes, not characters', () => {
    const plain = plaintextOf(KEYS.encodingAesKey, encryptMessage(KEYS.encodingAesKey, '欢迎', KEYS.corpId))
    expect(plain.readUInt32BE(16)).toBe(6)
  })

  it('refuse an EncodingAESKey that is not 43 base64 characters', () => {
    expect(() => encryptMessage('too-short', 'x', KEYS.corpId)).toThrow()
  })
})

describe('buildXml', () => {
  it('puts strings in CDATA, keeps numbers bare, and leaves out what is undefined', () => {
    expect(buildXml({ ToUserName: 'ww1', CreateTime: 1700000000, State: undefined, AgentID: '' })).toBe(
      '<xml><ToUserName><![CDATA[ww1]]></ToUserName><CreateTime>1700000000</CreateTime><AgentID><![CDATA[]]></AgentID></xml>',
    )
  })

  it('keeps text that contains the CDATA terminator intact', () => {
    expect(xmlFields(buildXml({ Name: 'a]]>b<c>' }))).toEqual({ Name: 'a]]>b<c>' })
  })
})
