import { BROADCAST_QUOTA_RULE_LABELS, type BroadcastAttachment, type BroadcastDetail } from '@liuliang/shared'
import { useMemo, useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { AttachmentList, LIBRARY_FILE_INPUTS, LINK_INPUTS, miniProgramInputs, type AttachmentInput } from '../../../lib/attachment-fields'
import { Field, TextField } from '../../../lib/field'
import { FormFooter } from '../../../lib/form-footer'
import type { SaveState } from '../../../lib/save-state'
import { AudienceFilterPanel } from '../../customers/components/audience-filter-panel'
import { createBroadcast, useGroupChoices, usePreview } from '../api/broadcasts'
import {
  ATTACHMENT_LABELS,
  audienceOf,
  BLANK_BROADCAST,
  blankAttachment,
  broadcastProblems,
  broadcastRequest,
  MAX_BROADCAST_ATTACHMENTS,
  textBytes,
  type BroadcastForm,
} from '../broadcast-form'

/** Compose a broadcast: the audience with its live count, the content, and when it goes out. */
export function BroadcastComposer({ onSent, onClose }: { onSent: (broadcast: BroadcastDetail) => void; onClose: () => void }) {
  const [draft, setDraft] = useState<BroadcastForm>(BLANK_BROADCAST)
  const [state, setState] = useState<SaveState>('idle')
  const [tried, setTried] = useState(false)
  // One key for this compose: a retried submit creates the broadcast once.
  const idempotencyKey = useMemo(() => `bc-${crypto.randomUUID()}`, [])
  const set = (patch: Partial<BroadcastForm>) => setDraft((current) => ({ ...current, ...patch }))
  const problems = broadcastProblems(draft)
  const dirty = JSON.stringify(draft) !== JSON.stringify(BLANK_BROADCAST)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (problems.length > 0) return
    setState('saving')
    try {
      onSent(await createBroadcast(broadcastRequest(draft), idempotencyKey))
    } catch (error) {
      setState({ error })
    }
  }
  const close = () => {
    if (dirty && !window.confirm('放弃正在编辑的群发？')) return
    onClose()
  }

  return (
    <form className="editor" aria-label="新建群发" onSubmit={(event) => void submit(event)}>
      <header className="page__header">
        <h2 className="page__title">新建群发</h2>
        <button className="button button--link" type="button" onClick={close}>
          返回列表
        </button>
      </header>
      <p className="muted">企业微信不允许静默发送：提交后，每位员工会在企业微信「客户联系 → 群发助手」收到任务，确认后才会发出。</p>
      <TextField label="群发名称（最多 50 字）" name="name" maxLength={50} value={draft.name} onValue={(name) => set({ name })} />
      <Field label="发送给">
        <select className="field__input" aria-label="发送给" value={draft.chatType} onChange={(e) => set({ chatType: e.target.value as BroadcastForm['chatType'] })}>
          <option value="single">客户（按筛选条件）</option>
          <option value="group">客户群（由群主发送）</option>
        </select>
      </Field>
      {draft.chatType === 'single' ? (
        <AudienceFilterPanel filter={draft.filter} onChange={(filter) => set({ filter })} />
      ) : (
        <GroupPicker draft={draft} set={set} />
      )}
      <AudiencePreview draft={draft} />

      <Field label={`群发文字（${textBytes(draft.text)} / 4000 字节，一个汉字算 3 字节）`}>
        <textarea className="field__input" name="text" rows={5} maxLength={4000} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
      </Field>
      <AttachmentList
        label={`附件（最多 ${MAX_BROADCAST_ATTACHMENTS} 个；图片在发送时上传到企业微信）`}
        attachments={draft.attachments}
        max={MAX_BROADCAST_ATTACHMENTS}
        kindLabels={ATTACHMENT_LABELS}
        inputs={ATTACHMENT_INPUTS}
        blank={blankAttachment}
        onChange={(attachments) => set({ attachments })}
      />
      <Field label="发送时间">
        <span className="placeholder-bar">
          <label>
            <input type="radio" name="when" checked={draft.when === 'now'} onChange={() => set({ when: 'now' })} /> 立即发送
          </label>
          <label>
            <input type="radio" name="when" checked={draft.when === 'later'} onChange={() => set({ when: 'later' })} /> 定时发送
          </label>
          {draft.when === 'later' && (
            <input className="field__input" type="datetime-local" aria-label="定时发送时间" value={draft.sendAt} onChange={(e) => set({ sendAt: e.target.value })} />
          )}
        </span>
      </Field>
      <FormFooter
        problems={tried ? problems : []}
        state={state}
        canSubmit={!tried || problems.length === 0}
        label={draft.when === 'now' ? '发送给员工确认' : '定时发送'}
        busyLabel="提交中…"
      />
    </form>
  )
}

