import type { Customer360, FollowUpPage, TimelinePage } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'
import { useRequest } from '../../../lib/use-request'
import type { Customer360Source } from '../components/customer-view'

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

/** The guide in the chat: pages from the sidebar API, and everything on the view editable. */
export function guideSource(externalUserId: string, userId: string): Customer360Source {
  return {
    loadTimelinePage: (cursor) => getTimelinePage(externalUserId, cursor),
    loadFollowUpPage: (cursor) => getFollowUpPage(externalUserId, cursor),
    guide: { externalUserId, userId },
  }
}
