// The customer 360 view as the console reads it: any customer by id, read-only.
import type { Customer360, CustomerRecommendations, FollowUpPage, TimelinePage } from '@liuliang/shared'
import type { Customer360Source } from '@liuliang/ui/customer-360'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

const customerPath = (customerId: number) => `/api/admin/customers/${customerId}`

export function useAdminCustomer360(customerId: number) {
  return useRequest((signal) => adminHttp.get<Customer360>(customerPath(customerId), { signal }), [customerId])
}

/** Further pages from the console's API; no guide, so nothing on the view is editable. */
export function adminSource(customerId: number): Customer360Source {
  return {
    loadTimelinePage: (cursor) => adminHttp.get<TimelinePage>(`${customerPath(customerId)}/timeline`, { query: { cursor } }),
    loadFollowUpPage: (cursor) => adminHttp.get<FollowUpPage>(`${customerPath(customerId)}/follow-ups`, { query: { cursor } }),
  }
}

/** What is recommended to the customer now, and how the cards guides sent went. */
export function useCustomerRecommendations(customerId: number) {
  return useRequest((signal) => adminHttp.get<CustomerRecommendations>(`${customerPath(customerId)}/recommendations`, { signal }), [customerId])
}
