import type { OrderStatus } from './schemas'

/** How an order's status reads to a person, on every surface that shows one. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  refunding: '退款中',
  refunded: '已退款',
  cancelled: '已取消',
}

/** A status as stored in a summary typed only as a string: its label, or a neutral word for one unknown here. */
export function orderStatusLabel(status: string): string {
  return (ORDER_STATUS_LABELS as Record<string, string>)[status] ?? '处理中'
}
