// WeCom server APIs (WeCom doc 91039, WeCom doc 90506), host qyapi.weixin.qq.com: token, JS-SDK tickets, OAuth,
// member directory, app messages and temporary media; the customer-contact families are registered under them.
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { contactWayRoutes } from './contact-way-routes'
import type { RouteOptions } from './context'
import { corpTagRoutes } from './corp-tag-routes'
import type { Lease } from './credentials'
import { checkUserId, DEPARTMENTS, departmentSubtree, describeMember, leadersOf } from './directory'
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
  readInt,
  readString,
  requireAccessToken,
} from './tencent-api'

const MAX_LIST_ID_LIMIT = 10_000

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
      department: member.department,
      main_department: member.main_department,
      is_leader_in_dept: member.is_leader_in_dept,
      position: member.position,
      gender: String(member.gender),
      avatar,
      thumb_avatar: avatar,
      status: 1,
      enable: 1,
    })
  })

  // WeCom doc 90344: a department and every department under it, or the whole tree without id.
  app.get('/cgi-bin/department/list', async (request) => {
    const id = queryString(request, 'id')
    const departments = id === undefined ? DEPARTMENTS : /^\d+$/.test(id) ? departmentSubtree(Number(id)) : []
    if (departments.length === 0) throw new ApiError(60123, 'invalid party id')
    return ok({ department: departments.map((department) => ({ ...department, department_leader: leadersOf(department.id) })) })
  })

  // WeCom doc 96067: one row per member and department, paged by an opaque cursor.
  app.post('/cgi-bin/user/list_id', async (request) => {
    const body = jsonBody(request.body)
    const limit = readInt(body, 'limit') ?? MAX_LIST_ID_LIMIT
    if (limit < 1 || limit > MAX_LIST_ID_LIMIT) throw invalidParameter(`limit must be 1 to ${MAX_LIST_ID_LIMIT}`)
    const cursor = readString(body, 'cursor')
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0
    if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('invalid cursor')
    const rows = sandbox.roster.all().flatMap((userid) => describeMember(userid).department.map((department) => ({ userid, department })))
    const next = offset + limit
    return ok({
      next_cursor: next < rows.length ? Buffer.from(String(next)).toString('base64url') : '',
      dept_user: rows.slice(offset, next),
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
