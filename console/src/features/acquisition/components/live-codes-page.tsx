import type { LiveCode } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate, formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Pager } from '../../../lib/pager'
import { deleteLiveCode, downloadQrCode, useChurn, useLiveCodeOptions, useLiveCodes, useLiveCodeStats } from '../api/acquisition'
import { ListPageHeader, useListPage } from './editor-frame'
import { LiveCodeEditor } from './live-code-editor'
import '../acquisition.css'
import { LiveCodeActions } from '../../../lib/live-code-actions'

const ALLOCATION_TEXT: Record<LiveCode['allocation'], string> = { round_robin: '轮流', weight: '按权重' }

/** Who takes the next add: a primary guide, or the backups when every guide is full or off shift. */
function receptionOf(code: LiveCode): string {
  const names = new Map([...code.staff, ...code.backupStaff].map((m) => [m.staffUserId, m.staffName]))
  const current = code.currentStaffUserIds.map((userId) => names.get(userId) ?? userId)
  const onBackup = code.currentStaffUserIds.every((userId) => code.backupStaff.some((m) => m.staffUserId === userId))
  return current.length === 0 ? '—' : `${onBackup ? '备用接待' : '接待中'}：${current.join('、')}`
}

/** Live codes (渠道活码): one QR code per channel, its guide pool, and what it brought in and lost. */
export function LiveCodesPage() {
  const codes = useLiveCodes()
  const options = useLiveCodeOptions()
  const page = useListPage<LiveCode>()
  const { editing, setEditing, openEditor, run } = page
  const [statsOf, setStatsOf] = useState<LiveCode | null>(null)

  const remove = (code: LiveCode) => {
    if (!window.confirm(`删除活码「${code.name}」？已印出的二维码将立即失效，客户再扫码无法添加导购。已有的统计会保留。`)) return
    void run(async () => {
      await deleteLiveCode(code.id)
      if (editing !== 'new' && editing?.id === code.id) setEditing(null)
      if (statsOf?.id === code.id) setStatsOf(null)
      codes.refresh()
    })
  }

  return (
    <section className="page">
      <ListPageHeader title="渠道活码" newLabel="新建活码" page={page} />
      <DataTable headings={['二维码', '活码名称', '接待导购（今日添加）', '分配', '标签', '累计添加', '已流失', '状态', '']} state={codes} empty="还没有活码，点击「新建活码」为第一个渠道生成二维码">
        {codes.status === 'success' &&
          codes.data.items.map((code) => (
            <tr key={code.id}>
              <td>{code.qrCodeUrl ? <img className="qr-thumb" src={code.qrCodeUrl} alt={`${code.name}的二维码`} referrerPolicy="no-referrer" /> : '—'}</td>
              <td>
                {code.name}
                <div className="muted">创建于 {formatDate(code.createdAt)}</div>
              </td>
              <td>
                {code.staff.map((m) => `${m.staffName}（${m.addsToday}）`).join('、')}
                {code.backupStaff.length > 0 && <div className="muted">备用：{code.backupStaff.map((m) => `${m.staffName}（${m.addsToday}）`).join('、')}</div>}
                {code.dailyAddLimit !== null && <div className="muted">每人每日上限 {code.dailyAddLimit}</div>}
              </td>
              <td>
                {ALLOCATION_TEXT[code.allocation]}
                {code.workingHours && <div className="muted">{`${code.workingHours.start}–${code.workingHours.end}`}</div>}
              </td>
              <td>{code.tags.map((tag) => tag.name).join('、') || '—'}</td>
              <td>{code.adds}</td>
              <td>{code.lost}</td>
              <td>{receptionOf(code)}</td>
              <td>
                <LiveCodeActions
                  hasQrCode={Boolean(code.qrCodeUrl)}
                  onEdit={() => openEditor(code)}
                  onDownload={() => void run(() => downloadQrCode(code))}
                  onStats={() => setStatsOf(code)}
                  onDelete={() => remove(code)}
                />
              </td>
            </tr>
          ))}
      </DataTable>

      {editing !== null &&
        (options.status === 'success' ? (
          <LiveCodeEditor
            key={editing === 'new' ? 'new' : `edit-${editing.id}`}
            code={editing === 'new' ? null : editing}
            staff={options.data.staff}
            tagGroups={options.data.tagGroups}
            onSaved={(saved) => {
              setEditing(saved)
              codes.refresh()
            }}
            onClose={() => openEditor(null)}
          />
        ) : (
          <p className="muted">{options.status === 'loading' ? '加载导购和标签…' : `加载失败：${errorMessage(options.error)}`}</p>
        ))}

      {statsOf && <LiveCodeStatsPanel key={`stats-${statsOf.id}`} code={statsOf} />}
      <ChurnList codes={codes.status === 'success' ? codes.data.items : []} />
    </section>
  )
}

