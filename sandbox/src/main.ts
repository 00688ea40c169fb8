// Process entry of `pnpm sandbox`: the configuration or a clear exit, then listen until SIGINT or
// SIGTERM and close gracefully.
import closeWithGrace from 'close-with-grace'
import { buildSandbox } from './app'
import { ConfigError, loadConfig, type SandboxConfig } from './env'

function configOrExit(): SandboxConfig {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}

const config = configOrExit()
const app = await buildSandbox({
  wechat: config.wechat,
  wecom: config.wecom,
  payment: config.payment,
  callbackUrl: () => config.callbackUrl,
  statePath: config.statePath,
  // Merchant requests carry their signature in Authorization.
  logger: { level: config.logLevel, redact: ['req.headers.authorization'] },
  defaultsInUse: config.defaultsInUse,
})
closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  await app.close()
})
await app.listen({ port: config.port, host: config.host })
