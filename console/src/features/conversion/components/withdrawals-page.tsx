import type { AdminWithdrawal, AdminWithdrawalPage, Withdrawal } from '@liuliang/shared'
import { useState } from 'react'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { useRequest } from '@liuliang/ui/use-request'
import { useCanManage } from '../../../lib/admin-access'
import { adminHttp } from '../../../lib/admin-http'
import { DataTable } from '../../../lib/data-table'
import { ReasonPrompt } from '../../../lib/reason-prompt'
import { yuan } from '../money'

const STATUS_TEXT: Record<Withdrawal['status'], string> = { pending: '待审核', paid: '已打款', rejected: '已驳回' }
const FILTERS = [
  { value: 'pending', label: '待审核' },
  { value: '', label: '全部' },
] as const

/** Distributors' withdrawal requests: approve pays out; reject needs a reason the distributor sees. */
export function WithdrawalsPage() {
  const canDecide = useCanManage()
  const [status, setStatus] = useState<'pending' | ''>('pending')
  const list = useRequest(
    (signal) => adminHttp.get<AdminWithdrawalPage>('/api/admin/withdrawals', { query: { status: status || undefined, limit: 50 }, signal }),
    [status],
  )
  const [rejecting, setRejecting] = useState<number | null>(null)
  // Approving pays the distributor out: it is asked about first.
  const [approving, setApproving] = useState<AdminWithdrawal | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  const decide = async (id: number, path: 'approve' | 'reject', body?: unknown) => {
    setBusy(id)
    setFailure(null)
    try {
      await adminHttp.post(`/api/admin/withdrawals/${id}/${path}`, body)
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
        <h1 className="page__title">提现审核</h1>
        <div className="range-picker">
          {FILTERS.map((filter) => (
            <button
              key={filter.value}
              type="button"
              className={`button${status === filter.value ? ' button--primary' : ''}`}
              onClick={() => setStatus(filter.value)}
            >
              {filter.label}
            </button>
          ))}
        </div>
      </header>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <DataTable headings={['申请', '分销员', '金额', '状态', '申请时间', '操作']} state={list} empty="没有待处理的提现申请">
        {list.status === 'success' &&
          list.data.items.map((w) => (
            <tr key={w.id} data-testid={`withdrawal-${w.id}`}>
              <td>#{w.id}</td>
              <td>
                {w.distributorName ?? '未命名客户'}
                <span className="muted">（客户 #{w.customerId}）</span>
              </td>
              <td>¥{yuan(w.amountFen)}</td>
              <td>
                {STATUS_TEXT[w.status]}
                {w.note ? <span className="muted">（{w.note}）</span> : null}
              </td>
              <td>{formatDateTime(w.createdAt)}</td>
              <td>
                {canDecide && w.status === 'pending' && rejecting !== w.id && (
                  <>
                    <button className="button button--primary" type="button" disabled={busy === w.id} onClick={() => setApproving(w)}>
                      通过
                    </button>{' '}
                    <button className="button" type="button" disabled={busy === w.id} onClick={() => setRejecting(w.id)}>
                      驳回
                    </button>
                  </>
                )}
                {rejecting === w.id && (
                  <ReasonPrompt
                    label="驳回原因（分销员可见）"
                    confirmText="确认驳回"
                    busy={busy === w.id}
                    onConfirm={(note) => void decide(w.id, 'reject', { note })}
                    onCancel={() => setRejecting(null)}
                  />
                )}
              </td>
            </tr>
          ))}
      </DataTable>
      <ConfirmDialog
        visible={approving !== null}
        title="确认打款"
        confirmText="确认通过并打款"
        onConfirm={() => (approving ? decide(approving.id, 'approve') : undefined)}
        onClose={() => setApproving(null)}
      >
        {approving && (
          <p>
            通过后将向 {approving.distributorName ?? '未命名客户'}（客户 #{approving.customerId}）打款 ¥{yuan(approving.amountFen)}，打款后不能撤回。
          </p>
        )}
      </ConfirmDialog>
    </section>
  )
}
