import type { AuditPage, AuditQuery } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>

export function useAuditEntries(filters: AuditFilters, cursor: string | null) {
  return useRequest(
    (signal) => adminHttp.get<AuditPage>('/api/admin/audit-entries', { query: { ...filters, cursor, limit: 20 }, signal }),
    [JSON.stringify(filters), cursor],
  )
}
