// Starts the sandbox on a real port and a real callback receiver, and speaks to both over HTTP.
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decrypt, getSignature } from '@wecom/crypto'
import { XMLParser } from 'fast-xml-parser'
import { buildSandbox, type SandboxOptions } from '../src/app'
import type { CallbackKeys } from '../src/envelope'

export const WECHAT = { appId: 'wx0000000000test01', secret: 'test-wechat-secret' }
export const WECOM = {
  corpId: 'ww0000000000test01',
  agentId: 1000002,
  secret: 'test-wecom-secret',
  callbackToken: 'SandboxTestToken',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
}
/** The test merchant's API key pair: WeChat Pay holds the public half (from the merchant certificate). */
export const MERCHANT_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 })
export const PAYMENT = {
  mchId: '1900000001',
  apiV3Key: 'SandboxTestApiV3Key0123456789abc',
  merchantSerialNo: '5A0B1C2D3E4F5061728394A5B6C7D8E9F0A1B2C3',
  merchantPublicKeyPem: MERCHANT_KEYS.publicKey.export({ type: 'spki', format: 'pem' }) as string,
}
export const KEYS: CallbackKeys = {
  token: WECOM.callbackToken,
  encodingAesKey: WECOM.encodingAesKey,
  corpId: WECOM.corpId,
}

export type Json = Record<string, any>

export interface ReceivedCallback {
  query: Record<string, string>
  body: string
  fields: Record<string, string>
}

const xml = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: false })

/** The string fields of a flat `<xml>` document. */
export function xmlFields(text: string): Record<string, string> {
  const root = (xml.parse(text) as { xml: Record<string, unknown> }).xml
  return Object.fromEntries(Object.entries(root).filter((field): field is [string, string] => typeof field[1] === 'string'))
}

/**
 * Opens an envelope as a receiver does, with WeCom's official library rather than the sandbox's own
 * code: checks msg_signature and the receiveid, and returns the inner XML.
 */
export function openWithOfficialLibrary(keys: CallbackKeys, query: Record<string, string>, body: string): string {
  const encrypt = xmlFields(body).Encrypt
  if (!encrypt) throw new Error('no <Encrypt> in the body')
  if (getSignature(keys.token, query.timestamp ?? '', query.nonce ?? '', encrypt) !== query.msg_signature) {
    throw new Error('bad msg_signature')
  }
  const { message, id } = decrypt(keys.encodingAesKey, encrypt)
  if (id !== keys.corpId) throw new Error('receiveid is not this corp')
  return message
}

/** A stand-in for the server's /wecom/callback: decrypts what arrives and answers the queued statuses. */
export async function startReceiver(keys: CallbackKeys = KEYS) {
  const received: ReceivedCallback[] = []
  const statuses: number[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const query = Object.fromEntries(new URL(request.url ?? '/', 'http://receiver').searchParams)
      try {
        received.push({ query, body, fields: xmlFields(openWithOfficialLibrary(keys, query, body)) })
        response.statusCode = statuses.shift() ?? 200
      } catch {
        response.statusCode = 400
      }
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    received,
    /** Statuses for the next deliveries, in order; 200 once they run out. */
    answerWith: (...next: number[]) => statuses.push(...next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

export async function startSandbox(overrides: Partial<SandboxOptions> & { receiver?: Receiver } = {}) {
  const { receiver, ...options } = overrides
  const app = await buildSandbox({
    wechat: WECHAT,
    wecom: WECOM,
    payment: PAYMENT,
    callbackUrl: () => receiver?.url ?? 'http://127.0.0.1:9/unreachable',
    ...options,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  async function request(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const type = response.headers.get('content-type') ?? ''
    const payload = type.includes('json') ? ((await response.json()) as Json) : Buffer.from(await response.arrayBuffer())
    return { status: response.status, type, json: payload as Json, bytes: payload as Buffer }
  }

  async function wecomToken(): Promise<string> {
    const { json } = await request('GET', `/cgi-bin/gettoken?corpid=${WECOM.corpId}&corpsecret=${WECOM.secret}`)
    return json.access_token as string
  }

  async function wechatToken(): Promise<string> {
    const query = `grant_type=client_credential&appid=${WECHAT.appId}&secret=${WECHAT.secret}`
    return (await request('GET', `/cgi-bin/token?${query}`)).json.access_token as string
  }

  /** A WeCom API call with a fresh token: GET with `query`, or POST with `body`. */
  async function wecom(api: string, input: { query?: Record<string, string>; body?: unknown } = {}): Promise<Json> {
    const query = new URLSearchParams({ ...input.query, access_token: await wecomToken() })
    const path = `/cgi-bin/${api}?${query}`
    return (await request(input.body === undefined ? 'GET' : 'POST', path, input.body)).json
  }

  return {
    app,
    base,
    request,
    wecomToken,
    wechatToken,
    wecom,
    externalcontact: (api: string, body: unknown) => wecom(`externalcontact/${api}`, { body }),
    addContact: (input: Json) => request('POST', '/sandbox/wecom/contacts', input),
    close: () => app.close(),
  }
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>
