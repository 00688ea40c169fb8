import type { AdminLoginRequest, AdminLoginResponse } from '@liuliang/shared'
import { adminHttp } from '../../../lib/admin-http'

export function logIn(credentials: AdminLoginRequest): Promise<AdminLoginResponse> {
  return adminHttp.post<AdminLoginResponse>('/api/admin/login', credentials, { auth: false })
}
