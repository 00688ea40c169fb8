import type {
  LeadKind,
  LeadPage,
  LeadRule,
  LeadRuleInput,
  LeadRuleList,
  LeadStats,
  LeadStatus,
  RecommendationStats,
  ScriptPage,
  StaffList,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const LEAD_PAGE_SIZE = 20

export interface LeadFilters {
  staffUserId: string
  kind: LeadKind | ''
  status: LeadStatus | ''
}

export const useLeadRules = () => useRequest((signal) => adminHttp.get<LeadRuleList>('/api/admin/lead-rules', { signal }), [])
export const saveLeadRule = (kind: LeadKind, rule: LeadRuleInput) => adminHttp.request<LeadRule>('PUT', `/api/admin/lead-rules/${kind}`, { body: rule })
export const generateLeads = () => adminHttp.post<{ created: Record<LeadKind, number> }>('/api/admin/leads/generate')

export const useLeads = (filters: LeadFilters, cursor: string | null) =>
  useRequest(
    (signal) =>
      adminHttp.get<LeadPage>('/api/admin/leads', {
        query: {
          limit: LEAD_PAGE_SIZE,
          cursor,
          staffUserId: filters.staffUserId || undefined,
          kind: filters.kind || undefined,
          status: filters.status || undefined,
        },
        signal,
      }),
    [filters.staffUserId, filters.kind, filters.status, cursor],
  )

export const useLeadStats = (from: string, to: string) =>
  useRequest((signal) => adminHttp.get<LeadStats>('/api/admin/leads/stats', { query: { from: from || undefined, to: to || undefined }, signal }), [from, to])

export const useRecommendationStats = (from: string, to: string) =>
  useRequest(
    (signal) => adminHttp.get<RecommendationStats>('/api/admin/recommendations/stats', { query: { from: from || undefined, to: to || undefined }, signal }),
    [from, to],
  )

export const useStaff = () => useRequest((signal) => adminHttp.get<StaffList>('/api/admin/staff', { signal }), [])

/** The brand's scripts a rule can suggest: the most used first page, enough for a picker. */
export const useBrandScripts = () =>
  useRequest(async (signal) => {
    const page = await adminHttp.get<ScriptPage>('/api/admin/scripts', { query: { limit: 100 }, signal })
    return { items: page.items.filter((script) => script.scope === 'corp') }
  }, [])
