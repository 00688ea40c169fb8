// What a production deployment must set: with these, a stack runs as in production (NODE_ENV=production).
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The merchant's own WeChat Pay API key, as a production deployment keeps it: in a file.
const merchantKeyPath = join(mkdtempSync(join(tmpdir(), 'liuliang-merchant-')), 'apiclient_key.pem')
writeFileSync(merchantKeyPath, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }))

export const PRODUCTION_SECRETS = {
  JWT_SECRET: 'a-production-secret-that-is-long-enough-0001',
  ADMIN_USERNAME: 'ops',
  ADMIN_PASSWORD: 'a strong password',
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_SECRET: 'wechat-secret',
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000005',
  WECOM_SECRET: 'wecom-secret',
  WECOM_CALLBACK_TOKEN: 'Token123',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  PAYMENT_MCH_ID: '1230000109',
  PAYMENT_APIV3_KEY: 'AProductionApiV3Key0123456789abc',
  PAYMENT_MERCHANT_SERIAL_NO: '7B6A5C4D3E2F10FEDCBA98765432100123456789',
  PAYMENT_MERCHANT_PRIVATE_KEY_PATH: merchantKeyPath,
  PAYMENT_API_BASE: 'https://pay.example.com',
  PAYMENT_NOTIFY_URL: 'https://shop.example.com/payments/notify',
}

/** The environment of a stack that runs as in production; Tencent's hosts are still the sandbox. */
export const PRODUCTION_ENV: Record<string, string> = { NODE_ENV: 'production', ...PRODUCTION_SECRETS }
