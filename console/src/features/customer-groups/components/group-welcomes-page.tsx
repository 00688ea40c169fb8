import { GROUP_WELCOME_NICKNAME, renderGroupWelcome, type GroupWelcomeTemplate } from '@liuliang/shared'
import { formatDateTime } from '@liuliang/ui/format'
import { DataTable } from '../../../lib/data-table'
import { TextField } from '../../../lib/field'
import { EditorFrame, ListPageHeader, useEditor, useListPage } from '../../acquisition/components/editor-frame'
import { createGroupWelcome, deleteGroupWelcome, updateGroupWelcome, useGroupWelcomes } from '../api/customer-groups'
import { BLANK_GROUP_WELCOME, formOf, groupWelcomeProblems, groupWelcomeRequest, SAMPLE_NICKNAME, type GroupWelcomeForm } from '../group-welcome-form'
import '../../acquisition/acquisition.css'
import { ManageOnly } from '../../../lib/admin-access'

/** Group welcome templates (入群欢迎语): kept in WeCom, where group owners apply them to their groups. */
export function GroupWelcomesPage() {
  const templates = useGroupWelcomes()
  const page = useListPage<GroupWelcomeTemplate>()
  const { editing, setEditing, openEditor, run } = page
  const remove = (template: GroupWelcomeTemplate) => {
    if (!window.confirm(`删除入群欢迎语「${template.name}」？已使用它的群将不再发送。`)) return
    void run(async () => {
      await deleteGroupWelcome(template.id)
      if (editing !== 'new' && editing?.id === template.id) setEditing(null)
      templates.refresh()
    })
  }
  const count = templates.status === 'success' ? templates.data.items.length : 0
  const limit = templates.status === 'success' ? templates.data.limit : 100
  return (
    <section className="page">
      <ListPageHeader title="入群欢迎语" newLabel="新建欢迎语" page={page} />
      <p className="muted">
        欢迎语保存在企业微信（已用 {count}/{limit} 条），群主在群设置里选用后，新成员入群时自动发送；{GROUP_WELCOME_NICKNAME} 会替换为新成员的昵称。
      </p>
      <DataTable headings={['名称', '内容', '通知群主', '更新时间', '']} state={templates} empty="还没有入群欢迎语">
        {templates.status === 'success' &&
          templates.data.items.map((template) => (
            <tr key={template.id}>
              <td>{template.name}</td>
              <td>
                {template.text}
                {template.attachment?.type === 'link' && <div className="muted">链接：{template.attachment.title}</div>}
              </td>
              <td>{template.notify ? '是' : '否'}</td>
              <td>{formatDateTime(template.updatedAt)}</td>
              <td>
                <button className="button button--link" type="button" onClick={() => openEditor(template)}>
                  编辑
                </button>
                <ManageOnly>
                  <button className="button button--link button--danger" type="button" onClick={() => remove(template)}>
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
          template={editing === 'new' ? null : editing}
          onSaved={(saved) => {
            setEditing(saved)
            templates.refresh()
          }}
          onClose={() => openEditor(null)}
        />
      )}
    </section>
  )
}

function WelcomeEditor({ template, onSaved, onClose }: { template: GroupWelcomeTemplate | null; onSaved: (saved: GroupWelcomeTemplate) => void; onClose: () => void }) {
  const editor = useEditor({
    initial: template ? formOf(template) : BLANK_GROUP_WELCOME,
    problemsOf: groupWelcomeProblems,
    save: (draft: GroupWelcomeForm) => (template ? updateGroupWelcome(template.id, groupWelcomeRequest(draft)) : createGroupWelcome(groupWelcomeRequest(draft))),
    onSaved,
  })
  const { draft, set } = editor
  const preview = (
    <figure className="chat-preview" aria-label="欢迎语预览">
      <figcaption className="chat-preview__caption muted">「{SAMPLE_NICKNAME}」入群后，群里收到</figcaption>
      {draft.text.trim() && (
        <p className="chat-bubble" data-testid="group-welcome-preview">
          {renderGroupWelcome(draft.text, SAMPLE_NICKNAME)}
        </p>
      )}
      {draft.linkUrl.trim() && <div className="chat-card">{draft.linkTitle || draft.linkUrl}</div>}
    </figure>
  )
  return (
    <EditorFrame
      label={template ? '编辑入群欢迎语' : '新建入群欢迎语'}
      title={template ? `编辑「${template.name}」` : '新建入群欢迎语'}
      submitLabel={template ? '保存' : '创建'}
      editor={editor}
      preview={preview}
      onClose={onClose}
    >
      <TextField label="名称（仅后台可见）" name="name" maxLength={50} value={draft.name} onValue={(name) => set({ name })} />
      <div className="field">
        <label className="field__label" htmlFor="group-welcome-text">
          欢迎语
        </label>
        <div className="placeholder-bar">
          <button className="button button--small" type="button" onClick={() => set({ text: `${draft.text}${GROUP_WELCOME_NICKNAME}` })}>
            插入新成员昵称
          </button>
        </div>
        <textarea id="group-welcome-text" className="field__input field__textarea" rows={5} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
      </div>
      <TextField label="附带链接标题（可选）" name="linkTitle" maxLength={128} value={draft.linkTitle} onValue={(linkTitle) => set({ linkTitle })} />
      <TextField label="附带链接地址（可选）" name="linkUrl" maxLength={2048} value={draft.linkUrl} onValue={(linkUrl) => set({ linkUrl })} />
      <label className="placeholder-bar">
        <input type="checkbox" checked={draft.notify} onChange={(e) => set({ notify: e.target.checked })} />
        通知群主选用这条欢迎语
      </label>
    </EditorFrame>
  )
}
