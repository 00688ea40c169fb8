import {
  MAX_TRANSFER_MESSAGE_LENGTH,
  TRANSFER_STATUSES,
  TRANSFER_STATUS_LABELS,
  type BlockedCustomer,
  type BlockedGroup,
  type ResignedGuideList,
  type TakeoverGuideList,
  type TransferKind,
  type TransferPreview,
  type TransferStatus,
} from '@liuliang/shared'
import { useState } from 'react'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate, formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { TabStrip } from '../../../lib/tab-strip'
import {
  previewTransfer,
  refreshTransfers,
  startTransfer,
  syncResigned,
  transferGroups,
  useGuideCustomers,
  useGuideGroups,
  useGroupTransfers,
  useResignedGuides,
  useTakeoverGuides,
  useTransfers,
} from '../api/inheritance'
import '../inheritance.css'
import { ManageOnly } from '../../../lib/admin-access'

const TABS = [
  ['on_job', '在职继承'],
  ['resigned', '离职继承'],
  ['records', '继承记录'],
] as const
type Tab = (typeof TABS)[number][0]

const KIND_LABELS: Record<TransferKind, string> = { on_job: '在职继承', resigned: '离职继承' }

/** Customer inheritance: hand a guide's customers to another, a resigned guide's too, and follow the results. */
export function InheritancePage() {
  const [tab, setTab] = useState<Tab>('on_job')
  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">客户继承</h1>
      </header>
      <TabStrip tabs={TABS} value={tab} onChange={setTab} />
      {tab === 'on_job' && <OnJobPanel />}
      {tab === 'resigned' && <ResignedPanel />}
      {tab === 'records' && <RecordsPanel />}
    </section>
  )
}

function OnJobPanel() {
  const guides = useTakeoverGuides()
  const [handover, setHandover] = useState<number | null>(null)
  return (
    <>
      <p className="muted">
        把一位在职导购的客户转给另一位导购。客户会收到提示，24 小时内未拒绝即由新导购接替；同一客户 90 天内最多转接 2 次。
      </p>
      <label className="field">
        <span className="field__label">原导购</span>
        <select className="field__input" aria-label="原导购" value={handover ?? ''} onChange={(e) => setHandover(e.target.value ? Number(e.target.value) : null)}>
          <option value="">请选择导购</option>
          {guides.status === 'success' &&
            guides.data.items.map((guide) => (
              <option key={guide.staffId} value={guide.staffId}>
                {guide.name}（{guide.customers} 位客户）
              </option>
            ))}
        </select>
      </label>
      {handover !== null && guides.status === 'success' && (
        <>
          <TransferForm key={handover} kind="on_job" handoverStaffId={handover} guides={guides.data} onStarted={guides.reload} />
          <GroupTransferForm key={`groups-${handover}`} handoverStaffId={handover} guides={guides.data} onDone={guides.reload} />
        </>
      )}
    </>
  )
}

function ResignedPanel() {
  const resigned = useResignedGuides()
  const guides = useTakeoverGuides()
  const [chosen, setChosen] = useState<ResignedGuideList['items'][number] | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [syncing, setSyncing] = useState(false)
  const sync = async () => {
    setSyncing(true)
    setNote(null)
    try {
      const result = await syncResigned()
      setNote(`已同步：${result.resignedGuides} 位离职导购，${result.unassignedCustomers} 位待分配客户`)
      resigned.reload()
      guides.reload()
    } catch (error) {
      setNote(`同步失败：${errorMessage(error)}`)
    } finally {
      setSyncing(false)
    }
  }
  return (
    <>
      <div className="filter-row filter-row--inline">
        <p className="muted">
          导购离职后，其客户在企业微信的「待分配」名单中，可分配给在职导购。
          {resigned.status === 'success' && resigned.data.syncedAt && ` 最近同步 ${formatDateTime(resigned.data.syncedAt)}`}
        </p>
        <ManageOnly>
          <button className="button" type="button" disabled={syncing} onClick={() => void sync()}>
            {syncing ? '同步中…' : '同步离职名单'}
          </button>
        </ManageOnly>
      </div>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <DataTable headings={['离职导购', '离职时间', '待分配客户', '名下客户群', '']} state={resigned} empty="没有离职导购。点「同步离职名单」从企业微信读取">
        {resigned.status === 'success' &&
          resigned.data.items.map((guide) => (
            <tr key={guide.staffId} className={chosen?.staffId === guide.staffId ? 'row--selected' : undefined}>
              <td>{guide.name}</td>
              <td>{formatDate(guide.resignedAt)}</td>
              <td>{guide.unassignedCustomers}</td>
              <td>{guide.groups}</td>
              <td>
                <button
                  className="button button--link"
                  type="button"
                  disabled={guide.unassignedCustomers + guide.groups === 0}
                  onClick={() => setChosen(guide)}
                >
                  分配客户和群
                </button>
              </td>
            </tr>
          ))}
      </DataTable>
      {chosen && guides.status === 'success' && (
        <section className="chart-card" aria-label={`分配${chosen.name}的客户`}>
          <h2 className="chart-card__title">分配 {chosen.name} 的客户</h2>
          <TransferForm key={chosen.staffId} kind="resigned" handoverStaffId={chosen.staffId} guides={guides.data} onStarted={resigned.reload} />
          <GroupTransferForm key={`groups-${chosen.staffId}`} handoverStaffId={chosen.staffId} guides={guides.data} onDone={resigned.reload} />
        </section>
      )}
    </>
  )
}

