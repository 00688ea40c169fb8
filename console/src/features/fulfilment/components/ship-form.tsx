import { CARRIER_CODES, CARRIER_NAMES, shipmentProblem, type CarrierCode } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { adminHttp } from '../../../lib/admin-http'
import '../fulfilment.css'

/** Ship one order: a carrier from the list (其他 with its name) and a waybill number checked as the server checks it. */
export function ShipForm({ orderId, onShipped, onCancel }: { orderId: number; onShipped: () => void; onCancel: () => void }) {
  const [carrier, setCarrier] = useState<CarrierCode>('SF')
  const [carrierName, setCarrierName] = useState('')
  const [trackingNo, setTrackingNo] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const waybill = trackingNo.trim()
  const problem = waybill === '' ? null : shipmentProblem(carrier, waybill, carrierName)

  const ship = async () => {
    setBusy(true)
    setFailure(null)
    try {
      await adminHttp.post(`/api/admin/orders/${orderId}/ship`, { carrier, trackingNo: waybill, ...(carrier === 'OTHER' ? { carrierName: carrierName.trim() } : {}) })
      onShipped()
    } catch (error) {
      setFailure(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="ship-form">
      <select className="field__input" aria-label="快递公司" value={carrier} onChange={(event) => setCarrier(event.target.value as CarrierCode)}>
        {CARRIER_CODES.map((code) => (
          <option key={code} value={code}>
            {CARRIER_NAMES[code]}
          </option>
        ))}
      </select>
      {carrier === 'OTHER' && (
        <input className="field__input" aria-label="快递公司名称" placeholder="快递公司名称" maxLength={20} value={carrierName} onChange={(event) => setCarrierName(event.target.value)} />
      )}
      <input className="field__input" aria-label="快递单号" placeholder="快递单号" maxLength={30} value={trackingNo} onChange={(event) => setTrackingNo(event.target.value)} />
      <button className="button button--primary" type="button" disabled={busy || waybill === '' || problem !== null} onClick={() => void ship()}>
        确认发货
      </button>
      <button className="button" type="button" onClick={onCancel}>
        取消
      </button>
      {(problem ?? failure) && (
        <span className="form-error" role="alert">
          {problem ?? failure}
        </span>
      )}
    </span>
  )
}
