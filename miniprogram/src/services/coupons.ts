import type { ClaimCentre, ClaimCouponResponse, CouponPage, CouponStatus, MyCouponDetail } from '@liuliang/shared'
import { http } from './http'
import { idempotent } from './idempotency'

export async function fetchMyCoupons(status: CouponStatus, cursor: string | null, options: { silent?: boolean } = {}): Promise<CouponPage> {
  const { data } = await http.get<CouponPage>('/api/mp/coupons', { ...options, params: cursor ? { status, cursor } : { status } })
  return data
}

export async function fetchCouponDetail(couponId: number, options: { silent?: boolean } = {}): Promise<MyCouponDetail> {
  const { data } = await http.get<MyCouponDetail>(`/api/mp/coupons/${couponId}`, options)
  return data
}

export async function fetchClaimCentre(options: { silent?: boolean } = {}): Promise<ClaimCentre> {
  const { data } = await http.get<ClaimCentre>('/api/mp/coupon-centre', options)
  return data
}

/** One tap, one key: a retried request answers the coupon it gave. */
export async function claimCoupon(claimableId: number): Promise<ClaimCouponResponse> {
  const { data } = await http.post<ClaimCouponResponse>(`/api/mp/coupon-centre/${claimableId}/claims`, undefined, idempotent())
  return data
}
