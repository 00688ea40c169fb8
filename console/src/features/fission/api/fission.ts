import type {
  CouponTemplateList,
  CreateFissionActivityRequest,
  FissionActivity,
  FissionActivityList,
  FissionFunnel,
  FissionInvitePage,
  FissionInviteStatus,
  FissionParticipant,
  FissionParticipantPage,
  LiveCodeList,
  MallItemList,
  UpdateFissionActivityRequest,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const FISSION_PAGE_SIZE = 20
const base = '/api/admin/fission-activities'

export const useFissionActivities = () => useRequest((signal) => adminHttp.get<FissionActivityList>(base, { signal }), [])

/** What an activity is made from: the live codes (guide pools), the coupons and the mall's gifts. */
export const useRewardSources = () =>
  useRequest(
    async (signal) => {
      const [codes, coupons, items] = await Promise.all([
        adminHttp.get<LiveCodeList>('/api/admin/live-codes', { signal }),
        adminHttp.get<CouponTemplateList>('/api/admin/coupon-templates', { signal }),
        adminHttp.get<MallItemList>('/api/admin/mall/items', { signal }),
      ])
      return { codes: codes.items, coupons: coupons.items.filter((t) => t.active), items: items.items }
    },
    [],
  )

export const createFissionActivity = (body: CreateFissionActivityRequest) => adminHttp.post<FissionActivity>(base, body)
export const updateFissionActivity = (id: number, body: UpdateFissionActivityRequest) =>
  adminHttp.request<FissionActivity>('PATCH', `${base}/${id}`, { body })
export const deleteFissionActivity = (id: number) => adminHttp.request<void>('DELETE', `${base}/${id}`)

/** A reward that failed (the coupon stopped, the gift ran out), issued again. */
export const retryReward = (id: number, participantId: number) =>
  adminHttp.post<FissionParticipant>(`${base}/${id}/participants/${participantId}/reward`)

export const useFunnel = (id: number, version: number) =>
  useRequest((signal) => adminHttp.get<FissionFunnel>(`${base}/${id}/funnel`, { signal }), [id, version])

export const useParticipants = (id: number, cursor: string | null, version: number) =>
  useRequest(
    (signal) => adminHttp.get<FissionParticipantPage>(`${base}/${id}/participants`, { query: { limit: FISSION_PAGE_SIZE, cursor }, signal }),
    [id, cursor, version],
  )

export const useInvites = (id: number, status: FissionInviteStatus | '', cursor: string | null, version: number) =>
  useRequest(
    (signal) =>
      adminHttp.get<FissionInvitePage>(`${base}/${id}/invites`, { query: { limit: FISSION_PAGE_SIZE, cursor, status: status || undefined }, signal }),
    [id, status, cursor, version],
  )
