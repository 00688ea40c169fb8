// What every long-running entry (server, sandbox) does around its app: configuration or a clear
// exit, then listen and close gracefully on a signal.
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { ConfigError, loadConfig, type Config } from './env'

/** The validated configuration; a bad one ends the process with the list of problems, not a stack trace. */
export function configOrExit(): Config {
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

export const loggerOptions = () => ({ level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] })

export async function serveUntilSignal(app: FastifyInstance, port: number, host: string): Promise<void> {
  closeWithGrace({ delay: 5000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    await app.close()
  })
  await app.listen({ port, host })
}
