import type { MpLoginRequest, MpLoginResponse } from '@liuliang/shared'
import { createClient } from './client'

// Login runs on its own client: it sends no token and a 401 here means a bad code, not an expired
// session, so it must not trigger the re-login that `http` does.
const loginClient = createClient()

/** Exchanges a one-time login code for a session token. */
export async function login(code: string): Promise<MpLoginResponse> {
  const body: MpLoginRequest = { code }
  const { data } = await loginClient.post<MpLoginResponse>('/api/mp/login', body, { silent: true })
  return data
}
