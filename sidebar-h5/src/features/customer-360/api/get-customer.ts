import type { Customer360 } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'
import { useRequest } from '../../../lib/use-request'

export function getCustomer(externalUserId: string, signal?: AbortSignal): Promise<Customer360> {
  return staffHttp.get<Customer360>(`/api/sidebar/customers/${encodeURIComponent(externalUserId)}`, { signal })
}

export function useCustomer(externalUserId: string) {
  return useRequest((signal) => getCustomer(externalUserId, signal), [externalUserId])
}
