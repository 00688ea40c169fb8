// The one place that reads process.env: validated once at start, failing with a list of what is wrong.
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEV_MERCHANT_PRIVATE_KEY } from './payments/dev-merchant-key'

const TENCENT_HOSTS = {
  wechat: 'https://api.weixin.qq.com',
  wecom: 'https://qyapi.weixin.qq.com',
} as const

/** Development values: they match the sandbox's defaults so `npm start` works with no setup. */
export const DEV_DEFAULTS = {
  JWT_SECRET: 'liuliang-dev-jwt-secret-change-me-0000',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'liuliang123',
  WECHAT_APPID: 'wx0000000000demo01',
  WECHAT_SECRET: 'sandbox-wechat-secret',
  WECOM_CORP_ID: 'ww0000000000demo01',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'sandbox-wecom-secret',
  WECOM_CALLBACK_TOKEN: 'LiuliangDemoToken',
  WECOM_ENCODING_AES_KEY: 'LiuliangSandboxEncodingAesKey0123456789abcd',
  PAYMENT_MCH_ID: '1900000109',
  PAYMENT_APIV3_KEY: 'LiuliangDevApiV3KeyChangeMe00000',
  PAYMENT_MERCHANT_SERIAL_NO: '4C1A2B3C4D5E6F708192A3B4C5D6E7F801234567',
  PAYMENT_MERCHANT_PRIVATE_KEY_PATH: '(built in)',
} as const

type SecretName = keyof typeof DEV_DEFAULTS

export type DatabaseEngine = 'sqlite' | 'postgres'

/** A postgres:// URL selects PostgreSQL; anything else is a SQLite file path. */
export function engineOf(location: string): DatabaseEngine {
  return /^postgres(ql)?:\/\//.test(location) ? 'postgres' : 'sqlite'
}

/** The engine this process runs on: one process, one engine, chosen by DATABASE_URL. */
export function processDatabaseEngine(env: NodeJS.ProcessEnv = process.env): DatabaseEngine {
  return engineOf(env.DATABASE_URL ?? '')
}

/** A path as the person typed it: relative to where they ran `pnpm …`, not to the package folder. */
export function pathFromCaller(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD || process.cwd(), path)
}

export interface Config {
  production: boolean
  /** The development values (DEV_DEFAULTS) this configuration fell back to; never any in production. */
  defaultsInUse: string[]
  /** How many reverse proxies stand in front of the server; their X-Forwarded-For entries are believed, no others. */
  trustProxyHops: number
  /** Whether /docs (the OpenAPI UI and document) is served: always outside production, in production when DOCS_PUBLIC=true. */
  serveDocs: boolean
  port: number
  host: string
  /** a SQLite file path, or a postgres:// URL */
  database: string
  /** how often each server looks for due scheduled jobs */
  schedulerIntervalMs: number
  /** how long the console's 发送 waits for a broadcast's send before answering with it under way */
  broadcastAnswerWithinMs: number
  businessTimeZone: string
  jwtSecret: string
  admin: { username: string; password: string }
  wechat: { apiBase: string; appId: string; secret: string }
  wecom: {
    apiBase: string
    corpId: string
    agentId: number
    secret: string
    callbackToken: string
    encodingAesKey: string
  }
  /** Host names whose pages the sidebar's JS-SDK signatures are given for (lowercase). */
  jssdkTrustedDomains: string[]
  /**
   * WeChat Pay API v3: requests are signed with the merchant's private key (its certificate's serial
   * named), answers and notifications verified with the platform's key, resources opened with the APIv3
   * key. Without a configured platform public key the platform certificates are downloaded.
   */
  payment: {
    apiBase: string
    mchId: string
    apiV3Key: string
    merchantSerialNo: string
    merchantPrivateKeyPem: string
    platformPublicKey: { id: string; pem: string } | null
    notifyUrl: string
  }
  sandbox: { port: number; callbackUrl: string; statePath: string }
}

