import { adminHttp } from '../../../lib/admin-http'

/** Ends this admin's sessions on the server, so the token is worthless even if it was copied. */
export function logOut(): Promise<void> {
  return adminHttp.post<void>('/api/admin/logout')
}
