import { WELCOME_SCOPES, type LiveCode, type WelcomeMessage } from '@liuliang/shared'
import { formatDateTime } from '@liuliang/ui/format'
import { DataTable } from '../../../lib/data-table'
import { deleteWelcomeMessage, updateWelcomeMessage, useLiveCodeOptions, useLiveCodes, useWelcomeMessages } from '../api/acquisition'
import { ATTACHMENT_LABELS, previewText, SCOPE_LABELS } from '../welcome-form'
import { ListPageHeader, useListPage } from './editor-frame'
import { WelcomeEditor } from './welcome-editor'
import '../acquisition.css'
import { ManageOnly } from '../../../lib/admin-access'

const PREVIEW_CHARS = 60

/** Welcome messages (欢迎语) by scope: the one sent is the most specific that matches the add. */
export function WelcomeMessagesPage() {
  const messages = useWelcomeMessages()
  const liveCodes = useLiveCodes()
  const options = useLiveCodeOptions()
  const page = useListPage<WelcomeMessage>()
  const { editing, setEditing, openEditor } = page
  const codes = liveCodes.status === 'success' ? liveCodes.data.items : []
  const staff = options.status === 'success' ? options.data.staff : []
  const sorted =
    messages.status === 'success'
      ? [...messages.data.items].sort((a, b) => WELCOME_SCOPES.indexOf(a.scope) - WELCOME_SCOPES.indexOf(b.scope))
      : []

  const scopeDetail = (message: WelcomeMessage): string => {
    switch (message.scope) {
      case 'live_code':
        return codes.find((code: LiveCode) => code.id === message.liveCodeId)?.name ?? `活码 ${message.liveCodeId}`
      case 'staff':
        return staff.find((member) => member.userId === message.staffUserId)?.name ?? message.staffUserId ?? ''
      case 'department':
        return `部门 ${message.departmentId}`
      case 'campaign':
        return `${formatDateTime(message.startsAt ?? '')} 至 ${formatDateTime(message.endsAt ?? '')}`
      case 'default':
        return '所有新客户'
    }
  }
  const run = (action: () => Promise<unknown>) =>
    page.run(async () => {
      await action()
      messages.refresh()
    })
  const remove = (message: WelcomeMessage) => {
    if (!window.confirm(`删除欢迎语「${message.name}」？删除后无法恢复。`)) return
    void run(async () => {
      await deleteWelcomeMessage(message.id)
      if (editing !== 'new' && editing?.id === message.id) setEditing(null)
    })
  }
  const toggle = (message: WelcomeMessage) => {
    if (message.enabled && !window.confirm(`停用欢迎语「${message.name}」？停用后新客户将收到其他范围的欢迎语。`)) return
    void run(() => updateWelcomeMessage(message.id, { enabled: !message.enabled }))
  }

  return (
    <section className="page">
      <ListPageHeader title="欢迎语" newLabel="新建欢迎语" page={page} />
      <DataTable headings={['名称', '范围', '内容', '状态', '更新时间', '']} state={messages} empty="还没有欢迎语，新客户添加导购时不会收到问候">
        {sorted.map((message) => (
          <tr key={message.id}>
            <td>{message.name}</td>
            <td>
              {SCOPE_LABELS[message.scope]}
              <div className="muted">{scopeDetail(message)}</div>
            </td>
            <td>
              {previewText(message.text).slice(0, PREVIEW_CHARS)}
              {message.attachments.length > 0 && <div className="muted">附件：{message.attachments.map((a) => ATTACHMENT_LABELS[a.type]).join('、')}</div>}
            </td>
            <td>{message.enabled ? <span className="badge badge--green">启用</span> : <span className="badge">已停用</span>}</td>
            <td>{formatDateTime(message.updatedAt)}</td>
            <td>
              <button className="button button--link" type="button" onClick={() => openEditor(message)}>
                编辑
              </button>
              <ManageOnly>
                <button className="button button--link" type="button" onClick={() => toggle(message)}>
                  {message.enabled ? '停用' : '启用'}
                </button>
              </ManageOnly>
              <ManageOnly>
                <button className="button button--link button--danger" type="button" onClick={() => remove(message)}>
                  删除
                </button>
              </ManageOnly>
            </td>
          </tr>
        ))}
      </DataTable>

      {editing !== null && (
        <WelcomeEditor
          key={editing === 'new' ? 'new' : `edit-${editing.id}`}
          message={editing === 'new' ? null : editing}
          liveCodes={codes}
          staff={staff}
          onSaved={(saved) => {
            setEditing(saved)
            messages.refresh()
          }}
          onClose={() => openEditor(null)}
        />
      )}
    </section>
  )
}
