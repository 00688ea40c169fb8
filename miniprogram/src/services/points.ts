import type { PointsLedgerPage } from '@liuliang/shared'
import { http } from './http'

export async function fetchLedger(cursor: string | null, options: { silent?: boolean } = {}): Promise<PointsLedgerPage> {
  const { data } = await http.get<PointsLedgerPage>('/api/mp/points/ledger', { ...options, params: cursor ? { cursor } : {} })
  return data
}
