import { formatTime } from '@liuliang/ui/format'
import { useDevDoubleState } from '../../../lib/use-dev-double'
import type { DevDouble } from '../../../lib/wecom'
import { describeChatMessage } from '../describe-message'

/** Every message sendChatMessage would have put into the chat, newest last. */
export function SentMessagesPanel({ double }: { double: DevDouble }) {
  const { sent } = useDevDoubleState(double)
  return (
    <section className="double-card sent-panel" aria-label="模拟发送记录">
      <h2 className="double-card__title">将发送到聊天的消息（{sent.length}）</h2>
      {sent.length === 0 ? (
        <p className="double-card__hint">还没有发送消息。在企业微信中，消息会直接发到当前聊天。</p>
      ) : (
        <ol className="sent-list">
          {sent.map(({ id, sentAt, message }) => {
            const { kind, lines } = describeChatMessage(message)
            return (
              <li key={id} className="sent-item">
                <div className="sent-item__head">
                  <span className="sent-item__kind">{kind}</span>
                  <time dateTime={sentAt}>{formatTime(sentAt)}</time>
                </div>
                {lines.map((line, index) => (
                  <p key={index} className="sent-item__line">
                    {line}
                  </p>
                ))}
                {/* The payload exactly as ww.sendChatMessage would have received it. */}
                <pre className="sent-item__payload" aria-label="消息内容（JSON）">
                  {JSON.stringify(message)}
                </pre>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
