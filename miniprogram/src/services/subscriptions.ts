import type { SubscriptionGrants, SubscriptionMoment, SubscriptionMomentTemplates } from '@liuliang/shared'
import { http } from './http'

export async function fetchMomentTemplates(moment: SubscriptionMoment): Promise<string[]> {
  return (await http.get<SubscriptionMomentTemplates>('/api/mp/subscriptions/templates', { params: { moment }, silent: true })).data.templateIds
}

/** What wx.requestSubscribeMessage answered, so the server knows which messages it may send. */
export async function reportSubscriptions(results: Record<string, string>): Promise<SubscriptionGrants> {
  return (await http.post<SubscriptionGrants>('/api/mp/subscriptions', { results }, { silent: true })).data
}
