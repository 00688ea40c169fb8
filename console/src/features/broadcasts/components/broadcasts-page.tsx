import { BROADCAST_QUOTA_RULES, BROADCAST_QUOTA_RULE_LABELS, BROADCAST_STATUS_LABELS, type BroadcastQuotaRule } from '@liuliang/shared'
import { useCallback, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { saveBroadcastSettings, useBroadcasts, useBroadcastSettings } from '../api/broadcasts'
import '../broadcasts.css'
import { BroadcastComposer } from './broadcast-composer'
import { BroadcastDetailView } from './broadcast-detail'
import { ManageOnly } from '../../../lib/admin-access'
import { useRefreshWhile } from '../../../lib/refresh-while'

type View = { kind: 'list' } | { kind: 'compose' } | { kind: 'detail'; id: number }

/** 客户群发: the broadcasts with their progress, composing one, and each one's results. */
export function BroadcastsPage() {
  const [view, setView] = useState<View>({ kind: 'list' })
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [version, setVersion] = useState(0)
  const list = useBroadcasts(currentCursor(cursors), version)
  const changed = useCallback(() => setVersion((n) => n + 1), [])
  useRefreshWhile(list, (page) => page.items.some((item) => item.status === 'sending'), 3000)

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">客户群发</h1>
        {view.kind === 'list' && (
          <ManageOnly>
            <button className="button button--primary" type="button" onClick={() => setView({ kind: 'compose' })}>
              新建群发
            </button>
          </ManageOnly>
        )}
      </header>
      {view.kind === 'compose' && (
        <BroadcastComposer
          onClose={() => setView({ kind: 'list' })}
          onSent={(broadcast) => {
            changed()
            setView({ kind: 'detail', id: broadcast.id })
          }}
        />
      )}
      {view.kind === 'detail' && <BroadcastDetailView id={view.id} onBack={() => setView({ kind: 'list' })} onChanged={changed} />}
      {view.kind === 'list' && (
        <>
          <QuotaRule />
          <DataTable headings={['名称', '对象', '状态', '员工确认', '送达 / 目标', '超出上限', '发送时间', '']} state={list} empty="还没有群发。点「新建群发」选择客户并撰写内容">
            {list.status === 'success' &&
              list.data.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.name}</td>
                  <td>{item.chatType === 'single' ? '客户' : '客户群'}</td>
                  <td>{BROADCAST_STATUS_LABELS[item.status]}</td>
                  <td>
                    {item.counts.staffConfirmed} / {item.counts.staff}
                  </td>
                  <td>
                    <progress max={Math.max(item.counts.recipients, 1)} value={item.counts.sent} aria-label={`${item.name}的送达进度`} /> {item.counts.sent} / {item.counts.recipients}
                  </td>
                  <td>{item.counts.overQuota}</td>
                  <td>{formatDateTime(item.sendAt)}</td>
                  <td>
                    <button className="button button--link" type="button" onClick={() => setView({ kind: 'detail', id: item.id })}>
                      详情
                    </button>
                  </td>
                </tr>
              ))}
          </DataTable>
          <Pager cursors={cursors} nextCursor={list.status === 'success' ? list.data.nextCursor : null} onChange={setCursors} />
        </>
      )}
    </section>
  )
}

/** The receive rule the product counts against: it must match what is set in WeCom. */
function QuotaRule() {
  const settings = useBroadcastSettings()
  const [note, setNote] = useState<string | null>(null)
  if (settings.status !== 'success') return settings.status === 'error' ? <p className="form-error">{errorMessage(settings.error)}</p> : null
  const change = async (quotaRule: BroadcastQuotaRule) => {
    setNote(null)
    try {
      settings.mutate(() => ({ quotaRule }))
      await saveBroadcastSettings({ quotaRule })
      setNote('已保存')
    } catch (error) {
      setNote(`保存失败：${errorMessage(error)}`)
      settings.reload()
    }
  }
  return (
    <p className="muted">
      每位客户/客户群的接收上限（与企业微信「群发助手 → 设置群发规则」一致）：
      <select className="field__input" aria-label="接收上限规则" value={settings.data.quotaRule} onChange={(e) => void change(e.target.value as BroadcastQuotaRule)}>
        {BROADCAST_QUOTA_RULES.map((rule) => (
          <option key={rule} value={rule}>
            {BROADCAST_QUOTA_RULE_LABELS[rule]}
          </option>
        ))}
      </select>{' '}
      {note && <span role="status">{note}</span>}
    </p>
  )
}
