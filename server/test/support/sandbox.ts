import { createPublicKey } from 'node:crypto'
import { buildSandbox, type SandboxOptions } from '@liuliang/sandbox'
import type { Config } from '../../src/env'

export type Sandbox = Awaited<ReturnType<typeof buildSandbox>>

/** A sandbox listening on a free local port, holding the credentials the server's config names. */
export async function startSandbox(
  config: Pick<Config, 'wechat' | 'wecom' | 'payment'>,
  options: Partial<Omit<SandboxOptions, 'wechat' | 'wecom' | 'payment'>> = {},
): Promise<{ sandbox: Sandbox; url: string }> {
  const sandbox = await buildSandbox({
    wechat: config.wechat,
    wecom: config.wecom,
    // WeChat Pay holds the public half of the merchant's key, from the merchant certificate.
    payment: {
      mchId: config.payment.mchId,
      apiV3Key: config.payment.apiV3Key,
      merchantSerialNo: config.payment.merchantSerialNo,
      merchantPublicKeyPem: createPublicKey(config.payment.merchantPrivateKeyPem).export({ type: 'spki', format: 'pem' }) as string,
    },
    callbackUrl: () => '',
    statePath: null,
    ...options,
  })
  return { sandbox, url: await sandbox.listen({ port: 0, host: '127.0.0.1' }) }
}
