// Customers and what the server sends them (WeCom docs 92137, 92114, 92118).
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from './context'
import { checkUserId } from './directory'
import { checkTextWithAttachments } from './messages'
import { ApiError, avatarUrl, jsonBody, ok, queryString, readString } from './tencent-api'

export const externalContactRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  app.get('/get', async (request) =>
    ok(sandbox.contacts.describe(queryString(request, 'external_userid'), (id) => avatarUrl(request, id))),
  )

  app.get('/list', async (request) =>
    ok({ external_userid: sandbox.contacts.listFor(checkUserId(queryString(request, 'userid'))) }),
  )

  app.post('/mark_tag', async (request) => {
    const body = jsonBody(request.body)
    sandbox.contacts.markTag(body)
    sandbox.logMessage('mark_tag', body)
    return ok()
  })

  app.post('/send_welcome_msg', async (request) => {
    const body = jsonBody(request.body)
    const code = readString(body, 'welcome_code')
    if (!code) throw new ApiError(41049, 'missing welcome_code')
    checkTextWithAttachments(body)
    const redemption = sandbox.welcomeCodes.redeem(code)
    if (redemption === 'used') throw new ApiError(41051, 'welcome code has been used')
    if (redemption === 'unknown') throw new ApiError(41050, 'invalid welcome code or expired')
    sandbox.logMessage('send_welcome_msg', body)
    return ok()
  })
}
