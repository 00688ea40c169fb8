import type { MeResponse } from '@liuliang/shared'
import { http } from './http'

/** The signed-in customer's member card: profile, points, level and growth. */
export async function fetchMe(options: { silent?: boolean } = {}): Promise<MeResponse> {
  const { data } = await http.get<MeResponse>('/api/mp/me', options)
  return data
}
