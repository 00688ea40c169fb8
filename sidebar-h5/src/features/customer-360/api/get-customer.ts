import type { Customer360, FollowUpPage, TimelinePage } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

export const customerPath = (externalUserId: string) => `/api/sidebar/customers/${encodeURIComponent(externalUserId)}`

export function getCustomer(externalUserId: string, signal?: AbortSignal): Promise<Customer360> {
  return staffHttp.get<Customer360>(customerPath(externalUserId), { signal })
}

/** The whole 360 view in one request. */
export function useCustomer360(externalUserId: string) {
  return useRequest((signal) => getCustomer(externalUserId, signal), [externalUserId])
}

export function getTimelinePage(externalUserId: string, cursor: string): Promise<TimelinePage> {
  return staffHttp.get<TimelinePage>(`${customerPath(externalUserId)}/timeline`, { query: { cursor } })
}

export function getFollowUpPage(externalUserId: string, cursor: string): Promise<FollowUpPage> {
  return staffHttp.get<FollowUpPage>(`${customerPath(externalUserId)}/follow-ups`, { query: { cursor } })
}
