import type { DrawResponse, LotteryList, LotteryView, MyPrizePage, ShippingAddress } from '@liuliang/shared'
import { http } from './http'
import { idempotent } from './idempotency'

export async function fetchLotteries(): Promise<LotteryList> {
  return (await http.get<LotteryList>('/api/mp/lotteries')).data
}

export async function fetchLottery(id: number): Promise<LotteryView> {
  return (await http.get<LotteryView>(`/api/mp/lotteries/${id}`)).data
}

export async function draw(id: number): Promise<DrawResponse> {
  return (await http.post<DrawResponse>(`/api/mp/lotteries/${id}/draws`, undefined, idempotent())).data
}

export async function fetchMyPrizes(): Promise<MyPrizePage> {
  return (await http.get<MyPrizePage>('/api/mp/lottery-prizes')).data
}

export async function claimPrize(drawId: number, address: ShippingAddress): Promise<DrawResponse> {
  return (await http.post<DrawResponse>(`/api/mp/lottery-prizes/${drawId}/claim`, { address })).data
}
