import { useEffect, useState } from 'react'
import {
  LEAD_KIND_LABELS,
  LEAD_KINDS,
  LEAD_RULE_DAYS_LABELS,
  LEAD_RULE_LIMITS,
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadKind,
  type LeadRule,
  type LeadRuleInput,
  type LeadStatus,
} from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { TabStrip } from '../../../lib/tab-strip'
import { useDraft } from '../../../lib/unsaved-changes'
import {
  generateLeads,
  saveLeadRule,
  useBrandScripts,
  useLeadRules,
  useLeads,
  useLeadStats,
  useRecommendationStats,
  useStaff,
  type LeadFilters,
} from '../api/leads'
import '../leads.css'
import { ManageOnly } from '../../../lib/admin-access'

const TABS = [
  ['leads', '线索列表'],
  ['stats', '转化统计'],
  ['rules', '线索规则'],
] as const
type Tab = (typeof TABS)[number][0]

/** The lead centre (线索): every guide's leads, their conversion and the recommendations' hits, and the rules that find them. */
export function LeadsPage() {
  const [tab, setTab] = useState<Tab>('leads')
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">线索中心</h1>
      </header>
      <TabStrip tabs={TABS} value={tab} onChange={setTab} />
      {tab === 'leads' && <LeadList />}
      {tab === 'stats' && <ConversionStats />}
      {tab === 'rules' && <LeadRules />}
    </section>
  )
}

const NO_FILTERS: LeadFilters = { staffUserId: '', kind: '', status: '' }

