// The sandbox: a local stand-in for the WeChat and WeCom server APIs, plus the
// /sandbox control API. Tencent's two hosts and the payment gateway share one listener; their paths do not overlap.
import Fastify, { type FastifyInstance } from 'fastify'
import { createSandboxContext, type SandboxOptions } from './context'
import { memberIdsIn } from './directory'
import { controlRoutes } from './control-routes'
import { paymentControlRoutes, paymentGatewayRoutes } from './payment-routes'
import { wechatRoutes } from './wechat-routes'
import { wecomRoutes } from './wecom-routes'

export type { SandboxOptions } from './context'

export async function buildSandbox(options: SandboxOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false })
  const defaults = options.defaultsInUse ?? []
  if (defaults.length > 0) {
    app.log.warn(
      { defaultsInUse: defaults },
      `PUBLIC DEVELOPMENT DEFAULTS IN USE: ${defaults.join(', ')}. They are in the source code: a server configured with ` +
        'them is open to anyone. Use the sandbox for development only, with the values the server has.',
    )
  }
  const sandbox = createSandboxContext(options, app.log)
  // Any member a request names joins the corp's member list, as if the brand had added them in WeCom.
  app.addHook('preHandler', async (request) => {
    for (const userid of memberIdsIn([request.query, request.body])) sandbox.roster.see(userid)
  })
  await app.register(wechatRoutes, { sandbox })
  await app.register(wecomRoutes, { sandbox })
  await app.register(controlRoutes, { sandbox, prefix: '/sandbox' })
  await app.register(paymentGatewayRoutes, { sandbox })
  await app.register(paymentControlRoutes, { sandbox, prefix: '/sandbox/payments' })
  app.addHook('onClose', async () => sandbox.payments.close())
  return app
}
