import { WELCOME_SCOPES, type LiveCode, type Staff, type WelcomeMessage, type WelcomeMessageAttachment } from '@liuliang/shared'
import { AttachmentList, LIBRARY_FILE_INPUTS, LINK_INPUTS, miniProgramInputs, type AttachmentInput } from '../../../lib/attachment-fields'
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

        <AttachmentList
          label={`附件（最多 ${MAX_ATTACHMENTS} 个）`}
          attachments={draft.attachments}
          max={MAX_ATTACHMENTS}
          kindLabels={ATTACHMENT_LABELS}
          inputs={ATTACHMENT_INPUTS}
          blank={blankAttachment}
          onChange={(attachments) => set({ attachments })}
        />

        <label className="placeholder-bar">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          启用
        </label>
    </EditorFrame>
  )
}

/** What each kind of welcome attachment asks for. */
const ATTACHMENT_INPUTS: Record<WelcomeMessageAttachment['type'], AttachmentInput[]> = {
  image: [{ key: 'picUrl', label: '图片地址', maxLength: 2048, picture: '图片', wecom: true }],
  link: LINK_INPUTS,
  miniprogram: miniProgramInputs({ key: 'picMediaId', label: '封面 media_id', maxLength: 256 }),
  file: LIBRARY_FILE_INPUTS,
}
