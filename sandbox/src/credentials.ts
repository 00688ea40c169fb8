// Short-lived secrets the sandbox hands out: access tokens and JS-SDK tickets (leases), login codes
// (single use) and welcome codes (single use within a time limit).
import { randomBytes } from 'node:crypto'

const LIFETIME_MS = 7_200_000

export type Verdict = 'valid' | 'expired' | 'invalid'
export const REVOKE_MODES = ['expired', 'invalid'] as const
export type RevokeMode = (typeof REVOKE_MODES)[number]

interface Live {
  value: string
  expiresAt: number
}

/** A secret reused for its whole lifetime, as gettoken and the ticket endpoints do. */
export class Lease {
  private live: Live | null = null
  // Every value ever issued, so an old one answers "expired" rather than "invalid".
  private readonly issued = new Map<string, { expiresAt: number; revoked?: RevokeMode }>()

  /** The live value and its remaining seconds; a new one once the previous has run out or been revoked. */
  take(): { value: string; expiresIn: number } {
    const live = this.live && this.live.expiresAt > Date.now() ? this.live : this.renew()
    // Read the clock after renew() so a fresh value never reports more than its lifetime.
    return { value: live.value, expiresIn: Math.ceil((live.expiresAt - Date.now()) / 1000) }
  }

  /** Issues a new value; a previous one still live stops working at once (stable_token's force_refresh). */
  renew(): Live {
    if (this.live && this.live.expiresAt > Date.now()) this.revoke('invalid')
    const live = { value: randomBytes(96).toString('base64url'), expiresAt: Date.now() + LIFETIME_MS }
    this.issued.set(live.value, { expiresAt: live.expiresAt })
    this.live = live
    return live
  }

  /** Test hook: the live value starts failing with `mode`, and the next take() issues a fresh one. */
  revoke(mode: RevokeMode): void {
    if (!this.live) return
    const record = this.issued.get(this.live.value)
    if (record) record.revoked = mode
    this.live = null
  }

  check(value: string): Verdict {
    const record = this.issued.get(value)
    if (!record || record.revoked === 'invalid') return 'invalid'
    if (record.revoked === 'expired' || record.expiresAt <= Date.now()) return 'expired'
    return 'valid'
  }
}

/** Codes accepted once each (mini-program login codes, WeCom OAuth codes). */
export class UsedCodes {
  private readonly used = new Set<string>()

  /** True the first time a code is claimed, false ever after. */
  claim(code: string): boolean {
    if (this.used.has(code)) return false
    this.used.add(code)
    return true
  }
}

export type Redemption = 'ok' | 'unknown' | 'used'

/** WelcomeCodes: valid for a short time after the add event, usable once. */
export class WelcomeCodes {
  private readonly codes = new Map<string, { expiresAt: number; used: boolean }>()

  constructor(private readonly ttlMs: number) {}

  issue(): string {
    const now = Date.now()
    // Forget codes long past use so a long-running demo does not grow without bound.
    for (const [code, entry] of this.codes) if (entry.expiresAt + LIFETIME_MS < now) this.codes.delete(code)
    const code = randomBytes(24).toString('base64url')
    this.codes.set(code, { expiresAt: now + this.ttlMs, used: false })
    return code
  }

  /** Uses a code up. Callers check the message first, so a rejected message leaves the code valid. */
  redeem(code: string): Redemption {
    const entry = this.codes.get(code)
    if (entry?.used) return 'used'
    if (!entry || entry.expiresAt <= Date.now()) return 'unknown'
    entry.used = true
    return 'ok'
  }
}
