import type { CouponPage, CouponStatus } from '@liuliang/shared'
import { http } from './http'

export async function fetchMyCoupons(status: CouponStatus, cursor: string | null, options: { silent?: boolean } = {}): Promise<CouponPage> {
  const { data } = await http.get<CouponPage>('/api/mp/coupons', { ...options, params: cursor ? { status, cursor } : { status } })
  return data
}
