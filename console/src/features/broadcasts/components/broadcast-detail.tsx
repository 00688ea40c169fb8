import {
  BROADCAST_RECIPIENT_STATUSES,
  BROADCAST_RECIPIENT_STATUS_LABELS,
  BROADCAST_STATUS_LABELS,
  BROADCAST_TASK_STATUS_LABELS,
  type BroadcastDetail as Detail,
  type BroadcastRecipientStatus,
} from '@liuliang/shared'
import { useEffect, useRef, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { broadcastAction, useBroadcast, useRecipients } from '../api/broadcasts'
import { ManageOnly } from '../../../lib/admin-access'
import { useRefreshWhile } from '../../../lib/refresh-while'

type Action = 'send' | 'sync' | 'remind' | 'cancel'
const ACTION_DONE: Record<Action, string> = {
  send: '已发送给员工确认',
  sync: '已从企业微信同步结果',
  remind: '已提醒未确认的员工',
  cancel: '群发已取消',
}

/** One broadcast: progress, each staff member's task, each recipient's result, and remind / cancel. */
export function BroadcastDetailView({ id, onBack, onChanged }: { id: number; onBack: () => void; onChanged: () => void }) {
  const [version, setVersion] = useState(0)
  const broadcast = useBroadcast(id, version)
  const [note, setNote] = useState<string | null>(null)
  const [busy, setBusy] = useState<Action | null>(null)
  // A send under way (a whole brand's audience is split for tens of seconds) is followed until it settles;
  // then the list and the results are read again.
  useRefreshWhile(broadcast, (data) => data.status === 'sending')
  const shownStatus = broadcast.status === 'success' ? broadcast.data.status : null
  const lastStatus = useRef(shownStatus)
  const [settled, setSettled] = useState(0)
  useEffect(() => {
    if (lastStatus.current === 'sending' && shownStatus !== 'sending') {
      setSettled((n) => n + 1)
      onChanged()
    }
    lastStatus.current = shownStatus
  }, [shownStatus, onChanged])

  const act = async (action: Action) => {
    if (action === 'cancel' && !window.confirm('取消这条群发？尚未确认的员工将无法再发送，已发出的消息不受影响。')) return
    setBusy(action)
    setNote(null)
    try {
      const answered = await broadcastAction(id, action)
      setNote(answered.status === 'sending' ? '正在发送：任务写完后进度会自动更新' : ACTION_DONE[action])
      setVersion((n) => n + 1)
      onChanged()
    } catch (error) {
      setNote(`操作失败：${errorMessage(error)}`)
    } finally {
      setBusy(null)
    }
  }

  if (broadcast.status === 'loading') return <p className="muted">加载中…</p>
  if (broadcast.status === 'error')
    return (
      <p className="form-error" role="alert">
        加载失败：{errorMessage(broadcast.error)}{' '}
        <button className="button button--link" type="button" onClick={broadcast.reload}>
          重试
        </button>
      </p>
    )
  const data = broadcast.data
  const { counts } = data
  return (
    <section aria-label="群发详情">
      <header className="page__header">
        <h2 className="page__title">
          {data.name} <span className="badge">{BROADCAST_STATUS_LABELS[data.status]}</span>
        </h2>
        <button className="button button--link" type="button" onClick={onBack}>
          返回列表
        </button>
      </header>
      <p className="muted">
        {data.chatType === 'single' ? '客户群发' : '客户群群发'} · 发送时间 {formatDateTime(data.sendAt)}
        {data.syncedAt && <> · 结果同步于 {formatDateTime(data.syncedAt)}</>}
      </p>
      {data.failure && <p className="form-error">{data.failure}</p>}
      {data.status === 'sending' && (
        <p className="notice" role="status" aria-label="发送进度">
          正在按员工拆分任务并提交到企业微信：已安排 {counts.recipients} {data.chatType === 'single' ? '位客户' : '个客户群'}、{counts.staff} 个员工任务。离开此页不影响发送。
        </p>
      )}
      <blockquote className="broadcast-text">{data.text || '（仅附件）'}</blockquote>
      <dl className="stats" aria-label="群发进度">
        <Stat label="员工已确认" value={`${counts.staffConfirmed} / ${counts.staff}`} />
        <Stat label="已送达" value={counts.sent} />
        <Stat label="未发送" value={counts.pending} />
        <Stat label="非好友" value={counts.notFriend} />
        <Stat label="超出接收上限" value={counts.overQuota} />
        <Stat label="无法发送" value={counts.failed} />
      </dl>
      <div className="placeholder-bar">
        {data.status === 'scheduled' && (
          <ManageOnly>
            <button className="button button--primary" type="button" disabled={busy !== null} onClick={() => void act('send')}>
              {busy === 'send' ? '发送中…' : '立即发送'}
            </button>
          </ManageOnly>
        )}
        {data.status === 'waiting' && (
          <>
            <ManageOnly>
              <button className="button" type="button" disabled={busy !== null} onClick={() => void act('sync')}>
                {busy === 'sync' ? '同步中…' : '同步结果'}
              </button>
            </ManageOnly>
            <ManageOnly>
              <button className="button" type="button" disabled={busy !== null || data.reminders.left === 0} onClick={() => void act('remind')}>
                {busy === 'remind' ? '提醒中…' : `提醒员工发送（24 小时内还可 ${data.reminders.left} 次）`}
              </button>
            </ManageOnly>
          </>
        )}
        {(data.status === 'scheduled' || data.status === 'waiting') && (
          <ManageOnly>
            <button className="button button--danger" type="button" disabled={busy !== null} onClick={() => void act('cancel')}>
              {busy === 'cancel' ? '取消中…' : '取消群发'}
            </button>
          </ManageOnly>
        )}
        {data.reminders.left === 0 && data.reminders.nextAt && <span className="muted">下次可提醒：{formatDateTime(data.reminders.nextAt)}</span>}
      </div>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <h3>员工确认情况</h3>
      <DataTable headings={['员工', '状态', '确认时间', '客户/群', '已送达', '非好友', '超出上限', '无法发送']} state={{ status: 'success', data: { items: data.tasks } }} empty={data.status === 'scheduled' ? '到发送时间后按员工拆分' : '没有可发送的员工'}>
        {data.tasks.map((task) => (
          <tr key={task.id}>
            <td>{task.staff.name}</td>
            <td>
              {BROADCAST_TASK_STATUS_LABELS[task.status]}
              {task.errcode !== null && <span className="muted">（企业微信错误码 {task.errcode}）</span>}
            </td>
            <td>{task.confirmedAt ? formatDateTime(task.confirmedAt) : '—'}</td>
            <td>{task.recipients}</td>
            <td>{task.sent}</td>
            <td>{task.notFriend}</td>
            <td>{task.overQuota}</td>
            <td>{task.failed}</td>
          </tr>
        ))}
      </DataTable>
      <RecipientList id={id} chatType={data.chatType} version={version + settled} />
    </section>
  )
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="stats__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

function RecipientList({ id, chatType, version }: { id: number; chatType: Detail['chatType']; version: number }) {
  const [status, setStatus] = useState<BroadcastRecipientStatus | ''>('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const recipients = useRecipients(id, status, currentCursor(cursors), version)
  return (
    <>
      <h3>{chatType === 'single' ? '客户发送结果' : '客户群发送结果'}</h3>
      <select
        className="field__input"
        aria-label="按结果筛选"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as BroadcastRecipientStatus | '')
          setCursors(firstPage)
        }}
      >
        <option value="">全部结果</option>
        {BROADCAST_RECIPIENT_STATUSES.map((value) => (
          <option key={value} value={value}>
            {BROADCAST_RECIPIENT_STATUS_LABELS[value]}
          </option>
        ))}
      </select>
      <DataTable headings={[chatType === 'single' ? '客户' : '客户群', '发送员工', '结果', '送达时间']} state={recipients} empty="没有符合条件的记录">
        {recipients.status === 'success' &&
          recipients.data.items.map((item) => (
            <tr key={item.id}>
              <td>{item.customer ? (item.customer.name ?? `客户 ${item.customer.id}`) : (item.group?.name ?? '')}</td>
              <td>{item.staff.name}</td>
              <td>{BROADCAST_RECIPIENT_STATUS_LABELS[item.status]}</td>
              <td>{item.sentAt ? formatDateTime(item.sentAt) : '—'}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={recipients.status === 'success' ? recipients.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}
