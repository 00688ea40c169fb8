// The processes `pnpm bench` measures, started as production runs them, and the small HTTP helpers
// the bench drives them with.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEV_DEFAULTS, engineOf } from '@liuliang/server/env'
import { repoRoot } from '@liuliang/server/paths'
import { DEV_MERCHANT_PRIVATE_KEY } from '@liuliang/server/payments/dev-merchant-key'

export const PORTS = { server: 18480, sandbox: 18481, baseline: 18482 }

/** The development values: the sandbox answers to them, and production mode needs each one named. */
export const SECRETS = DEV_DEFAULTS

export const SERVER_URL = `http://127.0.0.1:${PORTS.server}`

/**
 * Production mode on `database` (a SQLite file or a postgres:// URL), with Tencent's and the payment
 * gateway's addresses pointing at the sandbox.
 */
export function productionEnv(database: string, workDir: string): NodeJS.ProcessEnv {
  const sandbox = `http://127.0.0.1:${PORTS.sandbox}`
  // Production reads the merchant's key from a file: the development key, which the sandbox's gateway knows.
  const merchantKeyPath = join(workDir, 'apiclient_key.pem')
  writeFileSync(merchantKeyPath, DEV_MERCHANT_PRIVATE_KEY, { mode: 0o600 })
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(PORTS.server),
    SANDBOX_PORT: String(PORTS.sandbox),
    ...(engineOf(database) === 'postgres' ? { DATABASE_URL: database } : { DATABASE_PATH: database }),
    SANDBOX_STATE_PATH: join(workDir, 'sandbox.json'),
    WECHAT_API_BASE: sandbox,
    WECOM_API_BASE: sandbox,
    PAYMENT_API_BASE: sandbox,
    PAYMENT_NOTIFY_URL: `${SERVER_URL}/payments/notify`,
    ...(process.env.TZ_BUSINESS ? { TZ_BUSINESS: process.env.TZ_BUSINESS } : {}),
    ...SECRETS,
    PAYMENT_MERCHANT_PRIVATE_KEY_PATH: merchantKeyPath,
  }
}

export function startProcesses(env: NodeJS.ProcessEnv) {
  const children: ChildProcess[] = []
  const start = (script: string, extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [script], { env: { ...env, ...extra }, stdio: ['ignore', 'inherit', 'inherit'] })
    children.push(child)
    return child
  }
  const server = start(join(repoRoot, 'server/dist/server.js'))
  start(join(repoRoot, 'sandbox/dist/sandbox.js'))
  start(join(repoRoot, 'bench/dist/bench-baseline.js'), { PORT: String(PORTS.baseline) })
  return {
    server,
    /** Stops every process and waits for them to exit, so the next run can take the same ports. */
    stop: () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve()
              child.once('exit', () => resolve())
              child.kill('SIGTERM')
            }),
        ),
      ),
  }
}

export async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

export async function call<T>(path: string, init: { body?: unknown; token?: string } = {}): Promise<T> {
  const response = await fetch(`${SERVER_URL}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/**
 * A consumer token as the server signs it (HS256, audience mp, an expiry within the consumer's
 * lifetime), so the load needs no login per customer.
 */
export function consumerToken(customerId: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const iat = Math.floor(Date.now() / 1000)
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: String(customerId), aud: 'mp', sv: 0, iat, exp: iat + 3600 })}`
  return `${unsigned}.${createHmac('sha256', SECRETS.JWT_SECRET).update(unsigned).digest('base64url')}`
}

/** Peak resident memory of a process, from the kernel's high-water mark. */
export function peakRssBytes(pid: number | undefined): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
    return line ? Number(line[1]) * 1024 : null
  } catch {
    return null
  }
}
