// A server on the public development values says so, loudly, when it starts.
import { describe, expect, it } from 'vitest'
import { PRODUCTION_SECRETS } from './support/production'
import { startStack } from './support/stack'

async function startupWarnings(env: Record<string, string>): Promise<{ msg: string; defaultsInUse: string[] }[]> {
  const lines: string[] = []
  const stack = await startStack(env, { logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } })
  await stack.close()
  return lines.map((line) => JSON.parse(line)).filter((entry) => entry.defaultsInUse)
}

describe('the start of a server outside production', () => {
  it('warns that it runs on the public defaults, naming each one', async () => {
    const [warning, ...more] = await startupWarnings({})
    expect(more).toEqual([])
    expect(warning?.defaultsInUse).toEqual(expect.arrayContaining(['JWT_SECRET', 'ADMIN_PASSWORD', 'WECOM_ENCODING_AES_KEY', 'PAYMENT_APIV3_KEY', 'PAYMENT_MERCHANT_PRIVATE_KEY_PATH']))
    expect(warning?.msg).toMatch(/^PUBLIC DEVELOPMENT DEFAULTS IN USE: .*JWT_SECRET/)
  })

  it('leaves out what was set, and says nothing once everything is', async () => {
    const [warning] = await startupWarnings({ JWT_SECRET: 'a-secret-of-our-own-that-is-long-enough', ADMIN_PASSWORD: 'our-own-password' })
    expect(warning?.defaultsInUse).not.toContain('JWT_SECRET')
    expect(warning?.defaultsInUse).not.toContain('ADMIN_PASSWORD')
    expect(warning?.defaultsInUse).toContain('WECOM_SECRET')
    expect(await startupWarnings(PRODUCTION_SECRETS)).toEqual([])
  })
})
