import { WELCOME_SCOPES, type LiveCode, type Staff, type WelcomeAttachment, type WelcomeMessage } from '@liuliang/shared'
import { TextField } from '../../../lib/field'
import { createWelcomeMessage, updateWelcomeMessage } from '../api/acquisition'
import {
  ATTACHMENT_LABELS,
  BLANK_WELCOME,
  blankAttachment,
  MAX_ATTACHMENTS,
  SCOPE_LABELS,
  welcomeFormOf,
  welcomeProblems,
  welcomeRequest,
  type WelcomeForm,
} from '../welcome-form'
import { EditorFrame, SelectField, useEditor } from './editor-frame'
import { WelcomePreview, WelcomeTextField } from './welcome-preview'

/** Creates a welcome message, or edits `message`, with the customer's view beside it. */
export function WelcomeEditor({
  message,
  liveCodes,
  staff,
  onSaved,
  onClose,
}: {
  message: WelcomeMessage | null
  liveCodes: LiveCode[]
  staff: Staff[]
  onSaved: (message: WelcomeMessage) => void
  onClose: () => void
}) {
  const editor = useEditor({
    initial: message ? welcomeFormOf(message) : BLANK_WELCOME,
    problemsOf: welcomeProblems,
    save: (draft: WelcomeForm) =>
      message ? updateWelcomeMessage(message.id, welcomeRequest(draft)) : createWelcomeMessage(welcomeRequest(draft)),
    onSaved,
  })
  const { draft, set } = editor
  const setAttachment = (index: number, attachment: WelcomeAttachment) =>
    set({ attachments: draft.attachments.map((current, i) => (i === index ? attachment : current)) })
  const guide = staff.find((member) => member.userId === draft.staffUserId)
  // The live code or guide a scoped welcome is for, picked from those the console knows.
  const targets = {
    live_code: { label: '活码', field: 'liveCodeId', choices: liveCodes.map((code) => [String(code.id), code.name] as const) },
    staff: { label: '导购', field: 'staffUserId', choices: staff.map((m) => [m.userId, `${m.name}（${m.userId}）`] as const) },
  } as const
  const target = draft.scope === 'live_code' || draft.scope === 'staff' ? targets[draft.scope] : null

  return (
    <EditorFrame
      label={message ? '编辑欢迎语' : '新建欢迎语'}
      title={message ? `编辑「${message.name}」` : '新建欢迎语'}
      submitLabel={message ? '保存' : '创建欢迎语'}
      editor={editor}
      preview={<WelcomePreview text={draft.text} attachments={draft.attachments} staffName={guide?.name} />}
      onClose={onClose}
    >
        <TextField label="名称（最多 50 字）" name="name" value={draft.name} onValue={(name) => set({ name })} />
        <SelectField
          label="适用范围（客户添加导购时，按 活码 > 导购 > 部门 > 活动 > 默认 选用最具体的一条）"
          name="scope"
          value={draft.scope}
          choices={WELCOME_SCOPES.map((scope) => [scope, SCOPE_LABELS[scope]] as const)}
          onValue={(scope) => set({ scope })}
        />
        {target && (
          <SelectField label={target.label} name={target.field} prompt value={draft[target.field]} choices={target.choices} onValue={(value) => set({ [target.field]: value })} />
        )}
        {draft.scope === 'department' && (
          <TextField label="企业微信部门 ID" name="departmentId" inputMode="numeric" value={draft.departmentId} onValue={(departmentId) => set({ departmentId })} />
        )}
        {draft.scope === 'campaign' && (
          <div className="placeholder-bar">
            <TextField label="开始时间" type="datetime-local" value={draft.startsAt} onValue={(startsAt) => set({ startsAt })} />
            <TextField label="结束时间" type="datetime-local" value={draft.endsAt} onValue={(endsAt) => set({ endsAt })} />
          </div>
        )}

        <WelcomeTextField label="欢迎语文字（最多 4000 字节，一个汉字算 3 字节）" value={draft.text} onValue={(text) => set({ text })} />

        <div className="field">
          <span className="field__label">附件（最多 {MAX_ATTACHMENTS} 个）</span>
          {draft.attachments.map((attachment, index) => (
            <AttachmentFields
              key={index}
              index={index}
              attachment={attachment}
              onChange={(next) => setAttachment(index, next)}
              onRemove={() => set({ attachments: draft.attachments.filter((_, i) => i !== index) })}
            />
          ))}
          <div className="placeholder-bar">
            {(Object.keys(ATTACHMENT_LABELS) as WelcomeAttachment['type'][]).map((type) => (
              <button
                key={type}
                className="button button--small"
                type="button"
                disabled={draft.attachments.length >= MAX_ATTACHMENTS}
                onClick={() => set({ attachments: [...draft.attachments, blankAttachment(type)] })}
              >
                添加{ATTACHMENT_LABELS[type]}
              </button>
            ))}
          </div>
        </div>

        <label className="placeholder-bar">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          启用
        </label>
    </EditorFrame>
  )
}

/** One attachment's inputs; which ones depends on its kind. */
function AttachmentFields({
  index,
  attachment,
  onChange,
  onRemove,
}: {
  index: number
  attachment: WelcomeAttachment
  onChange: (attachment: WelcomeAttachment) => void
  onRemove: () => void
}) {
  const label = (what: string) => `附件${index + 1}${what}`
  const input = <K extends string>(key: K, what: string, value: string, maxLength: number) => (
    <TextField key={key} label={label(what)} value={value} maxLength={maxLength} onValue={(next) => onChange({ ...attachment, [key]: next } as WelcomeAttachment)} />
  )
  return (
    <div className="attachment-box">
      <div className="placeholder-bar">
        <strong>
          附件 {index + 1}：{ATTACHMENT_LABELS[attachment.type]}
        </strong>
        <button className="button button--link button--danger" type="button" onClick={onRemove}>
          移除
        </button>
      </div>
      {attachment.type === 'image' && input('picUrl', '图片地址', attachment.picUrl, 2048)}
      {attachment.type === 'link' && [
        input('title', '标题', attachment.title, 128),
        input('url', '链接', attachment.url, 2048),
        input('desc', '描述', attachment.desc ?? '', 512),
        input('picUrl', '封面图地址', attachment.picUrl ?? '', 2048),
      ]}
      {attachment.type === 'miniprogram' && [
        input('title', '标题', attachment.title, 64),
        input('appid', '小程序 AppID', attachment.appid, 64),
        input('page', '页面路径', attachment.page, 512),
        input('picMediaId', '封面 media_id', attachment.picMediaId, 256),
      ]}
    </div>
  )
}
