import type {
  GroupTransferPage,
  GroupTransferRequest,
  GroupTransferResult,
  GuideCustomerPage,
  GuideGroupList,
  OnJobTransferRequest,
  ResignedGuideList,
  TakeoverGuideList,
  TransferKind,
  TransferListQuery,
  TransferPage,
  TransferPreview,
  TransferRefresh,
  TransferStarted,
  UnassignedSync,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const PICKER_PAGE_SIZE = 20
export const RECORD_PAGE_SIZE = 20

const base = '/api/admin/inheritance'
const path = (kind: TransferKind) => (kind === 'on_job' ? 'on-job' : 'resigned')

export const useTakeoverGuides = () => useRequest((signal) => adminHttp.get<TakeoverGuideList>(`${base}/guides`, { signal }), [])

export const useGuideCustomers = (staffId: number | null, q: string, cursor: string | null) =>
  useRequest(
    async (signal): Promise<GuideCustomerPage> =>
      staffId === null
        ? { items: [], nextCursor: null }
        : adminHttp.get<GuideCustomerPage>(`${base}/guides/${staffId}/customers`, {
            query: { limit: PICKER_PAGE_SIZE, cursor, q: q.trim() || undefined },
            signal,
          }),
    [staffId, q, cursor],
  )

export const previewTransfer = (kind: TransferKind, request: OnJobTransferRequest) =>
  adminHttp.post<TransferPreview>(`${base}/${path(kind)}/preview`, request)
export const startTransfer = (kind: TransferKind, request: OnJobTransferRequest) =>
  adminHttp.post<TransferStarted>(`${base}/${path(kind)}/transfers`, request)

export const useResignedGuides = () => useRequest((signal) => adminHttp.get<ResignedGuideList>(`${base}/resigned`, { signal }), [])
export const syncResigned = () => adminHttp.post<UnassignedSync>(`${base}/resigned/sync`)

export const useTransfers = (filters: Pick<TransferListQuery, 'kind' | 'status'>, cursor: string | null) =>
  useRequest(
    (signal) => adminHttp.get<TransferPage>(`${base}/transfers`, { query: { ...filters, limit: RECORD_PAGE_SIZE, cursor }, signal }),
    [filters.kind, filters.status, cursor],
  )
export const refreshTransfers = () => adminHttp.post<TransferRefresh>(`${base}/transfers/refresh`)

export const useGuideGroups = (staffId: number) =>
  useRequest((signal) => adminHttp.get<GuideGroupList>(`${base}/guides/${staffId}/groups`, { signal }), [staffId])
export const transferGroups = (request: GroupTransferRequest) => adminHttp.post<GroupTransferResult>(`${base}/groups/transfers`, request)
export const useGroupTransfers = (kind: TransferKind | undefined, cursor: string | null) =>
  useRequest(
    (signal) => adminHttp.get<GroupTransferPage>(`${base}/group-transfers`, { query: { kind, limit: RECORD_PAGE_SIZE, cursor }, signal }),
    [kind, cursor],
  )
