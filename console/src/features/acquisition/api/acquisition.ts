import type {
  ChurnPage,
  CreateLiveCodeRequest,
  CreateWelcomeMessageRequest,
  LiveCode,
  LiveCodeList,
  LiveCodeStats,
  StaffList,
  TagPickerList,
  UpdateLiveCodeRequest,
  UpdateWelcomeMessageRequest,
  WelcomeMessage,
  WelcomeMessageList,
} from '@liuliang/shared'
import { toApiError } from '@liuliang/ui/http'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp, adminSession } from '../../../lib/admin-http'
import { saveBlob } from '../../../lib/download'
import { qrFileName } from '../live-code-form'

export const useLiveCodes = () => useRequest((signal) => adminHttp.get<LiveCodeList>('/api/admin/live-codes', { signal }), [])
export const createLiveCode = (request: CreateLiveCodeRequest) => adminHttp.post<LiveCode>('/api/admin/live-codes', request)
export const updateLiveCode = (id: number, change: UpdateLiveCodeRequest) =>
  adminHttp.request<LiveCode>('PATCH', `/api/admin/live-codes/${id}`, { body: change })
export const deleteLiveCode = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/live-codes/${id}`)

export const useLiveCodeStats = (id: number) =>
  useRequest((signal) => adminHttp.get<LiveCodeStats>(`/api/admin/live-codes/${id}/stats`, { signal }), [id])

export const CHURN_PAGE_SIZE = 20
export const useChurn = (cursor: string | null) =>
  useRequest((signal) => adminHttp.get<ChurnPage>('/api/admin/churn', { query: { limit: CHURN_PAGE_SIZE, cursor }, signal }), [cursor])

/** Guides to pick from and tags to apply: what the live-code form offers. */
export function useLiveCodeOptions() {
  return useRequest(
    async (signal) => {
      const [staff, tags] = await Promise.all([
        adminHttp.get<StaffList>('/api/admin/staff', { signal }),
        adminHttp.get<TagPickerList>('/api/admin/tag-choices', { signal }),
      ])
      return { staff: staff.items, tagGroups: tags.groups }
    },
    [],
  )
}

/**
 * Saves the code's QR image as `<活码名称>.png`. WeCom's image lives on another origin, which a
 * download link cannot name, so the server's copy is fetched and saved from a blob.
 */
export async function downloadQrCode(code: Pick<LiveCode, 'id' | 'name'>): Promise<void> {
  const response = await fetch(`/api/admin/live-codes/${code.id}/qr-code`, {
    headers: { authorization: `Bearer ${adminSession.current()?.token ?? ''}` },
  })
  if (!response.ok) throw await toApiError(response)
  const image = await response.blob()
  saveBlob(image, qrFileName(code.name, image.type))
}

export const useWelcomeMessages = () =>
  useRequest((signal) => adminHttp.get<WelcomeMessageList>('/api/admin/welcome-messages', { signal }), [])
export const createWelcomeMessage = (request: CreateWelcomeMessageRequest) =>
  adminHttp.post<WelcomeMessage>('/api/admin/welcome-messages', request)
export const updateWelcomeMessage = (id: number, change: UpdateWelcomeMessageRequest) =>
  adminHttp.request<WelcomeMessage>('PATCH', `/api/admin/welcome-messages/${id}`, { body: change })
export const deleteWelcomeMessage = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/welcome-messages/${id}`)
