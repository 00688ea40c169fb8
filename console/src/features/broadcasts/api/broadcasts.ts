import type {
  BroadcastDetail,
  BroadcastPage,
  BroadcastPreview,
  BroadcastPreviewRequest,
  BroadcastRecipientPage,
  BroadcastRecipientStatus,
  BroadcastSettings,
  CreateBroadcastRequest,
  GroupChatPage,
  StaffList,
} from '@liuliang/shared'
import { useEffect, useState } from 'react'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const BROADCAST_PAGE_SIZE = 20

export const useBroadcasts = (cursor: string | null, version: number) =>
  useRequest((signal) => adminHttp.get<BroadcastPage>('/api/admin/broadcasts', { query: { limit: BROADCAST_PAGE_SIZE, cursor }, signal }), [cursor, version])

export const useBroadcast = (id: number, version: number) =>
  useRequest((signal) => adminHttp.get<BroadcastDetail>(`/api/admin/broadcasts/${id}`, { signal }), [id, version])

export const useRecipients = (id: number, status: BroadcastRecipientStatus | '', cursor: string | null, version: number) =>
  useRequest(
    (signal) =>
      adminHttp.get<BroadcastRecipientPage>(`/api/admin/broadcasts/${id}/recipients`, { query: { limit: 20, cursor, status: status || undefined }, signal }),
    [id, status, cursor, version],
  )

/** Who the broadcast would reach, asked again a moment after the audience stops changing. */
export function usePreview(audience: BroadcastPreviewRequest | null, delayMs = 300) {
  const key = JSON.stringify(audience)
  const [debounced, setDebounced] = useState(key)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(key), delayMs)
    return () => clearTimeout(timer)
  }, [key, delayMs])
  return useRequest(
    async (signal): Promise<BroadcastPreview | null> => {
      const body = JSON.parse(debounced) as BroadcastPreviewRequest | null
      return body ? adminHttp.post<BroadcastPreview>('/api/admin/broadcasts/preview', body, { signal }) : null
    },
    [debounced],
  )
}

export const useGroupChoices = () =>
  useRequest(
    async (signal) => {
      const [groups, staff] = await Promise.all([
        adminHttp.get<GroupChatPage>('/api/admin/customer-groups', { query: { limit: 100 }, signal }),
        adminHttp.get<StaffList>('/api/admin/staff', { signal }),
      ])
      return { groups: groups.items, staff: staff.items }
    },
    [],
  )

export const useBroadcastSettings = () => useRequest((signal) => adminHttp.get<BroadcastSettings>('/api/admin/broadcast-settings', { signal }), [])

/** The key makes a retried submit (a lost answer, a double click) create one broadcast. */
export const createBroadcast = (request: CreateBroadcastRequest, idempotencyKey: string) =>
  adminHttp.post<BroadcastDetail>('/api/admin/broadcasts', request, { headers: { 'idempotency-key': idempotencyKey } })

export const broadcastAction = (id: number, action: 'send' | 'sync' | 'remind' | 'cancel') =>
  adminHttp.post<BroadcastDetail>(`/api/admin/broadcasts/${id}/${action}`)

export const saveBroadcastSettings = (settings: BroadcastSettings) =>
  adminHttp.request<BroadcastSettings>('PUT', '/api/admin/broadcast-settings', { body: settings })
