import type { BindReferralResponse, CommissionPage, Distributor, Earnings, MyDistribution, Team, Withdrawal } from '@liuliang/shared'
import { API_BASE } from '../env'
import { useSessionStore } from '../stores/session'
import { http } from './http'

export async function fetchMyDistribution(): Promise<MyDistribution> {
  return (await http.get<MyDistribution>('/api/mp/distributor')).data
}

export async function applyDistributor(): Promise<Distributor> {
  return (await http.post<Distributor>('/api/mp/distributor')).data
}

export async function bindReferral(distributorCode: string): Promise<BindReferralResponse> {
  return (await http.post<BindReferralResponse>('/api/mp/referrals', { distributorCode }, { silent: true })).data
}

export async function fetchEarnings(): Promise<Earnings> {
  return (await http.get<Earnings>('/api/mp/distributor/earnings')).data
}

export async function fetchCommissions(): Promise<CommissionPage> {
  return (await http.get<CommissionPage>('/api/mp/distributor/commissions')).data
}

export async function fetchTeam(): Promise<Team> {
  return (await http.get<Team>('/api/mp/distributor/team')).data
}

export async function withdraw(amountFen: number): Promise<Withdrawal> {
  return (await http.post<Withdrawal>('/api/mp/distributor/withdrawals', { amountFen })).data
}

/** The share code is an image the page loads directly, so the token travels in the download request. */
export function shareCodeRequest(): { url: string; header: Record<string, string> } {
  const { token } = useSessionStore.getState()
  return { url: `${API_BASE}/api/mp/distributor/share-code`, header: token ? { Authorization: `Bearer ${token}` } : {} }
}
