import type { ChangePasswordRequest } from '@liuliang/shared'
import { adminHttp } from '../../../lib/admin-http'

export function changePassword(request: ChangePasswordRequest): Promise<void> {
  return adminHttp.post<void>('/api/admin/password', request)
}
