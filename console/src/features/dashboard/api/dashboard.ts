import type { Dashboard } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export function useDashboard(from: string, to: string) {
  return useRequest(
    (signal) => adminHttp.get<Dashboard>('/api/admin/dashboard', { query: { from, to }, signal }),
    [from, to],
  )
}