/** The start-up warning of a server running on the public development values. */
export function defaultsWarning(names: readonly string[]): string {
  return (
    `PUBLIC DEVELOPMENT DEFAULTS IN USE: ${names.join(', ')}. They are in the source code, so anyone can sign in ` +
    'as the admin and forge tokens, WeCom callbacks and payment notifications. Set them (README, Configuration) ' +
    'before anyone else can reach this process.'
  )
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production'
  const problems: string[] = []

  const defaultsInUse: SecretName[] = []
  const secret = (name: SecretName): string => {
    const value = env[name]?.trim()
    if (value) return value
    if (production) problems.push(`${name} is required in production`)
    defaultsInUse.push(name)
    return DEV_DEFAULTS[name]
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim()
    if (!raw) return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
      return fallback
    }
    return value
  }
  const url = (name: string, fallback: string): string => {
    const value = env[name]?.trim() || fallback
    try {
      return new URL(value).toString().replace(/\/$/, '')
    } catch {
      problems.push(`${name} must be an absolute URL, got "${value}"`)
      return fallback
    }
  }

  // Relative paths are taken from where the command was typed (pnpm and npm pass it as INIT_CWD),
  // so `pnpm serve` at the root and `node dist/server.js` in server/ use the same files.
  const dataPath = (value: string | undefined, fallback: string) => pathFromCaller(value?.trim() || fallback, env)

  const port = int('PORT', 8080, 0, 65535)
  const sandboxPort = int('SANDBOX_PORT', 8081, 0, 65535)
  const sandboxBase = `http://127.0.0.1:${sandboxPort}`
  const businessTimeZone = env.TZ_BUSINESS?.trim() || 'Asia/Shanghai'
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: businessTimeZone })
  } catch {
    problems.push(`TZ_BUSINESS must be an IANA time zone, got "${businessTimeZone}"`)
  }

  const jwtSecret = secret('JWT_SECRET')
  if (jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters')
  const encodingAesKey = secret('WECOM_ENCODING_AES_KEY')
  if (!/^[a-zA-Z0-9]{43}$/.test(encodingAesKey)) {
    problems.push('WECOM_ENCODING_AES_KEY must be exactly 43 letters or digits')
  }
  const callbackToken = secret('WECOM_CALLBACK_TOKEN')
  if (!/^[a-zA-Z0-9]{1,32}$/.test(callbackToken)) {
    problems.push('WECOM_CALLBACK_TOKEN must be 1–32 letters or digits')
  }
  const apiV3Key = secret('PAYMENT_APIV3_KEY')
  if (Buffer.byteLength(apiV3Key) !== 32) problems.push('PAYMENT_APIV3_KEY must be exactly 32 bytes (the APIv3 key set in the merchant console)')
  const merchantSerialNo = secret('PAYMENT_MERCHANT_SERIAL_NO')
  if (!/^[0-9A-Fa-f]{8,64}$/.test(merchantSerialNo)) problems.push('PAYMENT_MERCHANT_SERIAL_NO must be the merchant certificate serial number (hex)')
  const pemAt = (name: string, path: string, kind: 'private' | 'public'): string | null => {
    try {
      const pem = readFileSync(pathFromCaller(path, env), 'utf8')
      if (kind === 'private') createPrivateKey(pem)
      else createPublicKey(pem)
      return pem
    } catch (error) {
      problems.push(`${name} must name a readable PEM ${kind} key file: ${(error as Error).message}`)
      return null
    }
  }
  const merchantKeyPath = secret('PAYMENT_MERCHANT_PRIVATE_KEY_PATH')
  const merchantPrivateKeyPem = defaultsInUse.includes('PAYMENT_MERCHANT_PRIVATE_KEY_PATH')
    ? DEV_MERCHANT_PRIVATE_KEY
    : (pemAt('PAYMENT_MERCHANT_PRIVATE_KEY_PATH', merchantKeyPath, 'private') ?? '')
  // The platform public key the merchant console gives, with its id; left out, the platform certificates are downloaded.
  const platformKeyPath = env.PAYMENT_PLATFORM_PUBLIC_KEY_PATH?.trim() ?? ''
  const platformKeyId = env.PAYMENT_PLATFORM_PUBLIC_KEY_ID?.trim() ?? ''
  if ((platformKeyPath === '') !== (platformKeyId === '')) {
    problems.push('PAYMENT_PLATFORM_PUBLIC_KEY_PATH and PAYMENT_PLATFORM_PUBLIC_KEY_ID go together (or leave both out to download the platform certificates)')
  }
  const platformPem = platformKeyPath && platformKeyId ? pemAt('PAYMENT_PLATFORM_PUBLIC_KEY_PATH', platformKeyPath, 'public') : null
  // No public default: in production WeChat Pay's address and the one it notifies must be named.
  for (const name of ['PAYMENT_API_BASE', 'PAYMENT_NOTIFY_URL']) {
    if (production && !env[name]?.trim()) problems.push(`${name} is required in production`)
  }
  const flag = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase()
    if (raw && raw !== 'true' && raw !== 'false') problems.push(`${name} must be true or false, got "${env[name]}"`)
    return raw === 'true'
  }
  const hostNames = (name: string, fallback: string[]): string[] => {
    const raw = env[name]?.trim()
    if (!raw) return fallback
    const names = raw.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean)
    const bad = names.filter((entry) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(entry))
    if (bad.length > 0) problems.push(`${name} must be comma-separated host names (no scheme, port or path), got "${bad.join('", "')}"`)
    return names
  }
  const wecomApiBase = url('WECOM_API_BASE', production ? TENCENT_HOSTS.wecom : sandboxBase)
  // Outside production the sidebar runs on this machine or beside the sandbox; production names its own.
  const jssdkTrustedDomains = hostNames('JSSDK_TRUSTED_DOMAINS', production ? [] : [...new Set(['localhost', '127.0.0.1', new URL(wecomApiBase).hostname])])
  const agentIdRaw = secret('WECOM_AGENT_ID')
  const agentId = Number(agentIdRaw)
  if (!Number.isInteger(agentId) || agentId <= 0) problems.push('WECOM_AGENT_ID must be a positive integer')

  const config: Config = {
    production,
    defaultsInUse,
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 10),
    serveDocs: flag('DOCS_PUBLIC') || !production,
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    database: env.DATABASE_URL || dataPath(env.DATABASE_PATH, './data/liuliang.db'),
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', 30_000, 100, 3_600_000),
    broadcastAnswerWithinMs: int('BROADCAST_ANSWER_WITHIN_MS', 5_000, 0, 55_000),
    businessTimeZone,
    jwtSecret,
    admin: { username: secret('ADMIN_USERNAME'), password: secret('ADMIN_PASSWORD') },
    wechat: {
      apiBase: url('WECHAT_API_BASE', production ? TENCENT_HOSTS.wechat : sandboxBase),
      appId: secret('WECHAT_APPID'),
      secret: secret('WECHAT_SECRET'),
    },
    wecom: {
      apiBase: wecomApiBase,
      corpId: secret('WECOM_CORP_ID'),
      agentId,
      secret: secret('WECOM_SECRET'),
      callbackToken,
      encodingAesKey,
    },
    jssdkTrustedDomains,
    payment: {
      apiBase: url('PAYMENT_API_BASE', sandboxBase),
      mchId: secret('PAYMENT_MCH_ID'),
      apiV3Key,
      merchantSerialNo,
      merchantPrivateKeyPem,
      platformPublicKey: platformPem ? { id: platformKeyId, pem: platformPem } : null,
      notifyUrl: url('PAYMENT_NOTIFY_URL', `http://127.0.0.1:${port}/payments/notify`),
    },
    sandbox: {
      port: sandboxPort,
      callbackUrl: url('SANDBOX_CALLBACK_URL', `http://127.0.0.1:${port}/wecom/callback`),
      statePath: dataPath(env.SANDBOX_STATE_PATH, './data/sandbox-state.json'),
    },
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
