import type {
  Coupon,
  CouponClaimable,
  CouponClaimableList,
  CouponIssueBatch,
  CouponIssueBatchPage,
  CouponStatsList,
  CreateCouponClaimableRequest,
  IssueCouponBatchRequest,
  UpdateCouponClaimableRequest,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

const idempotent = (key: string) => ({ headers: { 'Idempotency-Key': key } })

/** A key per intended issue: a retry or a second click on the same confirmation issues once. */
export const newIssueKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

export const issueToCustomer = (customerId: number, templateId: number, key: string) =>
  adminHttp.post<Coupon>(`/api/admin/customers/${customerId}/coupons`, { templateId }, idempotent(key))

export const issueToAudience = (request: IssueCouponBatchRequest, key: string) =>
  adminHttp.post<CouponIssueBatch>('/api/admin/coupon-batches', request, idempotent(key))

export const getBatch = (id: number) => adminHttp.get<CouponIssueBatch>(`/api/admin/coupon-batches/${id}`)

export const useBatches = (cursor: string | null) =>
  useRequest((signal) => adminHttp.get<CouponIssueBatchPage>('/api/admin/coupon-batches', { query: cursor ? { cursor } : {}, signal }), [cursor])

export const useClaimables = () => useRequest((signal) => adminHttp.get<CouponClaimableList>('/api/admin/coupon-claimables', { signal }), [])
export const publishClaimable = (request: CreateCouponClaimableRequest) => adminHttp.post<CouponClaimable>('/api/admin/coupon-claimables', request)
export const updateClaimable = (id: number, patch: UpdateCouponClaimableRequest) =>
  adminHttp.request<CouponClaimable>('PATCH', `/api/admin/coupon-claimables/${id}`, { body: patch })

export const useCouponStats = () => useRequest((signal) => adminHttp.get<CouponStatsList>('/api/admin/coupon-stats', { signal }), [])
