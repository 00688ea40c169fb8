import { createHttpClient } from '@liuliang/ui/http'
import { getWecom } from './wecom'

// The staff token lives only in memory: every sidebar opening is a fresh OAuth login, so nothing
// outlives the page.
let staffToken: string | null = null

export function setStaffToken(token: string | null): void {
  staffToken = token
}

/** The sidebar's API client; an expired or revoked token starts a fresh login. */
export const staffHttp = createHttpClient({
  getToken: () => staffToken,
  onUnauthorized: () => getWecom().restartLogin(),
})
