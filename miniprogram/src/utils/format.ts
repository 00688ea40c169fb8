import type { OrderStatus } from '@liuliang/shared'

/** Fen as yuan with two decimals, e.g. 12900 → "129.00". */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '已付款',
  completed: '已完成',
  refunding: '退款中',
  refunded: '已退款',
  cancelled: '已取消',
}

/** "mm:ss" or "h:mm:ss" left until `deadline`; "00:00" once passed. */
export function countdown(deadline: string, now: number): string {
  const left = Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000))
  const pad = (n: number) => String(n).padStart(2, '0')
  const hours = Math.floor(left / 3600)
  const rest = `${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`
  return hours > 0 ? `${hours}:${rest}` : rest
}
