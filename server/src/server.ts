// Process entry of `pnpm serve`. Everything else is in buildApp().
import { buildApp } from './app'
import { configOrExit, loggerOptions, serveUntilSignal } from './process'

const config = configOrExit()
const app = await buildApp({ config, logger: loggerOptions(), schedulerIntervalMs: config.schedulerIntervalMs })
await serveUntilSignal(app, config.port, config.host)
