import Taro from '@tarojs/taro'
import { IS_H5 } from '../env'

/** People the sandbox can log in as, offered as one-tap choices on the h5 dev-login page. */
export const DEV_QUICK_PICKS = ['alice', 'bob', 'carol', 'dave'] as const

const WHO_PATTERN = /^[A-Za-z0-9_]{1,32}$/

export function isValidWho(who: string): boolean {
  return WHO_PATTERN.test(who)
}

/**
 * A sandbox login code for `who`. The sandbox accepts `test_<who>~<anything>` and uses each code
 * once, so every sign-in gets a fresh suffix.
 */
export function devLoginCode(who: string, random: () => number = Math.random): string {
  if (!isValidWho(who)) throw new Error(`invalid dev login name: ${who}`)
  const nonce = `${Date.now().toString(36)}${Math.floor(random() * 36 ** 6).toString(36)}`
  return `test_${who}~${nonce}`
}

/**
 * A one-time login code: from WeChat in the mini-program; on h5 from the person picked on the
 * dev-login page, or null when nobody has been picked yet.
 */
export async function obtainLoginCode(devWho: string | null): Promise<string | null> {
  if (IS_H5) return devWho ? devLoginCode(devWho) : null
  const { code } = await Taro.login()
  return code
}