function LeadList() {
  const [filters, setFilters] = useState<LeadFilters>(NO_FILTERS)
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [note, setNote] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const leads = useLeads(filters, currentCursor(cursors))
  const staff = useStaff()
  const filter = (patch: Partial<LeadFilters>) => {
    setFilters({ ...filters, ...patch })
    setCursors(firstPage)
  }
  const runNow = async () => {
    setRunning(true)
    setNote(null)
    try {
      const { created } = await generateLeads()
      const found = LEAD_KINDS.filter((kind) => created[kind] > 0).map((kind) => `${LEAD_KIND_LABELS[kind]} ${created[kind]} 条`)
      setNote(found.length ? `新生成线索：${found.join('，')}` : '没有新的线索：今天的线索都已生成过')
      leads.reload()
    } catch (error) {
      setNote(`生成失败：${errorMessage(error)}`)
    } finally {
      setRunning(false)
    }
  }
  return (
    <>
      <div className="filter-row filter-row--inline" aria-label="筛选">
        <select className="field__input" aria-label="导购" value={filters.staffUserId} onChange={(e) => filter({ staffUserId: e.target.value })}>
          <option value="">全部导购</option>
          {staff.status === 'success' &&
            staff.data.items.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
        </select>
        <select className="field__input" aria-label="线索类型" value={filters.kind} onChange={(e) => filter({ kind: e.target.value as LeadKind | '' })}>
          <option value="">全部类型</option>
          {LEAD_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {LEAD_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <select className="field__input" aria-label="跟进状态" value={filters.status} onChange={(e) => filter({ status: e.target.value as LeadStatus | '' })}>
          <option value="">全部状态</option>
          {LEAD_STATUSES.map((status) => (
            <option key={status} value={status}>
              {LEAD_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <ManageOnly>
          <button className="button" type="button" disabled={running} onClick={() => void runNow()}>
            {running ? '生成中…' : '立即生成今天的线索'}
          </button>
        </ManageOnly>
      </div>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <DataTable headings={['客户', '类型', '原因', '导购', '状态', '到期', '最近变更']} state={leads} empty="还没有线索。线索每天早上按规则自动生成，也可以点「立即生成今天的线索」">
        {leads.status === 'success' &&
          leads.data.items.map((lead) => (
            <tr key={lead.id}>
              <td>{lead.customer.name ?? '未命名客户'}</td>
              <td>{LEAD_KIND_LABELS[lead.kind]}</td>
              <td>{lead.detail}</td>
              <td>{lead.staff.name}</td>
              <td>
                {LEAD_STATUS_LABELS[lead.status]}
                {lead.convertedOrderId !== null && <span className="badge">订单 {lead.convertedOrderId}</span>}
              </td>
              <td>{formatDateTime(lead.dueAt)}</td>
              <td className="muted">{lead.lastChange ? `${formatDateTime(lead.lastChange.at)} · ${lead.lastChange.by ?? '系统'}` : '—'}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={leads.status === 'success' ? leads.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10}%`)

function ConversionStats() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const stats = useLeadStats(from, to)
  const hits = useRecommendationStats(from, to)
  return (
    <>
      <div className="filter-row filter-row--inline" aria-label="日期范围">
        <label className="muted">
          线索生成日期从 <input className="field__input" type="date" aria-label="开始日期" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="muted">
          到 <input className="field__input" type="date" aria-label="结束日期" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {stats.status === 'success' && <span className="muted">（{stats.data.from} 至 {stats.data.to}，默认近 30 天）</span>}
      </div>
      <h2 className="leads-section-title">各导购线索转化</h2>
      <p className="muted">转化：线索生成后、在规则的转化窗口内客户支付了订单。</p>
      <DataTable
        headings={['导购', '线索类型', '线索', '已联系', '已转化', '转化率']}
        state={stats.status === 'success' ? { ...stats, data: { items: stats.data.rows } } : stats}
        empty="这段时间没有线索"
      >
        {stats.status === 'success' &&
          stats.data.rows.map((row) => (
            <tr key={`${row.staff.userId}-${row.kind}`}>
              <td>{row.staff.name}</td>
              <td>{LEAD_KIND_LABELS[row.kind]}</td>
              <td>{row.leads}</td>
              <td>{row.contacted}</td>
              <td>{row.converted}</td>
              <td>{percent(row.converted, row.leads)}</td>
            </tr>
          ))}
      </DataTable>
      <h2 className="leads-section-title">商品推荐效果</h2>
      <p className="muted">导购从「猜你想买」发出的商品卡片，客户在 30 天内买下该商品即为命中。</p>
      <DataTable
        headings={['导购', '发送次数', '命中', '命中率']}
        state={hits.status === 'success' ? { ...hits, data: { items: hits.data.rows } } : hits}
        empty="这段时间没有发送过推荐商品"
      >
        {hits.status === 'success' &&
          hits.data.rows.map((row) => (
            <tr key={row.staff.userId}>
              <td>{row.staff.name}</td>
              <td>{row.sends}</td>
              <td>{row.hits}</td>
              <td>{percent(row.hits, row.sends)}</td>
            </tr>
          ))}
      </DataTable>
    </>
  )
}

function LeadRules() {
  const rules = useLeadRules()
  if (rules.status === 'loading') return <p className="muted">加载中…</p>
  if (rules.status === 'error') return <p className="form-error">加载失败：{errorMessage(rules.error)}</p>
  return (
    <>
      <p className="muted">每天早上 6 点按这些规则为每位客户的导购生成线索，同一客户同一事由只生成一次；导购在侧边栏「待办」里跟进。</p>
      <div className="lead-rules">
        {rules.data.items.map((rule) => (
          <LeadRuleForm key={rule.kind} rule={rule} />
        ))}
      </div>
    </>
  )
}

const inputOf = (rule: LeadRule): LeadRuleInput => ({ enabled: rule.enabled, days: rule.days, conversionDays: rule.conversionDays, scriptId: rule.script?.id ?? null })

function LeadRuleForm({ rule }: { rule: LeadRule }) {
  const form = useDraft(inputOf(rule))
  const scripts = useBrandScripts()
  const [state, setState] = useState<{ saving: boolean; message: string | null; failed: boolean }>({ saving: false, message: null, failed: false })
  useEffect(() => form.load(inputOf(rule)), [rule])
  const { draft } = form
  const set = (patch: Partial<LeadRuleInput>) => form.setDraft({ ...draft, ...patch })
  const label = LEAD_KIND_LABELS[rule.kind]
  const save = async () => {
    setState({ saving: true, message: null, failed: false })
    try {
      const saved = await saveLeadRule(rule.kind, draft)
      form.load(inputOf(saved))
      setState({ saving: false, message: '已保存', failed: false })
    } catch (error) {
      setState({ saving: false, message: errorMessage(error), failed: true })
    }
  }
  return (
    <form
      className="lead-rule"
      aria-label={`${label}规则`}
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <h3 className="lead-rule__title">{label}</h3>
      <label className="lead-rule__switch">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> 启用
      </label>
      <label className="field">
        <span className="field__label">{LEAD_RULE_DAYS_LABELS[rule.kind]}</span>
        <input
          className="field__input"
          type="number"
          min={LEAD_RULE_LIMITS.days.min}
          max={LEAD_RULE_LIMITS.days.max}
          required
          value={draft.days}
          onChange={(e) => set({ days: Number(e.target.value) })}
        />
      </label>
      <label className="field">
        <span className="field__label">转化窗口（天）</span>
        <input
          className="field__input"
          type="number"
          min={LEAD_RULE_LIMITS.conversionDays.min}
          max={LEAD_RULE_LIMITS.conversionDays.max}
          required
          value={draft.conversionDays}
          onChange={(e) => set({ conversionDays: Number(e.target.value) })}
        />
      </label>
      <label className="field">
        <span className="field__label">建议话术</span>
        <select className="field__input" value={draft.scriptId ?? ''} onChange={(e) => set({ scriptId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">不推荐话术</option>
          {rule.script && <option value={rule.script.id}>{rule.script.title}</option>}
          {scripts.status === 'success' &&
            scripts.data.items
              .filter((script) => script.id !== rule.script?.id)
              .map((script) => (
                <option key={script.id} value={script.id}>
                  {script.title}
                </option>
              ))}
        </select>
      </label>
      <ManageOnly>
        <button className="button button--primary" type="submit" disabled={state.saving}>
          {state.saving ? '保存中…' : '保存'}
        </button>
      </ManageOnly>
      {state.message && (
        <p className={state.failed ? 'form-error' : 'muted'} role={state.failed ? 'alert' : 'status'}>
          {state.message}
        </p>
      )}
    </form>
  )
}
