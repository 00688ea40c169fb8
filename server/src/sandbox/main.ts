// Process entry of `pnpm sandbox`: configuration, logger, listen, graceful close.
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig } from '../env'
import { buildSandbox } from './app'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
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
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
  })
  closeWithGrace({ delay: 5000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    await app.close()
  })
  await app.listen({ port: sandbox.port, host: config.host })
}

void main()
