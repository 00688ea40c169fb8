import { useEffect, useState, type FormEvent } from 'react'
import type { AudienceFilter, CouponClaimable, CouponIssueBatch, CouponTemplate } from '@liuliang/shared'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime, formatFen } from '@liuliang/ui/format'
import { useAudienceCount } from '../../customers/api/audiences'
import { AudienceFilterPanel } from '../../customers/components/audience-filter-panel'
import { useCouponTemplates } from '../../loyalty/api/loyalty'
import type { CustomerPreview } from '../../loyalty/api/loyalty'
import { describeTerms } from '../../loyalty/components/coupon-templates-page'
import { Avatar, CustomerPicker } from '../../loyalty/components/points-adjust-page'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { TabStrip } from '../../../lib/tab-strip'
import { sameValue, useUnsavedChanges } from '../../../lib/unsaved-changes'
import {
  getBatch,
  issueToAudience,
  issueToCustomer,
  newIssueKey,
  publishClaimable,
  updateClaimable,
  useBatches,
  useClaimables,
  useCouponStats,
} from '../api/coupon-operations'
import { checkClaimable, EMPTY_CLAIMABLE_FORM } from '../claimable-form'
import '../coupons.css'
import { ManageOnly } from '../../../lib/admin-access'

const TABS = [
  ['issue', '发券'],
  ['batches', '发券记录'],
  ['centre', '领券中心'],
  ['stats', '使用统计'],
] as const
type Tab = (typeof TABS)[number][0]

/** Coupon operations: issue to a customer or an audience, the claim centre, and how each template is used. */
export function CouponOperationsPage() {
  const [tab, setTab] = useState<Tab>('issue')
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">券运营</h1>
      </header>
      <TabStrip tabs={TABS} value={tab} onChange={setTab} label="券运营" />
      {tab === 'issue' && <IssuePanel onBatch={() => setTab('batches')} />}
      {tab === 'batches' && <BatchesPanel />}
      {tab === 'centre' && <ClaimCentrePanel />}
      {tab === 'stats' && <StatsPanel />}
    </section>
  )
}

function TemplateSelect({ templates, value, onChange }: { templates: CouponTemplate[]; value: number | null; onChange: (id: number | null) => void }) {
  return (
    <label className="field">
      <span className="field__label">优惠券</span>
      <select className="field__input" name="templateId" value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">请选择优惠券</option>
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}（{describeTerms(t)}）
          </option>
        ))}
      </select>
    </label>
  )
}

/** Active templates, for the pickers; a stopped one can be neither issued nor published. */
function useActiveTemplates(): { templates: CouponTemplate[]; state: ReturnType<typeof useCouponTemplates> } {
  const state = useCouponTemplates()
  return { state, templates: state.status === 'success' ? state.data.items.filter((t) => t.active) : [] }
}

