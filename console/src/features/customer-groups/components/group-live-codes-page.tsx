import { MAX_GROUP_LIVE_CODE_GROUPS, type GroupChatSummary, type GroupLiveCode } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDate } from '@liuliang/ui/format'
import { DataTable } from '../../../lib/data-table'
import { TextField } from '../../../lib/field'
import { EditorFrame, ListPageHeader, useEditor, useListPage } from '../../acquisition/components/editor-frame'
import {
  createGroupLiveCode,
  deleteGroupLiveCode,
  downloadGroupQrCode,
  updateGroupLiveCode,
  useAllGroups,
  useGroupLiveCodes,
  useGroupLiveCodeStats,
} from '../api/customer-groups'
import { BLANK_GROUP_LIVE_CODE, formOf, groupLiveCodeProblems, groupLiveCodeRequest, NAME_MAX, type GroupLiveCodeForm } from '../group-live-code-form'
import '../../acquisition/acquisition.css'
import '../customer-groups.css'
import { LiveCodeActions } from '../../../lib/live-code-actions'

/** Group live codes (群活码): one QR code into up to five groups, with the joins each brought. */
export function GroupLiveCodesPage() {
  const codes = useGroupLiveCodes()
  const groups = useAllGroups()
  const page = useListPage<GroupLiveCode>()
  const { editing, setEditing, openEditor, run } = page
  const [statsOf, setStatsOf] = useState<GroupLiveCode | null>(null)

  const remove = (code: GroupLiveCode) => {
    if (!window.confirm(`删除群活码「${code.name}」？已印出的二维码将立即失效。已有的入群统计会保留。`)) return
    void run(async () => {
      await deleteGroupLiveCode(code.id)
      if (editing !== 'new' && editing?.id === code.id) setEditing(null)
      if (statsOf?.id === code.id) setStatsOf(null)
      codes.refresh()
    })
  }

  return (
    <section className="page">
      <ListPageHeader title="群活码" newLabel="新建群活码" page={page} />
      <p className="muted">客户扫码进入第一个未满的群；群都满了且开启自动建群时，企业微信以群名前缀加序号新建一个群。</p>
      <DataTable headings={['二维码', '群活码名称', '客户群', '自动建群', '累计入群', '']} state={codes} empty="还没有群活码，点击「新建群活码」把客户引进群">
        {codes.status === 'success' &&
          codes.data.items.map((code) => (
            <tr key={code.id}>
              <td>{code.qrCodeUrl ? <img className="qr-thumb" src={code.qrCodeUrl} alt={`${code.name}的二维码`} referrerPolicy="no-referrer" /> : '—'}</td>
              <td>
                {code.name}
                <div className="muted">创建于 {formatDate(code.createdAt)}</div>
              </td>
              <td>{code.groups.map((group) => `${group.name}（${group.memberCount}人）`).join('、')}</td>
              <td>{code.autoCreateRoom ? `开启：${code.roomBaseName}${code.roomBaseId}…` : '关闭'}</td>
              <td>{code.joins}</td>
              <td>
                <LiveCodeActions
                  hasQrCode={Boolean(code.qrCodeUrl)}
                  onEdit={() => openEditor(code)}
                  onDownload={() => void run(() => downloadGroupQrCode(code))}
                  onStats={() => setStatsOf(code)}
                  onDelete={() => remove(code)}
                />
              </td>
            </tr>
          ))}
      </DataTable>

      {editing !== null &&
        (groups.status === 'success' ? (
          <GroupLiveCodeEditor
            key={editing === 'new' ? 'new' : `edit-${editing.id}`}
            code={editing === 'new' ? null : editing}
            groups={groups.data.items}
            onSaved={(saved) => {
              setEditing(saved)
              codes.refresh()
            }}
            onClose={() => openEditor(null)}
          />
        ) : (
          <p className="muted">{groups.status === 'loading' ? '加载客户群…' : `加载失败：${errorMessage(groups.error)}`}</p>
        ))}
      {statsOf && <StatsPanel key={`stats-${statsOf.id}`} code={statsOf} />}
    </section>
  )
}