/** Pick customers (or all), a takeover guide and, on the job, a message; preview the refusals; confirm. */
function TransferForm({
  kind,
  handoverStaffId,
  guides,
  onStarted,
}: {
  kind: TransferKind
  handoverStaffId: number
  guides: TakeoverGuideList
  onStarted: () => void
}) {
  const [q, setQ] = useState('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const customers = useGuideCustomers(handoverStaffId, q, currentCursor(cursors))
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const [all, setAll] = useState(false)
  const [takeover, setTakeover] = useState<number | null>(null)
  const [message, setMessage] = useState('')
  const [preview, setPreview] = useState<TransferPreview | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; blocked: BlockedCustomer[] } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const request = () => ({
    handoverStaffId,
    takeoverStaffId: takeover as number,
    ...(all ? { all: true } : { customerIds: [...picked] }),
    ...(kind === 'on_job' && message.trim() ? { message: message.trim() } : {}),
  })
  const changed = () => {
    setPreview(null)
    setOutcome(null)
    setProblem(null)
  }
  const toggle = (id: number) => {
    const next = new Set(picked)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setPicked(next)
    changed()
  }
  const ready = takeover !== null && (all || picked.size > 0)
  const check = async () => {
    setProblem(null)
    try {
      setPreview(await previewTransfer(kind, request()))
    } catch (error) {
      setProblem(errorMessage(error))
    }
  }
  const confirm = async () => {
    try {
      const result = await startTransfer(kind, request())
      setConfirming(false)
      setPreview(null)
      setPicked(new Set())
      setAll(false)
      setOutcome({
        text: `已发起 ${result.started} 位客户的转接，企业微信将在 24 小时内完成接替${result.blocked.length > 0 ? `；${result.blocked.length} 位未能转接` : ''}`,
        blocked: result.blocked,
      })
      customers.reload()
      onStarted()
    } catch (error) {
      setConfirming(false)
      setProblem(errorMessage(error))
    }
  }

  return (
    <div className="transfer-form">
      <div className="filter-row filter-row--inline">
        <input
          className="field__input"
          aria-label="搜索客户"
          placeholder="按客户名搜索"
          maxLength={50}
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setCursors(firstPage)
          }}
        />
        <label>
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => {
              setAll(e.target.checked)
              changed()
            }}
          />{' '}
          {kind === 'on_job' ? '该导购的全部客户' : '全部待分配客户'}
        </label>
        {!all && <span className="muted">已选 {picked.size} 位</span>}
      </div>
      <DataTable headings={['', '客户', kind === 'on_job' ? '能否转接' : '离职时间 / 能否分配']} state={customers} empty="没有可转接的客户">
        {customers.status === 'success' &&
          customers.data.items.map(({ customer, dimissionAt, block }) => (
            <tr key={customer.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`选择${customer.name ?? `客户 #${customer.id}`}`}
                  disabled={all || block !== null}
                  checked={all ? block === null : picked.has(customer.id)}
                  onChange={() => toggle(customer.id)}
                />
              </td>
              <td>{customer.name ?? `客户 #${customer.id}`}</td>
              <td>
                {dimissionAt && <span className="muted">{formatDate(dimissionAt)} · </span>}
                {block ? <span className="muted">{block.message}</span> : <span className="badge badge--green">可转接</span>}
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={customers.status === 'success' ? customers.data.nextCursor : null} onChange={setCursors} />
      <label className="field">
        <span className="field__label">接替导购</span>
        <select
          className="field__input"
          aria-label="接替导购"
          value={takeover ?? ''}
          onChange={(e) => {
            setTakeover(e.target.value ? Number(e.target.value) : null)
            changed()
          }}
        >
          <option value="">请选择接替导购</option>
          {guides.items
            .filter((guide) => guide.staffId !== handoverStaffId)
            .map((guide) => (
              <option key={guide.staffId} value={guide.staffId}>
                {guide.name}（{guide.customers} 位客户）
              </option>
            ))}
        </select>
      </label>
      {kind === 'on_job' && (
        <label className="field">
          <span className="field__label">转接提示语（客户会看到，可不填）</span>
          <textarea
            className="field__input"
            aria-label="转接提示语"
            maxLength={MAX_TRANSFER_MESSAGE_LENGTH}
            value={message}
            onChange={(e) => {
              setMessage(e.target.value)
              changed()
            }}
          />
          <span className="muted">
            {[...message].length}/{MAX_TRANSFER_MESSAGE_LENGTH}
          </span>
        </label>
      )}
      {problem && <p className="form-error">{problem}</p>}
      <ManageOnly>
        <button className="button button--primary" type="button" disabled={!ready} onClick={() => void check()}>
          预览转接
        </button>
      </ManageOnly>
      {preview && (
        <div className="transfer-preview" aria-label="转接预览">
          <p>
            将转接 <strong>{preview.eligible.length}</strong> 位客户
            {preview.blocked.length > 0 && `，${preview.blocked.length} 位不能转接：`}
          </p>
          <BlockedList blocked={preview.blocked} />
          <button className="button button--primary" type="button" disabled={preview.eligible.length === 0} onClick={() => setConfirming(true)}>
            发起转接
          </button>
        </div>
      )}
      {outcome && (
        <div className="notice" role="status">
          <p>{outcome.text}</p>
          <BlockedList blocked={outcome.blocked} />
        </div>
      )}
      <ConfirmDialog visible={confirming} title="确认转接客户" confirmText="确认转接" onConfirm={confirm} onClose={() => setConfirming(false)}>
        {preview && (
          <p>
            把 {preview.eligible.length} 位客户转给 {guides.items.find((guide) => guide.staffId === takeover)?.name}。
            {kind === 'on_job' ? '客户 24 小时内未拒绝即完成接替。' : '24 小时后完成接替。'}
          </p>
        )}
      </ConfirmDialog>
    </div>
  )
}

/** The handover guide's customer groups: pick some or all and a new owner; WeCom answers at once. */
function GroupTransferForm({ handoverStaffId, guides, onDone }: { handoverStaffId: number; guides: TakeoverGuideList; onDone: () => void }) {
  const groups = useGuideGroups(handoverStaffId)
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const [all, setAll] = useState(false)
  const [owner, setOwner] = useState<number | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; blocked: BlockedGroup[] } | null>(null)
  const count = all ? (groups.status === 'success' ? groups.data.items.filter((item) => item.block === null).length : 0) : picked.size
  const toggle = (id: number) => {
    const next = new Set(picked)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setPicked(next)
  }
  const confirm = async () => {
    try {
      const result = await transferGroups({
        handoverStaffId,
        takeoverStaffId: owner as number,
        ...(all ? { all: true } : { groupIds: [...picked] }),
      })
      setOutcome({
        text: `已转交 ${result.transferred} 个客户群${result.blocked.length > 0 ? `；${result.blocked.length} 个未能转交` : ''}`,
        blocked: result.blocked,
      })
      setPicked(new Set())
      setAll(false)
      groups.reload()
      onDone()
    } catch (error) {
      setOutcome({ text: `转交失败：${errorMessage(error)}`, blocked: [] })
    } finally {
      setConfirming(false)
    }
  }
  return (
    <section className="transfer-form" aria-label="转交客户群">
      <h3 className="chart-card__title">客户群</h3>
      <label>
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> 该导购名下的全部客户群
      </label>
      <DataTable headings={['', '群名称', '人数', '能否转交']} state={groups} empty="名下没有客户群">
        {groups.status === 'success' &&
          groups.data.items.map(({ group, block }) => (
            <tr key={group.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`选择群${group.name || '未命名群聊'}`}
                  disabled={all || block !== null}
                  checked={all ? block === null : picked.has(group.id)}
                  onChange={() => toggle(group.id)}
                />
              </td>
              <td>{group.name || '未命名群聊'}</td>
              <td>{group.memberCount}</td>
              <td>{block ? <span className="muted">{block.message}</span> : <span className="badge badge--green">可转交</span>}</td>
            </tr>
          ))}
      </DataTable>
      <label className="field">
        <span className="field__label">新群主</span>
        <select className="field__input" aria-label="新群主" value={owner ?? ''} onChange={(e) => setOwner(e.target.value ? Number(e.target.value) : null)}>
          <option value="">请选择新群主</option>
          {guides.items
            .filter((guide) => guide.staffId !== handoverStaffId)
            .map((guide) => (
              <option key={guide.staffId} value={guide.staffId}>
                {guide.name}
              </option>
            ))}
        </select>
      </label>
      <ManageOnly>
        <button className="button button--primary" type="button" disabled={owner === null || count === 0} onClick={() => setConfirming(true)}>
          转交客户群
        </button>
      </ManageOnly>
      {outcome && (
        <div className="notice" role="status">
          <p>{outcome.text}</p>
          {outcome.blocked.length > 0 && (
            <ul className="blocked-list">
              {outcome.blocked.map((entry) => (
                <li key={entry.group.id}>
                  {entry.group.name || '未命名群聊'}：{entry.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog visible={confirming} title="确认转交客户群" confirmText="确认转交" onConfirm={confirm} onClose={() => setConfirming(false)}>
        <p>
          把 {count} 个客户群转给 {guides.items.find((guide) => guide.staffId === owner)?.name}，企业微信会立即更换群主。
        </p>
      </ConfirmDialog>
    </section>
  )
}

function BlockedList({ blocked }: { blocked: BlockedCustomer[] }) {
  if (blocked.length === 0) return null
  return (
    <ul className="blocked-list">
      {blocked.map((entry) => (
        <li key={entry.customer.id}>
          {entry.customer.name ?? `客户 #${entry.customer.id}`}：{entry.message}
        </li>
      ))}
    </ul>
  )
}

function RecordsPanel() {
  const [filters, setFilters] = useState<{ kind?: TransferKind; status?: TransferStatus }>({})
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const records = useTransfers(filters, currentCursor(cursors))
  const [note, setNote] = useState<string | null>(null)
  const refresh = async () => {
    try {
      const { waiting } = await refreshTransfers()
      setNote(waiting > 0 ? `已向企业微信查询，仍有 ${waiting} 位客户等待接替` : '已向企业微信查询，所有转接都有了结果')
      records.reload()
    } catch (error) {
      setNote(`查询失败：${errorMessage(error)}`)
    }
  }
  const filter = (patch: typeof filters) => {
    setFilters({ ...filters, ...patch })
    setCursors(firstPage)
  }
  return (
    <>
      <div className="filter-row filter-row--inline">
        <select className="field__input" aria-label="继承类型" value={filters.kind ?? ''} onChange={(e) => filter({ kind: (e.target.value || undefined) as TransferKind | undefined })}>
          <option value="">全部类型</option>
          <option value="on_job">在职继承</option>
          <option value="resigned">离职继承</option>
        </select>
        <select className="field__input" aria-label="接替状态" value={filters.status ?? ''} onChange={(e) => filter({ status: (e.target.value || undefined) as TransferStatus | undefined })}>
          <option value="">全部状态</option>
          {TRANSFER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {TRANSFER_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <button className="button" type="button" onClick={() => void refresh()}>
          刷新接替结果
        </button>
      </div>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <DataTable headings={['客户', '类型', '原导购', '接替导购', '状态', '发起时间', '接替时间']} state={records} empty="还没有转接记录">
        {records.status === 'success' &&
          records.data.items.map((record) => (
            <tr key={record.id}>
              <td>{record.customer.name ?? `客户 #${record.customer.id}`}</td>
              <td>{KIND_LABELS[record.kind]}</td>
              <td>{record.handover.name}</td>
              <td>{record.takeover.name}</td>
              <td>
                <span className={`badge${record.status === 'done' ? ' badge--green' : ''}`}>{record.statusLabel}</span>
                {record.errcode !== null && <div className="muted">错误码 {record.errcode}</div>}
              </td>
              <td>{formatDateTime(record.requestedAt)}</td>
              <td>{record.takeoverAt ? formatDateTime(record.takeoverAt) : '—'}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={records.status === 'success' ? records.data.nextCursor : null} onChange={setCursors} />
      <GroupRecords kind={filters.kind} />
    </>
  )
}

function GroupRecords({ kind }: { kind: TransferKind | undefined }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const records = useGroupTransfers(kind, currentCursor(cursors))
  return (
    <section aria-label="客户群转交记录">
      <h2 className="chart-card__title">客户群转交记录</h2>
      <DataTable headings={['客户群', '类型', '原群主', '新群主', '结果', '转交时间']} state={records} empty="还没有转交过客户群">
        {records.status === 'success' &&
          records.data.items.map((record) => (
            <tr key={record.id}>
              <td>{record.group.name || '未命名群聊'}</td>
              <td>{KIND_LABELS[record.kind]}</td>
              <td>{record.handover.name}</td>
              <td>{record.takeover.name}</td>
              <td>
                <span className={`badge${record.status === 'done' ? ' badge--green' : ''}`}>{record.statusLabel}</span>
                {record.errcode !== null && <div className="muted">错误码 {record.errcode}</div>}
              </td>
              <td>{formatDateTime(record.requestedAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={records.status === 'success' ? records.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
