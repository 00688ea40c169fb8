import type { SendRecommendationResponse } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'

/** The product card for one recommendation; the server records the send once per request id. */
export function prepareProductCard(externalUserId: string, productId: number, requestId: string): Promise<SendRecommendationResponse> {
  return staffHttp.post<SendRecommendationResponse>(
    `/api/sidebar/customers/${encodeURIComponent(externalUserId)}/recommendations/${productId}/sends`,
    { requestId },
  )
}