function GroupLiveCodeEditor({
  code,
  groups,
  onSaved,
  onClose,
}: {
  code: GroupLiveCode | null
  groups: GroupChatSummary[]
  onSaved: (code: GroupLiveCode) => void
  onClose: () => void
}) {
  const editor = useEditor({
    initial: code ? formOf(code) : BLANK_GROUP_LIVE_CODE,
    problemsOf: groupLiveCodeProblems,
    save: (draft: GroupLiveCodeForm) =>
      code ? updateGroupLiveCode(code.id, groupLiveCodeRequest(draft)) : createGroupLiveCode(groupLiveCodeRequest(draft)),
    onSaved,
  })
  const { draft, set } = editor
  const toggle = (id: number) =>
    set({ groupIds: draft.groupIds.includes(id) ? draft.groupIds.filter((other) => other !== id) : [...draft.groupIds, id] })
  return (
    <EditorFrame
      label={code ? '编辑群活码' : '新建群活码'}
      title={code ? `编辑「${code.name}」` : '新建群活码'}
      submitLabel={code ? '保存' : '创建群活码'}
      editor={editor}
      preview={null}
      onClose={onClose}
    >
      <TextField label={`群活码名称（最多 ${NAME_MAX} 字）`} name="name" value={draft.name} onValue={(name) => set({ name })} />
      <div className="field">
        <span className="field__label">
          客户群（按顺序入群，最多 {MAX_GROUP_LIVE_CODE_GROUPS} 个，已选 {draft.groupIds.length} 个）
        </span>
        {groups.length === 0 && <span className="muted">还没有客户群，请先在企业微信里建群或到「客户群」页同步</span>}
        <div className="group-picker" role="group" aria-label="客户群">
          {groups.map((group) => (
            <label key={group.id}>
              <input
                type="checkbox"
                checked={draft.groupIds.includes(group.id)}
                disabled={!draft.groupIds.includes(group.id) && draft.groupIds.length >= MAX_GROUP_LIVE_CODE_GROUPS}
                onChange={() => toggle(group.id)}
              />{' '}
              {group.name || '未命名群聊'} <span className="muted">{group.owner.name} · {group.memberCount} 人</span>
            </label>
          ))}
        </div>
      </div>
      <label className="placeholder-bar">
        <input type="checkbox" checked={draft.autoCreateRoom} onChange={(e) => set({ autoCreateRoom: e.target.checked })} />
        群都满了时自动新建群
      </label>
      {draft.autoCreateRoom && (
        <>
          <TextField label="新群的群名前缀（如「门店福利群」，新群名为前缀加序号）" name="roomBaseName" value={draft.roomBaseName} maxLength={40} onValue={(roomBaseName) => set({ roomBaseName })} />
          <TextField label="新群起始序号" name="roomBaseId" type="number" min={1} max={100000} value={draft.roomBaseId} onValue={(roomBaseId) => set({ roomBaseId })} />
        </>
      )}
    </EditorFrame>
  )
}

function StatsPanel({ code }: { code: GroupLiveCode }) {
  const stats = useGroupLiveCodeStats(code.id)
  return (
    <section className="chart-card" aria-label={`${code.name}的数据`}>
      <h2 className="chart-card__title">「{code.name}」的数据</h2>
      {stats.status === 'loading' && <p className="muted">加载中…</p>}
      {stats.status === 'error' && <p className="form-error">加载失败：{errorMessage(stats.error)}</p>}
      {stats.status === 'success' && (
        <>
          <div className="stat-inline">
            <span>入群 {stats.data.joins} 人</span>
            <span>其中已退群 {stats.data.leaves} 人</span>
          </div>
          <DataTable headings={['客户群', '入群']} state={{ status: 'success', data: { items: stats.data.byGroup } }} empty="还没有人通过这个群活码入群">
            {stats.data.byGroup.map((row) => (
              <tr key={row.chatId}>
                <td>{row.name}</td>
                <td>{row.joins}</td>
              </tr>
            ))}
          </DataTable>
          {stats.data.byDay.length > 0 && (
            <DataTable headings={['日期', '入群']} state={{ status: 'success', data: { items: stats.data.byDay } }} empty="">
              {stats.data.byDay.map((row) => (
                <tr key={row.date}>
                  <td>{row.date}</td>
                  <td>{row.joins}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  )
}
