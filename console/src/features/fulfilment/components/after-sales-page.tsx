import {
  AFTER_SALE_KIND_LABELS,
  AFTER_SALE_STATUS_LABELS,
  AFTER_SALE_STATUSES,
  type AdminAfterSale,
  type AdminAfterSalePage,
  type AfterSaleStatus,
  type FulfilmentSettings,
} from '@liuliang/shared'
import { useEffect, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime, formatFen } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { useCan, useCanManage } from '../../../lib/admin-access'
import { adminHttp } from '../../../lib/admin-http'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { ReasonPrompt } from '../../../lib/reason-prompt'
import '../fulfilment.css'

const REFUND_WORDS = { pending: '退款中', succeeded: '已退款', failed: '退款失败' } as const

/** After-sales review: approve (the amount goes back through WeChat Pay) or reject with a reason the customer reads. */
export function AfterSalesPage() {
  const canDecide = useCanManage()
  const [status, setStatus] = useState<AfterSaleStatus | ''>('pending')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [rejecting, setRejecting] = useState<number | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const list = useRequest(
    (signal) => adminHttp.get<AdminAfterSalePage>('/api/admin/after-sales', { query: { status: status || undefined, cursor: currentCursor(cursors) ?? undefined, limit: 20 }, signal }),
    [status, cursors],
  )

  const act = async (id: number, action: () => Promise<unknown>) => {
    setBusy(id)
    setFailure(null)
    try {
      await action()
      setRejecting(null)
      list.reload()
    } catch (error) {
      setFailure(errorMessage(error))
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">售后</h1>
        <select
          className="field__input"
          aria-label="售后状态"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as AfterSaleStatus | '')
            setCursors(firstPage)
          }}
        >
          <option value="">全部状态</option>
          {AFTER_SALE_STATUSES.map((value) => (
            <option key={value} value={value}>
              {AFTER_SALE_STATUS_LABELS[value]}
            </option>
          ))}
        </select>
      </header>
      <FulfilmentSettingsForm />
      <p className="muted">退货退款请在收到退回的商品后再同意；同意后款项按原路退回，未发货或已退回的商品在整单退完时回到库存，订单积分与分销佣金按退款比例扣回。</p>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <DataTable headings={['申请', '订单', '客户', '类型', '退款金额', '原因', '状态', '申请时间', '操作']} state={list} empty="没有售后申请">
        {list.status === 'success' &&
          list.data.items.map((item) => (
            <tr key={item.id} id={`after-sale-${item.id}`}>
              <td>#{item.id}</td>
              <td>
                #{item.orderId}
                <span className="muted">（实付 {formatFen(item.orderAmountFen)}，{item.shipped ? '已发货' : '未发货'}）</span>
              </td>
              <td>{item.customerName ?? `客户 #${item.customerId}`}</td>
              <td>{AFTER_SALE_KIND_LABELS[item.kind]}</td>
              <td>{formatFen(item.amountFen)}</td>
              <td>{item.reason}</td>
              <td>
                <AfterSaleState item={item} />
              </td>
              <td>{formatDateTime(item.createdAt)}</td>
              <td>
                {canDecide && item.status === 'pending' && rejecting !== item.id && (
                  <span className="inline-form">
                    <button className="button button--primary" type="button" disabled={busy === item.id} onClick={() => void act(item.id, () => adminHttp.post(`/api/admin/after-sales/${item.id}/approve`))}>
                      同意退款
                    </button>
                    <button className="button" type="button" onClick={() => setRejecting(item.id)}>
                      拒绝
                    </button>
                  </span>
                )}
                {rejecting === item.id && (
                  <ReasonPrompt
                    label="拒绝原因"
                    confirmText="确认拒绝"
                    busy={busy === item.id}
                    onConfirm={(reason) => void act(item.id, () => adminHttp.post(`/api/admin/after-sales/${item.id}/reject`, { reason }))}
                    onCancel={() => setRejecting(null)}
                  />
                )}
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={list.status === 'success' ? list.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}

function AfterSaleState({ item }: { item: AdminAfterSale }) {
  if (item.status === 'rejected') return <>已拒绝<span className="muted">：{item.rejectReason}</span></>
  if (item.status === 'pending') return <span className="badge">待审核</span>
  const refund = item.refund
  return (
    <>
      已同意{refund && <span className="muted">（{REFUND_WORDS[refund.status]}）</span>}
      {refund?.status === 'failed' && (
        <p className="form-error" role="note">
          {refund.failure}
        </p>
      )}
    </>
  )
}

/** The two numbers of days fulfilment runs on. */
function FulfilmentSettingsForm() {
  // The days are the shop's rules (conversion), beside the finance decisions on this page.
  const canSave = useCan('conversion', 'manage')
  const current = useRequest((signal) => adminHttp.get<FulfilmentSettings>('/api/admin/fulfilment/settings', { signal }), [])
  const [draft, setDraft] = useState<FulfilmentSettings | null>(null)
  const [note, setNote] = useState<string | null>(null)
  // Loaded once: later renders must not put the saved values back over what the admin is typing.
  useEffect(() => {
    if (current.status === 'success') setDraft((typed) => typed ?? current.data)
  }, [current])
  if (!draft) return null
  const valid = draft.autoCompleteDays >= 1 && draft.autoCompleteDays <= 30 && draft.afterSalesDays >= 0 && draft.afterSalesDays <= 30
  const save = async () => {
    try {
      setDraft(await adminHttp.request<FulfilmentSettings>('PUT', '/api/admin/fulfilment/settings', { body: draft }))
      setNote('已保存')
    } catch (error) {
      setNote(errorMessage(error))
    }
  }
  const days = (field: keyof FulfilmentSettings, label: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type="number"
        min={field === 'autoCompleteDays' ? 1 : 0}
        max={30}
        aria-label={label}
        value={draft[field]}
        onChange={(event) => {
          setNote(null)
          setDraft({ ...draft, [field]: Number(event.target.value) })
        }}
      />
    </label>
  )
  return (
    <div className="fulfilment-settings">
      {days('autoCompleteDays', '发货后自动确认收货（天）')}
      {days('afterSalesDays', '完成后可申请售后（天）')}
      {canSave && (
        <button className="button" type="button" disabled={!valid} onClick={() => void save()}>
          保存
        </button>
      )}
      {valid ? note && <span className="muted">{note}</span> : <span className="form-error">自动确认收货需 1–30 天，售后期需 0–30 天</span>}
    </div>
  )
}
