import { PLACEHOLDER_LABELS, WELCOME_PLACEHOLDERS, type WelcomeMessageAttachment } from '@liuliang/shared'
import { useRef } from 'react'
import { FileCard } from '../../materials/components/library-file-field'
import { placeholderToken, previewText, SAMPLE_NAMES } from '../welcome-form'

/** The welcome's text with buttons that insert a placeholder where the cursor is. */
export function WelcomeTextField({ label, value, onValue }: { label: string; value: string; onValue: (value: string) => void }) {
  const area = useRef<HTMLTextAreaElement>(null)
  const insert = (token: string) => {
    const input = area.current
    const start = input?.selectionStart ?? value.length
    const end = input?.selectionEnd ?? value.length
    onValue(value.slice(0, start) + token + value.slice(end))
    // The cursor lands after the inserted placeholder, ready to keep typing.
    requestAnimationFrame(() => {
      input?.focus()
      input?.setSelectionRange(start + token.length, start + token.length)
    })
  }
  return (
    <div className="field">
      <label className="field__label" htmlFor="welcome-text">
        {label}
      </label>
      <div className="placeholder-bar">
        <span className="muted">插入：</span>
        {WELCOME_PLACEHOLDERS.map((name) => (
          <button key={name} className="button button--small" type="button" onClick={() => insert(placeholderToken(name))}>
            {PLACEHOLDER_LABELS[name]}
          </button>
        ))}
      </div>
      <textarea id="welcome-text" ref={area} className="field__input field__textarea" rows={5} value={value} onChange={(e) => onValue(e.target.value)} />
    </div>
  )
}

/** The welcome as the customer sees it in WeChat: the guide's bubbles, sample names filled in. */
export function WelcomePreview({
  text,
  attachments = [],
  staffName = SAMPLE_NAMES.staffName,
}: {
  text: string
  attachments?: readonly WelcomeMessageAttachment[]
  staffName?: string
}) {
  const filled = previewText(text, { staffName })
  return (
    <figure className="chat-preview" aria-label="欢迎语预览">
      <figcaption className="chat-preview__caption muted">客户「{SAMPLE_NAMES.customerName}」添加后收到</figcaption>
      {filled.trim() === '' && attachments.length === 0 ? (
        <p className="muted">（还没有内容）</p>
      ) : (
        <>
          {filled.trim() !== '' && <ChatRow staffName={staffName}><p className="chat-bubble" data-testid="welcome-preview-text">{filled}</p></ChatRow>}
          {attachments.map((attachment, index) => (
            <ChatRow key={index} staffName={staffName}>
              <AttachmentCard attachment={attachment} />
            </ChatRow>
          ))}
        </>
      )}
    </figure>
  )
}

function ChatRow({ staffName, children }: { staffName: string; children: React.ReactNode }) {
  return (
    <div className="chat-row">
      <span className="chat-avatar" aria-hidden>
        {staffName.slice(0, 1)}
      </span>
      {children}
    </div>
  )
}

function AttachmentCard({ attachment }: { attachment: WelcomeMessageAttachment }) {
  switch (attachment.type) {
    case 'image':
      return attachment.picUrl ? <img className="chat-image" src={attachment.picUrl} alt="图片附件" referrerPolicy="no-referrer" /> : <span className="chat-card muted">（图片）</span>
    case 'link':
      return (
        <div className="chat-card">
          <strong className="chat-card__title">{attachment.title || '链接标题'}</strong>
          <div className="chat-card__body">
            <span className="muted">{attachment.desc || attachment.url}</span>
            {attachment.picUrl && <img className="chat-card__thumb" src={attachment.picUrl} alt="" referrerPolicy="no-referrer" />}
          </div>
        </div>
      )
    case 'miniprogram':
      return (
        <div className="chat-card chat-card--mp">
          <span className="muted">小程序</span>
          <strong className="chat-card__title">{attachment.title || '小程序标题'}</strong>
          <div className="chat-card__cover" aria-hidden>
            封面
          </div>
          <span className="chat-card__foot muted">{attachment.page}</span>
        </div>
      )
    case 'file':
      return <FileCard name={attachment.name} />
  }
}