function IssuePanel({ onBatch }: { onBatch: () => void }) {
  const { templates, state: templatesState } = useActiveTemplates()
  const [templateId, setTemplateId] = useState<number | null>(null)
  const [target, setTarget] = useState<'customer' | 'audience'>('audience')
  const [customer, setCustomer] = useState<CustomerPreview | null>(null)
  const [filter, setFilter] = useState<AudienceFilter>({})
  const [skipHolders, setSkipHolders] = useState(true)
  // One key per intended issue, renewed whenever what would be issued changes.
  const [key, setKey] = useState(newIssueKey)
  const [confirming, setConfirming] = useState(false)
  const [state, setState] = useState<SaveState>('idle')
  const [batch, setBatch] = useState<CouponIssueBatch | null>(null)
  const count = useAudienceCount(filter)
  const template = templates.find((t) => t.id === templateId) ?? null
  useUnsavedChanges(templateId !== null && state !== 'saved')

  const change = <T,>(set: (value: T) => void) => (value: T) => {
    set(value)
    setKey(newIssueKey())
    setState('idle')
  }
  const audienceSize = count.status === 'success' ? count.data.count : null
  const ready = template !== null && (target === 'customer' ? customer !== null : audienceSize !== null && audienceSize > 0)

  const issue = async () => {
    if (!template) return
    await runSave(setState, async () => {
      if (target === 'customer' && customer) await issueToCustomer(customer.id, template.id, key)
      else setBatch(await issueToAudience({ templateId: template.id, filter, skipHolders }, key))
    })
  }

  if (templatesState.status === 'loading') return <p className="muted">加载中…</p>
  if (templatesState.status === 'error') return <p role="alert">加载失败：{errorMessage(templatesState.error)}</p>
  if (templates.length === 0) return <p className="muted">还没有发放中的优惠券，请先在「优惠券」页创建</p>

  return (
    <div className="coupon-issue">
      <TemplateSelect templates={templates} value={templateId} onChange={change(setTemplateId)} />
      <fieldset className="coupon-issue__target">
        <legend className="field__label">发给</legend>
        <label>
          <input type="radio" name="target" checked={target === 'audience'} onChange={() => change(setTarget)('audience')} /> 按人群
        </label>
        <label>
          <input type="radio" name="target" checked={target === 'customer'} onChange={() => change(setTarget)('customer')} /> 单个客户
        </label>
      </fieldset>
      {target === 'customer' ? (
        customer ? (
          <div className="customer-card" aria-label="已选客户">
            <Avatar name={customer.name} url={customer.avatarUrl} />
            <div className="customer-card__text">
              <b>{customer.name ?? '未命名客户'}</b>
              <span className="muted">
                客户 #{customer.id}
                {customer.phoneMasked ? ` · ${customer.phoneMasked}` : ''}
              </span>
            </div>
            <button className="button" type="button" onClick={() => change(setCustomer)(null)}>
              换一位
            </button>
          </div>
        ) : (
          <CustomerPicker onPick={change(setCustomer)} />
        )
      ) : (
        <>
          <AudienceFilterPanel filter={filter} onChange={change(setFilter)} />
          <div className="audience-bar">
            <span aria-live="polite" data-testid="issue-audience-count">
              {count.status === 'success' ? (
                <>
                  符合条件的客户 <strong>{count.data.count}</strong> 人
                </>
              ) : count.status === 'loading' ? (
                '正在统计…'
              ) : (
                <span role="alert">统计失败：{errorMessage(count.error)}</span>
              )}
            </span>
            <label>
              <input type="checkbox" checked={skipHolders} onChange={(e) => change(setSkipHolders)(e.target.checked)} /> 跳过已持有该券（未使用）的客户
            </label>
          </div>
        </>
      )}
      <SaveStatus state={state} saved={target === 'customer' ? `已发放「${template?.name ?? ''}」` : '已开始发放'} />
      {batch && <BatchProgress initial={batch} onOpenRecords={onBatch} />}
      <ManageOnly>
        <button className="button button--primary" type="button" disabled={!ready || state === 'saving'} onClick={() => setConfirming(true)}>
          发放
        </button>
      </ManageOnly>
      <ConfirmDialog visible={confirming} title="确认发券" confirmText="确认发放" onConfirm={issue} onClose={() => setConfirming(false)}>
        {template && (
          <p>
            {target === 'customer' && customer
              ? `向 ${customer.name ?? '未命名客户'}（#${customer.id}）发放 1 张「${template.name}」。`
              : `向符合条件的 ${audienceSize ?? 0} 位客户各发放 1 张「${template.name}」${skipHolders ? '，已持有未使用的客户跳过' : ''}。`}
          </p>
        )}
      </ConfirmDialog>
    </div>
  )
}

const BATCH_STATUS: Record<CouponIssueBatch['status'], string> = { running: '发放中', done: '已完成', stopped: '已中止' }

