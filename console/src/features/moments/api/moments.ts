import type {
  CreateMomentRequest,
  MomentInteractionPage,
  MomentReachPage,
  MomentTaskDetail,
  MomentTaskPage,
  RemindMomentResponse,
  StaffList,
  TagPickerList,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const MOMENT_PAGE_SIZE = 20

export const useMoments = (cursor: string | null) =>
  useRequest((signal) => adminHttp.get<MomentTaskPage>('/api/admin/moments', { query: { limit: MOMENT_PAGE_SIZE, cursor }, signal }), [cursor])

export const useMoment = (id: number) => useRequest((signal) => adminHttp.get<MomentTaskDetail>(`/api/admin/moments/${id}`, { signal }), [id])

export const useMomentInteractions = (id: number, cursor: string | null) =>
  useRequest(
    (signal) => adminHttp.get<MomentInteractionPage>(`/api/admin/moments/${id}/interactions`, { query: { limit: MOMENT_PAGE_SIZE, cursor }, signal }),
    [id, cursor],
  )

export const useMomentReach = (id: number, staffUserId: string, cursor: string | null) =>
  useRequest(
    (signal) =>
      adminHttp.get<MomentReachPage>(`/api/admin/moments/${id}/posts/${encodeURIComponent(staffUserId)}/customers`, {
        query: { limit: MOMENT_PAGE_SIZE, cursor },
        signal,
      }),
    [id, staffUserId, cursor],
  )

export const createMoment = (request: CreateMomentRequest) => adminHttp.post<MomentTaskDetail>('/api/admin/moments', request)
export const syncMoment = (id: number) => adminHttp.post<MomentTaskDetail>(`/api/admin/moments/${id}/sync`, {})
export const remindMoment = (id: number, staffUserIds?: string[]) =>
  adminHttp.post<RemindMomentResponse>(`/api/admin/moments/${id}/reminders`, staffUserIds ? { staffUserIds } : {})

/** The guides and tags the form picks from. */
export const useAudienceChoices = () =>
  useRequest(async (signal) => {
    const [staff, tags] = await Promise.all([
      adminHttp.get<StaffList>('/api/admin/staff', { signal }),
      adminHttp.get<TagPickerList>('/api/admin/tag-choices', { signal }),
    ])
    return { staff: staff.items, tagGroups: tags.groups }
  }, [])
