// Process entry of `pnpm sandbox`.
import { configOrExit, loggerOptions, serveUntilSignal } from '../process'
import { buildSandbox } from './app'

const config = configOrExit()
const { wechat, wecom, sandbox, payment } = config
const app = await buildSandbox({
  wechat: { appId: wechat.appId, secret: wechat.secret },
  wecom: {
    corpId: wecom.corpId,
    agentId: wecom.agentId,
    secret: wecom.secret,
    callbackToken: wecom.callbackToken,
    encodingAesKey: wecom.encodingAesKey,
  },
  payment: { mchId: payment.mchId, key: payment.notifyKey },
  callbackUrl: () => sandbox.callbackUrl,
  statePath: sandbox.statePath,
  logger: loggerOptions(),
})
await serveUntilSignal(app, sandbox.port, config.host)
