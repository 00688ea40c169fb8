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
    payment: { mchId: config.payment.mchId, key: config.payment.notifyKey },
    callbackUrl: () => '',
    statePath: null,
    ...options,
  })
  return { sandbox, url: await sandbox.listen({ port: 0, host: '127.0.0.1' }) }
}
