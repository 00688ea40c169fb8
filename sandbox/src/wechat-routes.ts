// Mini-program server APIs (WeChat mini-program server API docs), host api.weixin.qq.com.
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from './context'
import { DEFAULT_CODE_WIDTH, qrJpeg } from './qr-images'
import { subscribeMessageRoutes } from './subscribe-message-routes'
import {
  answerLikeTencent,
  ApiError,
  checkCredentials,
  jsonBody,
  queryString,
  readBool,
  readInt,
  readObject,
  readString,
  requireAccessToken,
  type Json,
} from './tencent-api'

/** `test_<who>` or `test_<who>~<anything>` log in the WeChat user `<who>`. */
const LOGIN_CODE = /^test_([A-Za-z0-9_]{1,32})(?:~.*)?$/s
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]*$/
const MAX_SCENE_CHARS = 32
const ENV_VERSIONS = ['release', 'trial', 'develop']

const invalidArgs = (reason: string) => new ApiError(40097, `invalid args: ${reason}`)

/** getwxacodeunlimit's body rules (WeChat getUnlimitedQRCode doc). */
function checkCodeRequest(body: Json): void {
  const scene = readString(body, 'scene')
  if (!scene) throw invalidArgs('scene is required')
  if ([...scene].length > MAX_SCENE_CHARS) throw new ApiError(40169, 'invalid length for scene')
  if (!SCENE_CHARS.test(scene)) throw invalidArgs('scene has characters outside [0-9a-zA-Z!#$&\'()*+,/:;=?@-._~]')
  const page = readString(body, 'page')
  if (page !== undefined && (page.startsWith('/') || page.includes('?'))) throw new ApiError(41030, 'invalid page')
  const width = readInt(body, 'width')
  if (width !== undefined && (width < 280 || width > 1280)) throw invalidArgs('width must be 280–1280')
  const envVersion = readString(body, 'env_version')
  if (envVersion !== undefined && !ENV_VERSIONS.includes(envVersion)) throw invalidArgs('invalid env_version')
  // The flags only change the picture; reading them still rejects a wrongly typed value.
  for (const flag of ['check_path', 'auto_color', 'is_hyaline']) readBool(body, flag)
  const lineColor = readObject(body, 'line_color')
  if (lineColor) {
    for (const channel of ['r', 'g', 'b']) {
      const value = readInt(lineColor, channel)
      if (value !== undefined && (value < 0 || value > 255)) throw invalidArgs(`line_color.${channel} must be 0–255`)
    }
  }
}

export const wechatRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  answerLikeTencent(app, 'wechat')
  const expected = { id: sandbox.options.wechat.appId, secret: sandbox.options.wechat.secret }
  const names = { id: 'appid', secret: 'appsecret' }
  const lease = sandbox.tokens.wechat
  const token = () => {
    const { value, expiresIn } = lease.take()
    return { access_token: value, expires_in: expiresIn }
  }

  app.get('/cgi-bin/token', async (request) => {
    checkCredentials(expected, { id: queryString(request, 'appid'), secret: queryString(request, 'secret') }, names)
    if (queryString(request, 'grant_type') !== 'client_credential') throw new ApiError(40002, 'invalid grant_type')
    return token()
  })

  // One token serves both endpoints; force_refresh replaces it at once, as stable_token's does.
  app.post('/cgi-bin/stable_token', async (request) => {
    const body = jsonBody(request.body)
    checkCredentials(expected, { id: readString(body, 'appid'), secret: readString(body, 'secret') }, names)
    if (readString(body, 'grant_type') !== 'client_credential') throw new ApiError(40002, 'invalid grant_type')
    if (readBool(body, 'force_refresh')) lease.renew()
    return token()
  })

  app.get('/sns/jscode2session', async (request) => {
    checkCredentials(expected, { id: queryString(request, 'appid'), secret: queryString(request, 'secret') }, names)
    if (queryString(request, 'grant_type') !== 'authorization_code') throw new ApiError(40002, 'invalid grant_type')
    const code = queryString(request, 'js_code')
    if (!code) throw new ApiError(41008, 'missing code')
    const who = LOGIN_CODE.exec(code)?.[1]
    if (!who) throw new ApiError(40029, 'invalid code')
    if (!sandbox.loginCodes.claim(code)) throw new ApiError(40163, 'code been used')
    return { openid: `o_${who}`, session_key: randomBytes(16).toString('base64'), unionid: `u_${who}` }
  })

  await app.register(async (guarded) => {
    guarded.addHook('onRequest', requireAccessToken(lease))

    guarded.post('/wxa/getwxacodeunlimit', async (request, reply) => {
      const body = jsonBody(request.body)
      checkCodeRequest(body)
      return reply.type('image/jpeg').send(qrJpeg(readString(body, 'scene') as string, readInt(body, 'width') ?? DEFAULT_CODE_WIDTH))
    })
    await guarded.register(subscribeMessageRoutes, { sandbox })
  })
}
