import { ORDER_STATUS_LABELS, ORDER_STATUSES, type AdminOrderPage, type OrderStatus, type OrderTab } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { useCan, useCanManage } from '../../../lib/admin-access'
import { adminHttp } from '../../../lib/admin-http'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { ReasonPrompt } from '../../../lib/reason-prompt'
import { yuan } from '../money'
import { OrderTabs } from '../../fulfilment/components/order-tabs'
import { ShipForm } from '../../fulfilment/components/ship-form'
import { StatusSelect } from './status-select'

const REFUNDABLE: readonly OrderStatus[] = ['paid', 'shipped', 'completed']

/** Every order, newest first, by the status strip: paid ones are shipped here, and a service agent can refund (with a reason). */
export function OrdersPage() {
  // Shipping is the shop's (conversion); a refund gives money back, which is finance's.
  const canShip = useCanManage()
  const canRefund = useCan('finance', 'manage')
  const [status, setStatusOnly] = useState<OrderStatus | ''>('')
  const [tab, setTabOnly] = useState<OrderTab | ''>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  // Another filter starts again from the first page.
  const setStatus = (next: OrderStatus | '') => {
    setStatusOnly(next)
    setCursors(firstPage)
  }
  const setTab = (next: OrderTab | '') => {
    setTabOnly(next)
    setCursors(firstPage)
  }
  const cursor = currentCursor(cursors)
  const [shipping, setShipping] = useState<number | null>(null)
  const [refunding, setRefunding] = useState<number | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const list = useRequest(
    (signal) =>
      adminHttp.get<AdminOrderPage>('/api/admin/orders', { query: { status: status || undefined, tab: tab || undefined, cursor: cursor ?? undefined, limit: 50 }, signal }),
    [status, tab, cursor],
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
      <OrderTabs value={tab} onChange={setTab} />
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <DataTable headings={['订单', '客户', '金额', '状态', '物流', '下单时间', '操作']} state={list} empty="没有订单">
        {list.status === 'success' &&
          list.data.items.map((order) => (
            <tr key={order.id} id={`order-${order.id}`}>
              <td>#{order.id}</td>
              <td>{order.customerName ?? `客户 #${order.customerId}`}</td>
              <td>
                ¥{yuan(order.amountFen)}
                {order.refundedFen > 0 && order.status !== 'refunded' && <span className="muted">（已退 ¥{yuan(order.refundedFen)}）</span>}
              </td>
              <td>
                {ORDER_STATUS_LABELS[order.status]}
                {order.pointsShortfall > 0 && <span className="muted">（{order.pointsShortfall} 积分已被使用，未能扣回）</span>}
                {order.refund?.status === 'failed' && (
                  <p className="form-error" role="note">
                    <span className="badge badge--red">退款失败</span> {order.refund.failure}
                  </p>
                )}
              </td>
              <td>
                {order.shipment ? (
                  <>
                    {order.shipment.carrierName} {order.shipment.trackingNo}
                    <span className="muted">（{formatDateTime(order.shipment.shippedAt)} 发货）</span>
                  </>
                ) : (
                  '—'
                )}
                {order.afterSale?.status === 'pending' && <span className="badge badge--red">售后待审核</span>}
              </td>
              <td>{formatDateTime(order.createdAt)}</td>
              <td>
                {canShip && order.status === 'paid' && shipping !== order.id && refunding !== order.id && (
                  <button className="button button--primary" type="button" onClick={() => setShipping(order.id)}>
                    发货
                  </button>
                )}
                {shipping === order.id && (
                  <ShipForm
                    orderId={order.id}
                    onShipped={() => {
                      setShipping(null)
                      list.reload()
                    }}
                    onCancel={() => setShipping(null)}
                  />
                )}
                {canRefund && REFUNDABLE.includes(order.status) && refunding !== order.id && shipping !== order.id && (
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
      <Pager cursors={cursors} nextCursor={list.status === 'success' ? list.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
