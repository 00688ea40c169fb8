import type { Dashboard, Growth, RfmSummary } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export function useDashboard(from: string, to: string) {
  return useRequest(
    (signal) => adminHttp.get<Dashboard>('/api/admin/dashboard', { query: { from, to }, signal }),
    [from, to],
  )
}

export function useRfmSummary(from: string, to: string) {
  return useRequest(
    (signal) => adminHttp.get<RfmSummary>('/api/admin/rfm/summary', { query: { from, to }, signal }),
    [from, to],
  )
}

export function useGrowth(from: string, to: string) {
  return useRequest(
    (signal) => adminHttp.get<Growth>('/api/admin/dashboard/growth', { query: { from, to }, signal }),
    [from, to],
  )
}