function LiveCodeStatsPanel({ code }: { code: LiveCode }) {
  const stats = useLiveCodeStats(code.id)
  return (
    <section className="chart-card" aria-label={`${code.name}的数据`}>
      <h2 className="chart-card__title">「{code.name}」的数据</h2>
      {stats.status === 'loading' && <p className="muted">加载中…</p>}
      {stats.status === 'error' && <p className="form-error">加载失败：{errorMessage(stats.error)}</p>}
      {stats.status === 'success' && (
        <>
          <div className="stat-inline">
            <span>添加 {stats.data.adds} 次</span>
            <span>客户 {stats.data.customers} 人</span>
            <span>已流失 {stats.data.lost} 人</span>
          </div>
          <CountsTable
            first="导购"
            rows={stats.data.byStaff.map((row) => ({ key: row.staffUserId, label: row.staffName, ...row }))}
            empty="还没有客户通过这个活码添加"
          />
          {stats.data.byDay.length > 0 && <CountsTable first="日期" rows={stats.data.byDay.map((row) => ({ key: row.date, label: row.date, ...row }))} empty="" />}
        </>
      )}
    </section>
  )
}

/** Adds and losses per guide or per day. */
function CountsTable({ first, rows, empty }: { first: string; rows: { key: string; label: string; adds: number; lost: number }[]; empty: string }) {
  return (
    <DataTable headings={[first, '添加', '流失']} state={{ status: 'success', data: { items: rows } }} empty={empty}>
      {rows.map((row) => (
        <tr key={row.key}>
          <td>{row.label}</td>
          <td>{row.adds}</td>
          <td>{row.lost}</td>
        </tr>
      ))}
    </DataTable>
  )
}

/** Ended guide relations, newest first, with the live code each customer first came through. */
function ChurnList({ codes }: { codes: LiveCode[] }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const churn = useChurn(currentCursor(cursors))
  const channel = new Map(codes.map((code) => [code.state, code.name]))
  return (
    <section className="chart-card" aria-label="流失记录">
      <header className="page__header">
        <h2 className="chart-card__title">流失记录</h2>
        <button className="button" type="button" onClick={churn.reload}>
          刷新
        </button>
      </header>
      <DataTable headings={['客户', '导购', '方式', '来源活码', '添加时间', '结束时间']} state={churn} empty="还没有客户流失">
        {churn.status === 'success' &&
          churn.data.items.map((entry) => (
            <tr key={`${entry.customerId}-${entry.staffUserId}-${entry.endedAt}`}>
              <td>{entry.customerName ?? `客户 ${entry.customerId}`}</td>
              <td>{entry.staffName}</td>
              <td>{entry.kind === 'lost' ? '客户删除了导购' : '导购删除了客户'}</td>
              <td>{entry.state ? (channel.get(entry.state) ?? entry.state) : '—'}</td>
              <td>{formatDateTime(entry.firstAddedAt)}</td>
              <td>{formatDateTime(entry.endedAt)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={churn.status === 'success' ? churn.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
