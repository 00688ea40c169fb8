import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { shipRedemption, useAwaitingShipment } from '../api/loyalty'
import { DataTable } from '../../../lib/data-table'
import { ManageOnly } from '../../../lib/admin-access'

/** Physical gifts redeemed and waiting to be sent, each shipped with its tracking number. */
export function ShippingTable() {
  const waiting = useAwaitingShipment()
  const [failure, setFailure] = useState<string | null>(null)

  const ship = async (id: number, name: string) => {
    const trackingNo = window.prompt(`「${name}」的快递单号：`)?.trim()
    if (!trackingNo) return
    try {
      await shipRedemption(id, trackingNo)
      setFailure(null)
    } catch (error) {
      setFailure(errorMessage(error))
    }
    waiting.reload()
  }

  return (
    <>
      <h2>待发货</h2>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <DataTable headings={['兑换时间', '礼品', '客户', '收货信息', '']} state={waiting} empty="没有待发货的礼品">
        {waiting.status === 'success' &&
          waiting.data.items.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{r.itemName}</td>
              <td>{r.customerName ?? `客户 ${r.customerId}`}</td>
              <td>{r.address ? `${r.address.name} ${r.address.phone} ${r.address.region} ${r.address.detail}` : '—'}</td>
              <td>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => void ship(r.id, r.itemName)}>
                    发货
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>
    </>
  )
}
