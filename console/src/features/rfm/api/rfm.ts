import type { RfmMonetaryMode, RfmRecomputeResult, RfmSettings, RfmSuggestion, RfmSummary } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useRfmSettings = () => useRequest((signal) => adminHttp.get<RfmSettings>('/api/admin/rfm/settings', { signal }), [])
export const saveRfmSettings = (settings: RfmSettings) => adminHttp.request<RfmSettings>('PUT', '/api/admin/rfm/settings', { body: settings })
export const fetchRfmSuggestion = (windowDays: number, monetaryMode: RfmMonetaryMode) =>
  adminHttp.get<RfmSuggestion>('/api/admin/rfm/suggestion', { query: { windowDays, monetaryMode } })
export const recomputeRfm = () => adminHttp.post<RfmRecomputeResult>('/api/admin/rfm/recompute')
export const useRfmSizes = (today: string) =>
  useRequest((signal) => adminHttp.get<RfmSummary>('/api/admin/rfm/summary', { query: { from: today, to: today }, signal }), [today])
