// 「联系我」 contact ways (WeCom doc 92572).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { RouteOptions } from './context'
import type { ContactWay } from './state'
import { jsonBody, ok, qrCodeUrl, readString } from './tencent-api'

const QR_SCENE = 2

/** Only QR-code ways (scene 2) have a qr_code, which the sandbox itself serves. */
function qrCodeOf(request: FastifyRequest, way: Pick<ContactWay, 'scene' | 'config_id'>) {
  return way.scene === QR_SCENE ? { qr_code: qrCodeUrl(request, way.config_id) } : {}
}

export const contactWayRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { contactWays } = sandbox

  app.post('/add_contact_way', async (request) => {
    const way = contactWays.add(jsonBody(request.body))
    return ok({ config_id: way.config_id, ...qrCodeOf(request, way) })
  })

  app.post('/get_contact_way', async (request) => {
    // create_time and assigned are the sandbox's bookkeeping, not part of WeCom's answer.
    const { create_time: _created, assigned: _assigned, ...way } = contactWays.find(
      readString(jsonBody(request.body), 'config_id'),
    )
    return ok({ contact_way: { ...way, ...qrCodeOf(request, way) } })
  })

  app.post('/update_contact_way', async (request) => {
    contactWays.update(jsonBody(request.body))
    return ok()
  })

  app.post('/del_contact_way', async (request) => {
    contactWays.remove(readString(jsonBody(request.body), 'config_id'))
    return ok()
  })

  app.post('/list_contact_way', async (request) => {
    const { ids, nextCursor } = contactWays.list(jsonBody(request.body))
    return ok({ contact_way: ids.map((id) => ({ config_id: id })), next_cursor: nextCursor })
  })
}
