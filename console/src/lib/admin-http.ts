import { createHttpClient } from '@liuliang/ui/http'
import { createAdminSessionStore } from './admin-session'

// sessionStorage: the console stays signed in across reloads of one tab, never beyond it.
export const adminSession = createAdminSessionStore(window.sessionStorage)

/** The console's API client; a 401 (revoked or expired token) goes back to the login page. */
export const adminHttp = createHttpClient({
  getToken: () => adminSession.current()?.token ?? null,
  onUnauthorized: () => adminSession.signOut('expired'),
})
