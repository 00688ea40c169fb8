import type { MallItemDetail, MallItemList, RedeemRequest, RedeemResponse, RedemptionPage, ShippingAddress } from '@liuliang/shared'
import { http } from './http'
import { idempotent } from './idempotency'

export async function fetchMallItems(options: { silent?: boolean } = {}): Promise<MallItemList> {
  const { data } = await http.get<MallItemList>('/api/mp/mall/items', options)
  return data
}

export async function fetchMallItem(itemId: number, options: { silent?: boolean } = {}): Promise<MallItemDetail> {
  const { data } = await http.get<MallItemDetail>(`/api/mp/mall/items/${itemId}`, options)
  return data
}

export async function redeem(itemId: number, address?: ShippingAddress): Promise<RedeemResponse> {
  const body: RedeemRequest = address ? { address } : {}
  const { data } = await http.post<RedeemResponse>(`/api/mp/mall/items/${itemId}/redemptions`, body, idempotent())
  return data
}

export async function fetchMyRedemptions(cursor: string | null, options: { silent?: boolean } = {}): Promise<RedemptionPage> {
  const { data } = await http.get<RedemptionPage>('/api/mp/mall/redemptions', { ...options, params: cursor ? { cursor } : {} })
  return data
}
