import { GROUP_JOIN_SCENE_LABELS, type GroupChatSummary } from '@liuliang/shared'
import { useEffect, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate, formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { syncGroups, useGroup, useGroupMembers, useGroups, useStaff, useWecomGroupStats, type GroupFilters } from '../api/customer-groups'
import '../customer-groups.css'
import { ManageOnly } from '../../../lib/admin-access'

const NAME_SEARCH_DELAY_MS = 300
const NO_FILTERS: GroupFilters = { ownerUserId: '', name: '', state: 'active', from: '', to: '' }
const KIND_CHOICES = [
  ['', '全部成员'],
  ['external', '外部联系人'],
  ['staff', '企业成员'],
] as const

/** Customer groups (客户群): owner, size and joins and leaves per day, with each group's members. */
export function GroupsPage() {
  const [filters, setFilters] = useState<GroupFilters>(NO_FILTERS)
  // The name filter applies once typing pauses, not per keystroke.
  const [nameInput, setNameInput] = useState('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [opened, setOpened] = useState<GroupChatSummary | null>(null)
  const [syncNote, setSyncNote] = useState<string | null>(null)
  const [syncing, setSyncing] = useState(false)
  const groups = useGroups(filters, currentCursor(cursors))
  const staff = useStaff()
  const filter = (patch: Partial<GroupFilters>) => {
    setFilters({ ...filters, ...patch })
    setCursors(firstPage)
  }
  const syncNow = async () => {
    setSyncing(true)
    setSyncNote(null)
    try {
      const result = await syncGroups()
      setSyncNote(`已从企业微信同步 ${result.groups} 个客户群${result.dismissed > 0 ? `，${result.dismissed} 个已解散` : ''}`)
      groups.reload()
    } catch (error) {
      setSyncNote(`同步失败：${errorMessage(error)}`)
    } finally {
      setSyncing(false)
    }
  }
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setFilters((current) => (current.name === nameInput ? current : { ...current, name: nameInput }))
      setCursors(firstPage)
    }, NAME_SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [nameInput])
  const range = filters.from || filters.to ? `${filters.from || '…'} 至 ${filters.to || '今天'}` : '近 7 天'

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">客户群</h1>
        <ManageOnly>
          <button className="button" type="button" disabled={syncing} onClick={() => void syncNow()}>
            {syncing ? '同步中…' : '立即同步'}
          </button>
        </ManageOnly>
      </header>
      {syncNote && (
        <p className="notice" role="status">
          {syncNote}
        </p>
      )}
      <div className="filter-row filter-row--inline" aria-label="筛选">
        <input className="field__input" aria-label="群名" placeholder="按群名搜索" maxLength={64} value={nameInput} onChange={(e) => setNameInput(e.target.value)} />
        <select className="field__input" aria-label="群主" value={filters.ownerUserId} onChange={(e) => filter({ ownerUserId: e.target.value })}>
          <option value="">全部群主</option>
          {staff.status === 'success' &&
            staff.data.items.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
        </select>
        <select className="field__input" aria-label="状态" value={filters.state} onChange={(e) => filter({ state: e.target.value as GroupFilters['state'] })}>
          <option value="active">正常</option>
          <option value="dismissed">已解散</option>
        </select>
        <label className="muted">
          入群退群统计从 <input className="field__input" type="date" aria-label="统计开始日期" value={filters.from} onChange={(e) => filter({ from: e.target.value })} />
        </label>
        <label className="muted">
          到 <input className="field__input" type="date" aria-label="统计结束日期" value={filters.to} onChange={(e) => filter({ to: e.target.value })} />
        </label>
      </div>
      <DataTable headings={['群名称', '群主', '人数', '其中客户', `入群（${range}）`, `退群（${range}）`, '建群时间', '']} state={groups} empty="还没有客户群。企业微信里新建的客户群会自动出现，也可以点「立即同步」">
        {groups.status === 'success' &&
          groups.data.items.map((group) => (
            <tr key={group.id} className={opened?.id === group.id ? 'row--selected' : undefined}>
              <td>
                {group.name || '未命名群聊'}
                {group.wecomStatus !== 0 && <span className="badge">群主已离职</span>}
              </td>
              <td>{group.owner.name}</td>
              <td>{group.memberCount}</td>
              <td>{group.customerCount}</td>
              <td>{group.joins}</td>
              <td>{group.leaves}</td>
              <td>{formatDate(group.openedAt)}</td>
              <td>
                <button className="button button--link" type="button" onClick={() => setOpened(group)}>
                  成员与数据
                </button>
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={groups.status === 'success' ? groups.data.nextCursor : null} onChange={setCursors} />
      {opened && <GroupPanel key={opened.id} group={opened} range={{ from: filters.from, to: filters.to }} />}
      <WecomStatsCard filters={filters} />
    </section>
  )
}

const WECOM_FIGURES = [
  ['newChats', '新增群'],
  ['chatTotal', '群总数'],
  ['newMembers', '新增群成员'],
  ['memberTotal', '群成员总数'],
  ['membersWithMessages', '发言成员'],
  ['messages', '群消息'],
] as const

/** WeCom's own daily figures for the groups (with messages, which callbacks never carry); up to yesterday. */
function WecomStatsCard({ filters }: { filters: GroupFilters }) {
  const stats = useWecomGroupStats(filters)
  return (
    <section className="chart-card" aria-label="企业微信群统计">
      <h2 className="chart-card__title">企业微信群统计{stats.status === 'success' ? `（${stats.data.from} 至 ${stats.data.to}）` : ''}</h2>
      <p className="muted">企业微信每天统计前一天的数据，可查最近 180 天，每次最多 30 天。</p>
      {stats.status === 'loading' && <p className="muted">加载中…</p>}
      {stats.status === 'error' && <p className="form-error">{errorMessage(stats.error)}</p>}
      {stats.status === 'success' && (
        <table className="table group-days" aria-label="每日群统计">
          <thead>
            <tr>
              <th>日期</th>
              {stats.data.items.map((day) => (
                <th key={day.date}>{day.date.slice(5)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WECOM_FIGURES.map(([key, label]) => (
              <tr key={key}>
                <td>{label}</td>
                {stats.data.items.map((day) => (
                  <td key={day.date}>{day[key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function GroupPanel({ group, range }: { group: GroupChatSummary; range: { from: string; to: string } }) {
  const detail = useGroup(group.id, range)
  const [kind, setKind] = useState<'' | 'staff' | 'external'>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const members = useGroupMembers(group.id, kind, currentCursor(cursors))
  return (
    <section className="chart-card" aria-label={`${group.name}的成员与数据`}>
      <h2 className="chart-card__title">「{group.name || '未命名群聊'}」</h2>
      {detail.status === 'error' && <p className="form-error">加载失败：{errorMessage(detail.error)}</p>}
      {detail.status === 'success' && (
        <>
          <div className="stat-inline">
            <span>群主 {detail.data.owner.name}</span>
            <span>{detail.data.memberCount} 人，其中客户 {detail.data.customerCount} 人</span>
            <span>最近同步 {formatDateTime(detail.data.syncedAt)}</span>
            <span>
              群 ID <span className="mono">{detail.data.chatId}</span>
            </span>
            {/* Outside WeCom the sidebar's double opens as this group's toolbar. */}
            <a className="button button--link" href={`/sidebar/?groupChat=${encodeURIComponent(detail.data.chatId)}`} target="_blank" rel="noreferrer">
              在侧边栏中预览
            </a>
          </div>
          {detail.data.notice && <p className="muted">群公告：{detail.data.notice}</p>}
          <table className="table group-days" aria-label="每日入群退群">
            <thead>
              <tr>
                <th>日期</th>
                {detail.data.byDay.map((day) => (
                  <th key={day.date}>{day.date.slice(5)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>入群</td>
                {detail.data.byDay.map((day) => (
                  <td key={day.date}>{day.joins}</td>
                ))}
              </tr>
              <tr>
                <td>退群</td>
                {detail.data.byDay.map((day) => (
                  <td key={day.date}>{day.leaves}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </>
      )}
      <div className="filter-row filter-row--inline">
        <select
          className="field__input"
          aria-label="成员类型"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as typeof kind)
            setCursors(firstPage)
          }}
        >
          {KIND_CHOICES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <DataTable headings={['成员', '类型', '客户', '入群方式', '来源群活码', '入群时间']} state={members} empty="没有符合条件的成员">
        {members.status === 'success' &&
          members.data.items.map((member) => (
            <tr key={member.id}>
              <td>
                {member.groupNickname || member.name || member.memberId}
                {member.groupNickname && member.name && <div className="muted">{member.name}</div>}
              </td>
              <td>{member.kind === 'staff' ? '企业成员' : '外部联系人'}</td>
              <td>{member.customer ? <span className="badge badge--green">{member.customer.name ?? `客户 #${member.customer.id}`}</span> : '—'}</td>
              <td>
                {GROUP_JOIN_SCENE_LABELS[member.joinScene] ?? '—'}
                {member.invitorUserId && <div className="muted">邀请人 {member.invitorUserId}</div>}
              </td>
              <td>{member.liveCode?.name ?? '—'}</td>
              <td>{formatDateTime(member.joinedAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={members.status === 'success' ? members.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
