import { ORDER_STATUS_LABELS, ORDER_STATUSES, type AdminOrderPage, type OrderStatus } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'
import { DataTable } from '../../../lib/data-table'
import { ReasonPrompt } from '../../../lib/reason-prompt'
import { yuan } from '../money'
import { StatusSelect } from './status-select'

const REFUNDABLE: readonly OrderStatus[] = ['paid', 'completed']

/** Every order, newest first, with a refund a service agent can start (with a reason) on paid ones. */
export function OrdersPage() {
  const [status, setStatus] = useState<OrderStatus | ''>('')
  const [refunding, setRefunding] = useState<number | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const list = useRequest(
    (signal) => adminHttp.get<AdminOrderPage>('/api/admin/orders', { query: { status: status || undefined, limit: 50 }, signal }),
    [status],
  )

  const refund = async (id: number, reason: string) => {
    setFailure(null)
    try {
      await adminHttp.post(`/api/admin/orders/${id}/refund`, { reason })
      setRefunding(null)
      list.reload()
    } catch (error) {
      setFailure(errorMessage(error))
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">订单</h1>
        <StatusSelect label="订单状态" statuses={ORDER_STATUSES} names={ORDER_STATUS_LABELS} value={status} onChange={setStatus} />
      </header>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <DataTable headings={['订单', '客户', '金额', '状态', '下单时间', '操作']} state={list} empty="没有订单">
        {list.status === 'success' &&
          list.data.items.map((order) => (
            <tr key={order.id}>
              <td>#{order.id}</td>
              <td>{order.customerName ?? `客户 #${order.customerId}`}</td>
              <td>¥{yuan(order.amountFen)}</td>
              <td>
                {ORDER_STATUS_LABELS[order.status]}
                {order.pointsShortfall > 0 && <span className="muted">（{order.pointsShortfall} 积分已被使用，未能扣回）</span>}
                {order.refund?.status === 'failed' && (
                  <p className="form-error" role="note">
                    <span className="badge badge--red">退款失败</span> {order.refund.failure}
                  </p>
                )}
              </td>
              <td>{formatDateTime(order.createdAt)}</td>
              <td>
                {REFUNDABLE.includes(order.status) && refunding !== order.id && (
                  <button className="button" type="button" onClick={() => setRefunding(order.id)}>
                    退款
                  </button>
                )}
                {refunding === order.id && (
                  <ReasonPrompt label="退款原因" confirmText="确认退款" onConfirm={(reason) => void refund(order.id, reason)} onCancel={() => setRefunding(null)} />
                )}
              </td>
            </tr>
          ))}
      </DataTable>
    </section>
  )
}
