// Corp customer tags (WeCom doc 92117). API calls fire no change_external_tag callback, as in WeCom.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from './context'
import { jsonBody, ok } from './tencent-api'

export const corpTagRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { corpTags } = sandbox

  app.post('/get_corp_tag_list', async (request) => ok({ tag_group: corpTags.list(jsonBody(request.body)) }))

  app.post('/add_corp_tag', async (request) => ok({ tag_group: corpTags.add(jsonBody(request.body)) }))

  app.post('/edit_corp_tag', async (request) => {
    corpTags.edit(jsonBody(request.body))
    return ok()
  })

  app.post('/del_corp_tag', async (request) => {
    corpTags.remove(jsonBody(request.body))
    return ok()
  })
}
