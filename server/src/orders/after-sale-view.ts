// How an after-sales request reads, and whether an order may still be asked about: shared by the order views and
// the after-sales service.
import type { AfterSale, FulfilmentSettings } from '@liuliang/shared'
import type { DbOrTx } from '../db'
import type { afterSales, orders } from '../db/schema'
import type { PaymentService } from '../payments/payment-service'

export type AfterSaleRow = typeof afterSales.$inferSelect
type OrderRow = typeof orders.$inferSelect

const DAY_MS = 86_400_000

export async function afterSaleView(tx: DbOrTx, payments: PaymentService, row: AfterSaleRow): Promise<AfterSale> {
  const refund = row.status === 'approved' ? await payments.refundOfAfterSale(tx, row.id) : undefined
  return {
    id: row.id,
    orderId: row.orderId,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    amountFen: row.amountFen,
    rejectReason: row.rejectReason,
    refund: refund ? { status: refund.status, refundedAt: refund.succeededAt?.toISOString() ?? null, failure: refund.failure } : null,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  }
}

/**
 * Why the customer cannot ask for after-sales on the order now, or null: it must hold money (paid, shipped, or
 * completed within the window), with nothing else under review.
 */
export function afterSaleProblem(order: OrderRow, refundedFen: number, pending: boolean, rules: FulfilmentSettings, at: Date): string | null {
  if (order.status === 'pending_payment' || order.status === 'cancelled') return '订单未支付，无需售后'
  if (order.status === 'refunding' || order.status === 'refunded') return '订单已全额退款'
  if (order.status === 'completed' && order.completedAt && order.completedAt.getTime() + rules.afterSalesDays * DAY_MS <= at.getTime()) {
    return `订单完成已超过 ${rules.afterSalesDays} 天，不能再申请售后`
  }
  if (pending) return '已有售后申请在审核中'
  if (order.amountFen - refundedFen <= 0) return '订单金额已全部退回'
  return null
}
