import { DISTRIBUTOR_STATUSES, type AdminDistributor, type DistributorStatus } from '@liuliang/shared'
import { useEffect, useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Field, TextField } from '../../../lib/field'
import { Pager } from '../../../lib/pager'
import { runSave, type SaveState } from '../../../lib/save-state'
import { useDraft } from '../../../lib/unsaved-changes'
import { decideDistributor, saveDistributionSettings, useDistributionSettings, useDistributors } from '../api/conversion'
import { checkDistribution, distributionFormOf, type DistributionForm } from '../distribution-form'
import { yuan } from '../money'
import { FormFooter } from '../../../lib/form-footer'
import { Failure } from './on-off-row'
import { StatusSelect } from './status-select'
import { ManageOnly } from '../../../lib/admin-access'

const STATUS_TEXT: Record<DistributorStatus, string> = { pending: '待审核', approved: '已通过', rejected: '已拒绝' }

const NUMBER_FIELDS: readonly { key: Exclude<keyof DistributionForm, 'autoApprove'>; label: string }[] = [
  { key: 'level1Percent', label: '一级佣金比例（%，直接推荐人）' },
  { key: 'level2Percent', label: '二级佣金比例（%，推荐人的上级，0 为不设二级）' },
  { key: 'bindingDays', label: '绑定有效天数（顾客点开分享后归属该分销员的天数）' },
  { key: 'settleDays', label: '结算等待天数（订单完成后多少天佣金可提现）' },
  { key: 'minWithdrawal', label: '最低提现金额（元）' },
]

/** The commission rules, and the distributors with what they have earned. */
export function DistributionPage() {
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">分销设置</h1>
      </header>
      <DistributionSettingsForm />
      <DistributorList />
    </section>
  )
}

function DistributionSettingsForm() {
  const settings = useDistributionSettings()
  const { draft, setDraft, load } = useDraft<DistributionForm | null>(null)
  const [state, setState] = useState<SaveState>('idle')

  useEffect(() => {
    if (settings.status === 'success') load(distributionFormOf(settings.data))
  }, [settings.status])

  if (settings.status === 'error') return <p className="form-error">加载失败：{errorMessage(settings.error)}</p>
  if (!draft) return <p className="muted">加载中…</p>
  const checked = checkDistribution(draft)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (checked.ok) void runSave(setState, async () => load(distributionFormOf(await saveDistributionSettings(checked.value))))
  }
  return (
    <form className="form-narrow" aria-label="分销规则" onSubmit={submit} noValidate>
      {NUMBER_FIELDS.map(({ key, label }) => (
        <TextField key={key} label={label} name={key} inputMode={key === 'minWithdrawal' ? 'decimal' : 'numeric'} value={draft[key]} onValue={(value) => setDraft({ ...draft, [key]: value })} />
      ))}
      <Field label="分销员申请">
        <select className="field__input" name="autoApprove" value={draft.autoApprove ? 'auto' : 'review'} onChange={(event) => setDraft({ ...draft, autoApprove: event.target.value === 'auto' })}>
          <option value="auto">自动通过</option>
          <option value="review">人工审核</option>
        </select>
      </Field>
      <FormFooter problems={checked.ok ? [] : checked.problems} state={state} canSubmit={checked.ok} label="保存" busyLabel="保存中…" />
    </form>
  )
}

function DistributorList() {
  const [status, setStatus] = useState<DistributorStatus | ''>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const list = useDistributors(status, currentCursor(cursors))
  const [busy, setBusy] = useState<number | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  const decide = async (distributor: AdminDistributor, approve: boolean) => {
    if (!approve && !window.confirm(`拒绝「${distributor.name ?? distributor.code}」的分销员申请？`)) return
    setBusy(distributor.id)
    setFailure(null)
    try {
      await decideDistributor(distributor.id, approve)
      list.refresh()
    } catch (error) {
      setFailure(errorMessage(error))
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      <header className="page__header">
        <h2>分销员</h2>
        <StatusSelect
          label="分销员状态"
          statuses={DISTRIBUTOR_STATUSES}
          names={STATUS_TEXT}
          value={status}
          onChange={(next) => {
            setStatus(next)
            setCursors(firstPage)
          }}
        />
      </header>
      <Failure message={failure} />
      <DataTable headings={['分销员', '推广码', '状态', '冻结中', '可提现', '已提现', '欠款', '加入时间', '操作']} state={list} empty="还没有分销员">
        {list.status === 'success' &&
          list.data.items.map((d) => (
            <tr key={d.id}>
              <td>{d.name ?? `客户 #${d.customerId}`}</td>
              <td className="mono">{d.code}</td>
              <td>{STATUS_TEXT[d.status]}</td>
              <td>¥{yuan(d.earnings.frozen)}</td>
              <td>¥{yuan(d.earnings.withdrawable)}</td>
              <td>¥{yuan(d.earnings.withdrawn)}</td>
              <td>{d.earnings.owed > 0 ? `¥${yuan(d.earnings.owed)}` : '—'}</td>
              <td>{formatDateTime(d.createdAt)}</td>
              <td>
                {d.status === 'pending' && (
                  <>
                    <ManageOnly>
                      <button className="button button--link" type="button" disabled={busy === d.id} onClick={() => void decide(d, true)}>
                        通过
                      </button>
                    </ManageOnly>
                    <ManageOnly>
                      <button className="button button--link" type="button" disabled={busy === d.id} onClick={() => void decide(d, false)}>
                        拒绝
                      </button>
                    </ManageOnly>
                  </>
                )}
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={list.status === 'success' ? list.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}
