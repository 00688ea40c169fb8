import type { CustomerPage } from '@liuliang/shared'
import { useRequest } from '../../../../lib/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const CUSTOMER_PAGE_SIZE = 20

export function listCustomers(query: { q: string; cursor: string | null }, signal?: AbortSignal): Promise<CustomerPage> {
  return adminHttp.get<CustomerPage>('/api/admin/customers', {
    query: { q: query.q, cursor: query.cursor, limit: CUSTOMER_PAGE_SIZE },
    signal,
  })
}

export function useCustomerPage(q: string, cursor: string | null) {
  return useRequest((signal) => listCustomers({ q, cursor }, signal), [q, cursor])
}
