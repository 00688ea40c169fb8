import type { RedeemInStoreRequest, StoreCoupon } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'

export const previewCoupon = (redemptionCode: string) =>
  staffHttp.get<StoreCoupon>('/api/sidebar/coupon-redemptions/preview', { query: { redemptionCode } })

export const redeemCoupon = (request: RedeemInStoreRequest) => staffHttp.post<StoreCoupon>('/api/sidebar/coupon-redemptions', request)