/** A batch's progress, asked again every second until it finishes. */
function BatchProgress({ initial, onOpenRecords }: { initial: CouponIssueBatch; onOpenRecords: () => void }) {
  const [batch, setBatch] = useState(initial)
  useEffect(() => {
    if (batch.status !== 'running') return
    const timer = setTimeout(() => void getBatch(batch.id).then(setBatch, () => undefined), 1000)
    return () => clearTimeout(timer)
  }, [batch])
  return (
    <p className="notice" role="status" data-testid="batch-progress">
      批次 #{batch.id} {BATCH_STATUS[batch.status]}：已发 {batch.issued}，跳过 {batch.skipped}，共 {batch.total} 人{' '}
      <button className="button button--link" type="button" onClick={onOpenRecords}>
        查看发券记录
      </button>
    </p>
  )
}

function BatchesPanel() {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const batches = useBatches(currentCursor(cursors))
  const running = batches.status === 'success' && batches.data.items.some((b) => b.status === 'running')
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(batches.refresh, 1500)
    return () => clearTimeout(timer)
  }, [running, batches])
  return (
    <>
      <DataTable headings={['批次', '优惠券', '状态', '人群人数', '已发', '跳过', '开始时间', '完成时间']} state={batches} empty="还没有按人群发过券">
        {batches.status === 'success' &&
          batches.data.items.map((b) => (
            <tr key={b.id}>
              <td>#{b.id}</td>
              <td>{b.templateName}</td>
              <td>
                <span className={`badge${b.status === 'done' ? ' badge--green' : b.status === 'running' ? ' badge--blue' : ''}`}>{BATCH_STATUS[b.status]}</span>
                {b.note && <span className="muted"> {b.note}</span>}
              </td>
              <td>{b.total}</td>
              <td>{b.issued}</td>
              <td>{b.skipped}</td>
              <td>{formatDateTime(b.createdAt)}</td>
              <td>{b.finishedAt ? formatDateTime(b.finishedAt) : '—'}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={batches.status === 'success' ? batches.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}

function claimableState(c: CouponClaimable, now = Date.now()): string {
  if (!c.active) return '已下架'
  if (Date.parse(c.endsAt) <= now) return '已结束'
  if (Date.parse(c.startsAt) > now) return '未开始'
  return c.claimed >= c.totalStock ? '已领完' : '进行中'
}

function ClaimCentrePanel() {
  const claimables = useClaimables()
  const { templates } = useActiveTemplates()
  const [form, setForm] = useState(EMPTY_CLAIMABLE_FORM)
  const [state, setState] = useState<SaveState>('idle')
  useUnsavedChanges(!sameValue(form, EMPTY_CLAIMABLE_FORM))
  const checked = checkClaimable(form)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checked.ok) return
    if (await runSave(setState, () => publishClaimable(checked.value))) {
      setForm(EMPTY_CLAIMABLE_FORM)
      claimables.reload()
    }
  }
  const toggle = async (c: CouponClaimable) => {
    await updateClaimable(c.id, { active: !c.active })
    claimables.reload()
  }

  return (
    <>
      <p className="muted">上架到小程序「领券中心」的优惠券：总量领完即止，每位客户最多领取限领张数。</p>
      <DataTable headings={['优惠券', '已领 / 总量', '每人限领', '开始', '结束', '状态', '']} state={claimables} empty="领券中心还没有优惠券，在下方上架第一张">
        {claimables.status === 'success' &&
          claimables.data.items.map((c) => (
            <tr key={c.id}>
              <td>{c.templateName}</td>
              <td>
                <StockEdit claimable={c} onSaved={claimables.refresh} />
              </td>
              <td>{c.perCustomerLimit}</td>
              <td>{formatDateTime(c.startsAt)}</td>
              <td>{formatDateTime(c.endsAt)}</td>
              <td>{claimableState(c)}</td>
              <td>
                <ManageOnly>
                  <button className="button button--link" type="button" onClick={() => void toggle(c)}>
                    {c.active ? '下架' : '重新上架'}
                  </button>
                </ManageOnly>
              </td>
            </tr>
          ))}
      </DataTable>
      <h2>上架到领券中心</h2>
      <form className="form-narrow" onSubmit={(e) => void submit(e)} noValidate aria-label="上架到领券中心">
        <TemplateSelect templates={templates} value={form.templateId} onChange={(templateId) => setForm({ ...form, templateId })} />
        <label className="field">
          <span className="field__label">发放总量</span>
          <input className="field__input" name="totalStock" inputMode="numeric" value={form.totalStock} onChange={(e) => setForm({ ...form, totalStock: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">每人限领</span>
          <input className="field__input" name="perCustomerLimit" inputMode="numeric" value={form.perCustomerLimit} onChange={(e) => setForm({ ...form, perCustomerLimit: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">开始时间</span>
          <input className="field__input" name="startsAt" type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">结束时间</span>
          <input className="field__input" name="endsAt" type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} />
        </label>
        {!checked.ok && !sameValue(form, EMPTY_CLAIMABLE_FORM) && <p className="muted">{checked.problems.join('；')}</p>}
        <SaveStatus state={state} saved="已上架" />
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={!checked.ok || state === 'saving'}>
            {state === 'saving' ? '上架中…' : '上架'}
          </button>
        </ManageOnly>
      </form>
    </>
  )
}

/** 已领 / 总量, with a small form to change the total (never below what was claimed; the server checks). */
function StockEdit({ claimable, onSaved }: { claimable: CouponClaimable; onSaved: () => void }) {
  const [draft, setDraft] = useState<string | null>(null)
  const [state, setState] = useState<SaveState>('idle')
  if (draft === null) {
    return (
      <span className="inline-form">
        {claimable.claimed} / {claimable.totalStock}
        <ManageOnly>
          <button className="button button--link" type="button" aria-label={`调整「${claimable.templateName}」的发放总量`} onClick={() => setDraft(String(claimable.totalStock))}>
            调整
          </button>
        </ManageOnly>
      </span>
    )
  }
  const total = Number(draft)
  const problem = !/^\d+$/.test(draft) || total < 1 ? '发放总量至少为 1' : total < claimable.claimed ? `不能少于已领取的 ${claimable.claimed} 张` : null
  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (problem) return
    if (await runSave(setState, () => updateClaimable(claimable.id, { totalStock: total }))) {
      setDraft(null)
      onSaved()
    }
  }
  return (
    <form className="inline-form" onSubmit={(e) => void save(e)} noValidate>
      <input className="field__input" aria-label="发放总量" inputMode="numeric" size={8} value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button className="button button--primary" type="submit" disabled={problem !== null || state === 'saving'}>
        保存
      </button>
      <button className="button" type="button" onClick={() => setDraft(null)}>
        取消
      </button>
      {problem && <span className="muted">{problem}</span>}
      <SaveStatus state={state} />
    </form>
  )
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`

function StatsPanel() {
  const stats = useCouponStats()
  return (
    <>
      <p className="muted">
        发放按来源分：人群发券、领券中心、手动发放、其他（规则、抽奖、积分商城等）；使用分下单抵扣和到店核销；GMV 为使用了该券且未退款订单的实付金额。
      </p>
      <DataTable
        headings={['优惠券', '发放', '人群发券', '领券中心', '手动发放', '其他', '已使用', '下单使用', '到店核销', '已过期', '使用率', '带动 GMV']}
        state={stats}
        empty="还没有优惠券"
      >
        {stats.status === 'success' &&
          stats.data.items.map((s) => (
            <tr key={s.templateId} data-testid={`coupon-stats-${s.templateId}`}>
              <td>{s.name}</td>
              <td>{s.issued.total}</td>
              <td>{s.issued.audience}</td>
              <td>{s.issued.claim}</td>
              <td>{s.issued.admin}</td>
              <td>{s.issued.other}</td>
              <td>{s.used.total}</td>
              <td>{s.used.checkout}</td>
              <td>{s.used.store}</td>
              <td>{s.expired}</td>
              <td>{percent(s.useRate)}</td>
              <td>{formatFen(s.gmvFen)}</td>
            </tr>
          ))}
      </DataTable>
      <button className="button" type="button" onClick={stats.refresh}>
        刷新
      </button>
    </>
  )
}
