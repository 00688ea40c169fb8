import { useState } from 'react'
import type { Todo } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { Button, TAG_TONES, Tag } from '@liuliang/ui/nutui'
import { sendChatMessage } from '../../../lib/wecom'
import { newRequestId, prepareSopSend, useSopTodos, type SopTarget } from '../api/sop'

/**
 * The due SOP steps of this chat (its customer, or its customer group), each sent by one tap: the server
 * fills the step's script and marks it sent, then it goes into the chat. Nothing shows when none is due.
 */
export function SopSteps({ target }: { target: SopTarget }) {
  const todos = useSopTodos(target)
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState<number | null>(null)
  if (todos.status !== 'success') return null
  const steps = todos.data.items
  if (steps.length === 0) return null

  const send = async (todo: Todo) => {
    setSending(todo.sourceId)
    setFailure(null)
    try {
      const { message } = await prepareSopSend(todo.sourceId, newRequestId())
      await sendChatMessage(message)
      todos.mutate((list) => ({ items: list.items.filter((item) => item.sourceId !== todo.sourceId) }))
    } catch (error) {
      setFailure(errorMessage(error))
      todos.refresh()
    } finally {
      setSending(null)
    }
  }

  return (
    <section className="card" aria-label="激活SOP待发送">
      <h2 className="card__title">激活SOP 待发送</h2>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <ul className="notes">
        {steps.map((todo) => (
          <li key={todo.sourceId} className="note" aria-label={todo.title}>
            <span>
              <Tag {...(todo.status === 'late' ? TAG_TONES.orange : TAG_TONES.blue)}>{todo.status === 'late' ? '已逾期' : '待发送'}</Tag> <b>{todo.title}</b>
            </span>
            <span className="muted">
              {todo.detail} · {formatDateTime(todo.dueAt)}
            </span>
            {todo.suggestion?.content && <p className="note__content">{todo.suggestion.content}</p>}
            <Button size="small" type="primary" loading={sending === todo.sourceId} disabled={sending !== null} onClick={() => void send(todo)}>
              一键发送
            </Button>
          </li>
        ))}
      </ul>
    </section>
  )
}
