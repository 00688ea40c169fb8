// The one place the sandbox reads process.env: validated once at start, failing with a list of what is
// wrong. Names and development values are the server's (server/src/env.ts), so the two pair up with no
// setup; the sandbox never runs in production, so it has no required variables.
import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEV_MERCHANT_PUBLIC_KEY } from './dev-merchant-key'

/** The development secrets, the same as the server's defaults. */
const DEV_DEFAULTS = {
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
  PAYMENT_MERCHANT_PUBLIC_KEY_PATH: '(built in)',
} as const

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export interface SandboxConfig {
  /** The development values this configuration fell back to: the server must use the same ones. */
  defaultsInUse: string[]
  host: string
  port: number
  logLevel: string
  /** The server's WeCom callback address. */
  callbackUrl: string
  statePath: string
  wechat: { appId: string; secret: string }
  wecom: { corpId: string; agentId: number; secret: string; callbackToken: string; encodingAesKey: string }
  payment: { mchId: string; apiV3Key: string; merchantSerialNo: string; merchantPublicKeyPem: string }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const problems: string[] = []

  const defaultsInUse: string[] = []
  const text = (name: keyof typeof DEV_DEFAULTS): string => {
    const value = env[name]?.trim()
    if (value) return value
    defaultsInUse.push(name)
    return DEV_DEFAULTS[name]
  }
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim()
    if (!raw) return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      problems.push(`${name} must be an integer between 0 and 65535, got "${raw}"`)
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

  // The server's port only names where callbacks go by default.
  const serverPort = port('PORT', 8080)
  const callbackToken = text('WECOM_CALLBACK_TOKEN')
  if (!/^[a-zA-Z0-9]{1,32}$/.test(callbackToken)) problems.push('WECOM_CALLBACK_TOKEN must be 1–32 letters or digits')
  const encodingAesKey = text('WECOM_ENCODING_AES_KEY')
  if (!/^[a-zA-Z0-9]{43}$/.test(encodingAesKey)) problems.push('WECOM_ENCODING_AES_KEY must be exactly 43 letters or digits')
  const agentId = Number(text('WECOM_AGENT_ID'))
  if (!Number.isInteger(agentId) || agentId <= 0) problems.push('WECOM_AGENT_ID must be a positive integer')
  const apiV3Key = text('PAYMENT_APIV3_KEY')
  if (Buffer.byteLength(apiV3Key) !== 32) problems.push('PAYMENT_APIV3_KEY must be exactly 32 bytes')
  const merchantSerialNo = text('PAYMENT_MERCHANT_SERIAL_NO')
  // The public half of the server's PAYMENT_MERCHANT_PRIVATE_KEY_PATH, as WeChat Pay holds it from the merchant certificate.
  const merchantKeyPath = text('PAYMENT_MERCHANT_PUBLIC_KEY_PATH')
  let merchantPublicKeyPem = DEV_MERCHANT_PUBLIC_KEY
  if (!defaultsInUse.includes('PAYMENT_MERCHANT_PUBLIC_KEY_PATH')) {
    try {
      merchantPublicKeyPem = readFileSync(resolve(env.INIT_CWD || process.cwd(), merchantKeyPath), 'utf8')
      createPublicKey(merchantPublicKeyPem)
    } catch (error) {
      problems.push(`PAYMENT_MERCHANT_PUBLIC_KEY_PATH must name a readable PEM public key file: ${(error as Error).message}`)
    }
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)

  const config: SandboxConfig = {
    defaultsInUse,
    host: env.HOST?.trim() || '127.0.0.1',
    port: port('SANDBOX_PORT', 8081),
    logLevel,
    callbackUrl: url('SANDBOX_CALLBACK_URL', `http://127.0.0.1:${serverPort}/wecom/callback`),
    // Relative to where the command was typed (pnpm passes it as INIT_CWD), as the server's data paths are.
    statePath: resolve(env.INIT_CWD || process.cwd(), env.SANDBOX_STATE_PATH?.trim() || './data/sandbox-state.json'),
    wechat: { appId: text('WECHAT_APPID'), secret: text('WECHAT_SECRET') },
    wecom: { corpId: text('WECOM_CORP_ID'), agentId, secret: text('WECOM_SECRET'), callbackToken, encodingAesKey },
    payment: { mchId: text('PAYMENT_MCH_ID'), apiV3Key, merchantSerialNo, merchantPublicKeyPem },
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
