import { useState } from 'react'
import { PLACEHOLDER_LABELS, previewScript, SCRIPT_TYPE_LABELS, type PlaceholderValues, type Script } from '@liuliang/shared'
import { InlineError } from '@liuliang/ui/feedback'
import { useRequest } from '@liuliang/ui/use-request'
import { Button, TAG_TONES, Tag } from '@liuliang/ui/nutui'
import { useChatSend } from '../../../lib/chat-send'
import { fileOf } from '../../materials/api/materials'
import { FileBadge } from '../../materials/components/file-library'
import { newRequestId, prepareSend, type SendTarget } from '../../../lib/script-send'

/** One script: its preview filled for this customer, and one tap to send it into the chat. */
export function ScriptItem({
  script,
  values,
  target,
  usageCount,
  onSent,
}: {
  script: Script
  values: PlaceholderValues
  target: SendTarget
  usageCount: number
  onSent: (usageCount: number) => void
}) {
  const [expanded, setExpanded] = useState(false)
  const { state: send, send: sendNow } = useChatSend(
    () => prepareSend(script.id, target, newRequestId()),
    (reply) => onSent(reply.usageCount),
  )
  const preview = previewScript(script, values)
  const missing = preview.missing.map((name) => PLACEHOLDER_LABELS[name])

  return (
    <li className="script" aria-label={preview.title}>
      <button type="button" className="script__head" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        <span className="script__title">{preview.title}</span>
        <Tag {...(script.scope === 'personal' ? TAG_TONES.green : TAG_TONES.blue)}>
          {script.scope === 'personal' ? '我的·' : ''}
          {SCRIPT_TYPE_LABELS[script.type]}
        </Tag>
      </button>
      {preview.content && <p className={expanded ? 'script__content' : 'script__content script__content--clamped'}>{preview.content}</p>}
      {expanded && <Attachment script={script} title={preview.title} />}
      <div className="script__foot">
        <span className="muted">已发送 {usageCount} 次</span>
        {send.status === 'sent' && <span className="script__sent">已发送</span>}
        <Button size="small" type="primary" disabled={missing.length > 0} loading={send.status === 'sending'} onClick={sendNow}>
          发送
        </Button>
      </div>
      {missing.length > 0 && (
        <p className="muted">
          {target.kind === 'group' ? `群聊里没有单个客户的${missing.join('、')}` : `这位客户暂无${missing.join('、')}`}，不能发送这条话术
        </p>
      )}
      {send.status === 'failed' && <InlineError error={send.error} />}
    </li>
  )
}

/** What the customer will see besides words: the picture, the link card, the mini-program card or the file. */
function Attachment({ script, title }: { script: Script; title: string }) {
  switch (script.type) {
    case 'text':
      return null
    case 'image':
      return <img className="script__image" src={script.image.url} alt={title} loading="lazy" />
    case 'link':
      return (
        <div className="card-preview">
          <img src={script.link.imageUrl} alt="" loading="lazy" />
          <span className="card-preview__text">{script.link.url}</span>
        </div>
      )
    case 'miniprogram':
      return (
        <div className="card-preview card-preview--mini">
          <img src={script.miniprogram.imageUrl} alt="" loading="lazy" />
          <span className="card-preview__text">小程序 · {script.miniprogram.page}</span>
        </div>
      )
    case 'file':
      return <ScriptFile fileId={script.file.fileId} name={script.file.name ?? ''} />
  }
}

/** A script's video or document as the chat shows it; the guide can open it before sending it. */
function ScriptFile({ fileId, name }: { fileId: number; name: string }) {
  const file = useRequest((signal) => fileOf(fileId, signal), [fileId])
  return (
    <div className="card-preview">
      <FileBadge fileName={name} />
      {file.status === 'success' ? (
        <a className="card-preview__text" href={file.data.url} target="_blank" rel="noreferrer">
          {name}
        </a>
      ) : (
        <span className="card-preview__text">{name}</span>
      )}
    </div>
  )
}