/** The live count: who the audience holds, who a guide can send to, and who the receive rule would refuse. */
function AudiencePreview({ draft }: { draft: BroadcastForm }) {
  const audience = audienceOf(draft)
  const preview = usePreview(audience)
  if (!audience) return <p className="muted">请选择客户群或群主</p>
  if (preview.status === 'loading') return <p className="muted" aria-live="polite">正在计算人数…</p>
  if (preview.status === 'error') return <p className="form-error">人数计算失败：{errorMessage(preview.error)}</p>
  const data = preview.data
  if (!data) return null
  const unit = draft.chatType === 'single' ? '位客户' : '个客户群'
  return (
    <div className="notice" role="status" aria-label="群发人数">
      <strong>
        共 {data.total} {unit}
      </strong>
      ，其中 {data.reachable} {unit}可发送，需 {data.senders} 位员工确认；
      <strong>{data.overQuota}</strong> {unit}本期已达接收上限（{BROADCAST_QUOTA_RULE_LABELS[data.quotaRule]}），不会发给他们。
      {draft.chatType === 'single' && data.total > data.reachable && <> {data.total - data.reachable} 位客户已没有跟进导购，无法发送。</>}
    </div>
  )
}

function GroupPicker({ draft, set }: { draft: BroadcastForm; set: (patch: Partial<BroadcastForm>) => void }) {
  const choices = useGroupChoices()
  if (choices.status === 'loading') return <p className="muted">正在加载客户群…</p>
  if (choices.status === 'error') return <p className="form-error">{errorMessage(choices.error)}</p>
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value])
  return (
    <div className="filter-panel" aria-label="选择客户群">
      <div className="filter-row">
        <span className="filter-row__label">群主的全部群</span>
        <div className="chips">
          {choices.data.staff.map((member) => (
            <button
              key={member.userId}
              type="button"
              className={`chip ${draft.ownerUserIds.includes(member.userId) ? 'chip--on' : ''}`}
              aria-pressed={draft.ownerUserIds.includes(member.userId)}
              onClick={() => set({ ownerUserIds: toggle(draft.ownerUserIds, member.userId) })}
            >
              {member.name}
            </button>
          ))}
        </div>
      </div>
      <div className="filter-row">
        <span className="filter-row__label">或这些群</span>
        <div className="chips">
          {choices.data.groups.map((group) => (
            <button
              key={group.id}
              type="button"
              className={`chip ${draft.groupChatIds.includes(group.id) ? 'chip--on' : ''}`}
              aria-pressed={draft.groupChatIds.includes(group.id)}
              onClick={() => set({ groupChatIds: toggle(draft.groupChatIds, group.id) })}
            >
              {group.name || '未命名群聊'}（{group.owner.name}）
            </button>
          ))}
          {choices.data.groups.length === 0 && <span className="muted">还没有客户群</span>}
        </div>
      </div>
    </div>
  )
}

/** What each kind of broadcast attachment asks for; images go by URL and are uploaded when it is sent. */
const ATTACHMENT_INPUTS: Record<BroadcastAttachment['type'], AttachmentInput[]> = {
  image: [{ key: 'picUrl', label: '图片地址（JPG/PNG，10MB 以内）', maxLength: 2048, picture: '图片', wecom: true }],
  link: LINK_INPUTS,
  miniprogram: miniProgramInputs({ key: 'picUrl', label: '封面图地址（建议 520×416）', maxLength: 2048, picture: '封面图', wecom: true }),
  file: LIBRARY_FILE_INPUTS,
}
