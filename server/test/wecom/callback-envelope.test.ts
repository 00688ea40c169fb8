import { describe, expect, it } from 'vitest'
import {
  CallbackFormatError,
  CallbackSignatureError,
  openCallback,
  openEchostr,
  sealCallback,
  sealEchostr,
} from '../../src/wecom/callback-envelope'

// The official example of WeCom's encryption doc (WeCom doc 91144).
const OFFICIAL = {
  keys: { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' },
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  signature: '477715d11cdb4164915debcba66cb864d751f3e6',
}

describe('callback envelope', () => {
  it('verifies and decrypts the official documentation vector', () => {
    const body = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${OFFICIAL.encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`
    const { fields } = openCallback(
      OFFICIAL.keys,
      { msg_signature: OFFICIAL.signature, timestamp: OFFICIAL.timestamp, nonce: OFFICIAL.nonce },
      body,
    )
    expect(fields).toMatchObject({ FromUserName: 'mycreate', Content: 'hello', MsgId: '4561255354251345929', AgentID: '218' })
  })

  it('rejects the official vector with one character of the signature changed', () => {
    const body = `<xml><Encrypt><![CDATA[${OFFICIAL.encrypt}]]></Encrypt></xml>`
    const query = { msg_signature: OFFICIAL.signature.replace(/^4/, '5'), timestamp: OFFICIAL.timestamp, nonce: OFFICIAL.nonce }
    expect(() => openCallback(OFFICIAL.keys, query, body)).toThrow(CallbackSignatureError)
  })

  it('rejects a message sealed for another corp even with a valid signature', () => {
    const sealed = sealCallback({ ...OFFICIAL.keys, corpId: 'ww-other-corp' }, '<xml><Event>x</Event></xml>')
    expect(() => openCallback(OFFICIAL.keys, sealed.query, sealed.body)).toThrow(CallbackSignatureError)
  })

  it('round-trips what it seals, including CDATA and Chinese text', () => {
    const inner = '<xml><Event><![CDATA[change_external_contact]]></Event><Name><![CDATA[张三 & <李四>]]></Name></xml>'
    const sealed = sealCallback(OFFICIAL.keys, inner)
    const opened = openCallback(OFFICIAL.keys, sealed.query, sealed.body)
    expect(opened.xml).toBe(inner)
    expect(opened.fields).toEqual({ Event: 'change_external_contact', Name: '张三 & <李四>' })
  })

  it('answers URL verification with the plaintext echostr', () => {
    const query = sealEchostr(OFFICIAL.keys, '1616140317555161061')
    expect(openEchostr(OFFICIAL.keys, query)).toBe('1616140317555161061')
    expect(() => openEchostr(OFFICIAL.keys, { ...query, nonce: `${query.nonce}1` })).toThrow(CallbackSignatureError)
  })

  it('calls a body without XML or without <Encrypt> malformed', () => {
    const query = { msg_signature: 'x', timestamp: '1', nonce: '1' }
    expect(() => openCallback(OFFICIAL.keys, query, 'not xml at all')).toThrow(CallbackFormatError)
    expect(() => openCallback(OFFICIAL.keys, query, '<xml><ToUserName>a</ToUserName></xml>')).toThrow(CallbackFormatError)
  })
})
