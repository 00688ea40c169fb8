// WeCom server APIs (WeCom doc 91039, WeCom doc 90506), host qyapi.weixin.qq.com: token, JS-SDK tickets, OAuth,
// member directory, app messages and temporary media; the customer-contact families are registered under them.
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { contactWayRoutes } from './contact-way-routes'
import type { RouteOptions } from './context'
import { corpTagRoutes } from './corp-tag-routes'
import type { Lease } from './credentials'
import { checkUserId, describeMember } from './directory'
import { externalContactRoutes } from './externalcontact-routes'
import { groupChatRoutes } from './group-chat-routes'
import { groupMessageRoutes } from './group-message-routes'
import { mediaRoutes } from './media-routes'
import { momentRoutes } from './moment-routes'
import { transferRoutes } from './transfer-routes'
import { checkAppMessage } from './messages'
import {
  answerLikeTencent,
  ApiError,
  avatarUrl,
  checkCredentials,
  invalidParameter,
  jsonBody,
  ok,
  queryString,
  requireAccessToken,
} from './tencent-api'

/** `test_<userid>` (or `test_<userid>~<anything>`, for a fresh code) logs in member `<userid>`. */
const OAUTH_CODE = /^test_([A-Za-z0-9_.@-]{1,64})(?:~.*)?$/s

function ticketFrom(lease: Lease) {
  const { value, expiresIn } = lease.take()
  return ok({ ticket: value, expires_in: expiresIn })
}

const memberApis: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  app.get('/cgi-bin/get_jsapi_ticket', async () => ticketFrom(sandbox.tickets.corp))

  app.get('/cgi-bin/ticket/get', async (request) => {
    if (queryString(request, 'type') !== 'agent_config') throw invalidParameter('type must be agent_config')
    return ticketFrom(sandbox.tickets.agent)
  })

  app.get('/cgi-bin/auth/getuserinfo', async (request) => {
    const code = queryString(request, 'code')
    if (!code) throw new ApiError(41008, 'missing code')
    const userid = OAUTH_CODE.exec(code)?.[1]
    if (!userid || !sandbox.oauthCodes.claim(code)) throw new ApiError(40029, 'invalid code')
    return ok({ userid })
  })

  app.get('/cgi-bin/user/get', async (request) => {
    const member = describeMember(checkUserId(queryString(request, 'userid')))
    const avatar = avatarUrl(request, member.userid)
    return ok({
      userid: member.userid,
      name: member.name,
      department: [member.department],
      main_department: member.department,
      position: member.position,
      gender: String(member.gender),
      avatar,
      thumb_avatar: avatar,
      status: 1,
      enable: 1,
    })
  })

  app.post('/cgi-bin/message/send', async (request) => {
    const body = jsonBody(request.body)
    const { invalidUsers } = checkAppMessage(body, sandbox.options.wecom.agentId)
    sandbox.logMessage('message/send', body)
    return ok({ invaliduser: invalidUsers.join('|'), msgid: randomBytes(24).toString('base64url') })
  })
}

export const wecomRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  answerLikeTencent(app, 'wecom')
  const { corpId, secret } = sandbox.options.wecom

  app.get('/cgi-bin/gettoken', async (request) => {
    checkCredentials(
      { id: corpId, secret },
      { id: queryString(request, 'corpid'), secret: queryString(request, 'corpsecret') },
      { id: 'corpid', secret: 'corpsecret' },
    )
    const { value, expiresIn } = sandbox.tokens.wecom.take()
    return ok({ access_token: value, expires_in: expiresIn })
  })

  await app.register(async (guarded) => {
    guarded.addHook('onRequest', requireAccessToken(sandbox.tokens.wecom))
    const prefix = '/cgi-bin/externalcontact'
    await guarded.register(memberApis, { sandbox })
    await guarded.register(mediaRoutes, { sandbox })
    await guarded.register(externalContactRoutes, { sandbox, prefix })
    await guarded.register(contactWayRoutes, { sandbox, prefix })
    await guarded.register(corpTagRoutes, { sandbox, prefix })
    await guarded.register(groupChatRoutes, { sandbox, prefix })
    await guarded.register(transferRoutes, { sandbox, prefix })
    await guarded.register(groupMessageRoutes, { sandbox, prefix })
    await guarded.register(momentRoutes, { sandbox, prefix })
  })
}
