import type { SidebarCustomer } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'
import { useRequest } from '../../../lib/use-request'

export function getCustomer(externalUserId: string, signal?: AbortSignal): Promise<SidebarCustomer> {
  return staffHttp.get<SidebarCustomer>(`/api/sidebar/customers/${encodeURIComponent(externalUserId)}`, { signal })
}

export function useCustomer(externalUserId: string) {
  return useRequest((signal) => getCustomer(externalUserId, signal), [externalUserId])
}
