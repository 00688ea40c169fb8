import type {
  CreateGroupLiveCodeRequest,
  CreateGroupWelcomeTemplateRequest,
  GroupChatDetail,
  GroupChatMemberPage,
  GroupChatPage,
  GroupLiveCode,
  GroupLiveCodeList,
  GroupLiveCodeStats,
  GroupSyncResult,
  GroupWelcomeTemplate,
  GroupWelcomeTemplateList,
  StaffList,
  UpdateGroupLiveCodeRequest,
  UpdateGroupWelcomeTemplateRequest,
  WecomGroupStats,
} from '@liuliang/shared'
import { toApiError } from '@liuliang/ui/http'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp, adminSession } from '../../../lib/admin-http'
import { saveBlob } from '../../../lib/download'
import { everyPage } from '../../../lib/every-page'

export const GROUP_PAGE_SIZE = 20

export interface GroupFilters {
  ownerUserId: string
  name: string
  state: 'active' | 'dismissed'
  from: string
  to: string
}

export const useGroups = (filters: GroupFilters, cursor: string | null) =>
  useRequest(
    (signal) =>
      adminHttp.get<GroupChatPage>('/api/admin/customer-groups', {
        query: {
          limit: GROUP_PAGE_SIZE,
          cursor,
          state: filters.state,
          ownerUserId: filters.ownerUserId || undefined,
          name: filters.name.trim() || undefined,
          from: filters.from || undefined,
          to: filters.to || undefined,
        },
        signal,
      }),
    [filters.ownerUserId, filters.name, filters.state, filters.from, filters.to, cursor],
  )

export const useGroup = (id: number, range: { from: string; to: string }) =>
  useRequest(
    (signal) => adminHttp.get<GroupChatDetail>(`/api/admin/customer-groups/${id}`, { query: { from: range.from || undefined, to: range.to || undefined }, signal }),
    [id, range.from, range.to],
  )

export const useGroupMembers = (id: number, kind: '' | 'staff' | 'external', cursor: string | null) =>
  useRequest(
    (signal) =>
      adminHttp.get<GroupChatMemberPage>(`/api/admin/customer-groups/${id}/members`, {
        query: { limit: GROUP_PAGE_SIZE, cursor, kind: kind || undefined },
        signal,
      }),
    [id, kind, cursor],
  )

/** WeCom's own daily figures (up to yesterday): for the filtered owner, over the filtered days when given. */
export const useWecomGroupStats = (filters: GroupFilters) =>
  useRequest(
    (signal) =>
      adminHttp.get<WecomGroupStats>('/api/admin/customer-groups/statistics', {
        query: { ownerUserId: filters.ownerUserId || undefined, from: filters.from || undefined, to: filters.to || undefined },
        signal,
      }),
    [filters.ownerUserId, filters.from, filters.to],
  )

export const syncGroups = () => adminHttp.post<GroupSyncResult>('/api/admin/customer-groups/sync', {})

export const useStaff = () => useRequest((signal) => adminHttp.get<StaffList>('/api/admin/staff', { signal }), [])

/** Every active group, for the live-code editor's picker (a brand has hundreds at most). */
export const useAllGroups = () =>
  useRequest(async (signal) => ({ items: await everyPage<GroupChatPage['items'][number]>('/api/admin/customer-groups', signal) }), [])

export const useGroupLiveCodes = () => useRequest((signal) => adminHttp.get<GroupLiveCodeList>('/api/admin/group-live-codes', { signal }), [])
export const createGroupLiveCode = (request: CreateGroupLiveCodeRequest) => adminHttp.post<GroupLiveCode>('/api/admin/group-live-codes', request)
export const updateGroupLiveCode = (id: number, change: UpdateGroupLiveCodeRequest) =>
  adminHttp.request<GroupLiveCode>('PATCH', `/api/admin/group-live-codes/${id}`, { body: change })
export const deleteGroupLiveCode = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/group-live-codes/${id}`)
export const useGroupLiveCodeStats = (id: number) =>
  useRequest((signal) => adminHttp.get<GroupLiveCodeStats>(`/api/admin/group-live-codes/${id}/stats`, { signal }), [id])

/** Saves the code's QR image as `<群活码名称>.png`, fetched through the server (WeCom's image is on another origin). */
export async function downloadGroupQrCode(code: Pick<GroupLiveCode, 'id' | 'name'>): Promise<void> {
  const response = await fetch(`/api/admin/group-live-codes/${code.id}/qr-code`, {
    headers: { authorization: `Bearer ${adminSession.current()?.token ?? ''}` },
  })
  if (!response.ok) throw await toApiError(response)
  saveBlob(await response.blob(), `${code.name}.png`)
}

export const useGroupWelcomes = () =>
  useRequest((signal) => adminHttp.get<GroupWelcomeTemplateList>('/api/admin/group-welcome-templates', { signal }), [])
export const createGroupWelcome = (request: CreateGroupWelcomeTemplateRequest) =>
  adminHttp.post<GroupWelcomeTemplate>('/api/admin/group-welcome-templates', request)
export const updateGroupWelcome = (id: number, change: UpdateGroupWelcomeTemplateRequest) =>
  adminHttp.request<GroupWelcomeTemplate>('PATCH', `/api/admin/group-welcome-templates/${id}`, { body: change })
export const deleteGroupWelcome = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/group-welcome-templates/${id}`)
