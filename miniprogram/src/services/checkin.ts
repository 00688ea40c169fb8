import type { CheckInMonth, CheckInResponse, MakeupRequest, MakeupResponse } from '@liuliang/shared'
import { http } from './http'
import { idempotent } from './idempotency'

export async function fetchCheckInMonth(month?: string, options: { silent?: boolean } = {}): Promise<CheckInMonth> {
  const { data } = await http.get<CheckInMonth>('/api/mp/checkins', { ...options, params: month ? { month } : {} })
  return data
}

export async function checkIn(): Promise<CheckInResponse> {
  const { data } = await http.post<CheckInResponse>('/api/mp/checkins', undefined, idempotent())
  return data
}

export async function makeUp(date: string): Promise<MakeupResponse> {
  const body: MakeupRequest = { date }
  const { data } = await http.post<MakeupResponse>('/api/mp/checkins/makeup', body, idempotent())
  return data
}
