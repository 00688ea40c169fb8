import { useState } from 'react'
import { CLIENT_TODO_KINDS, TODO_KIND_LABELS, LEAD_STATUS_LABELS, type LeadStatus, type Todo } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { InlineError } from '@liuliang/ui/feedback'
import { formatDateTime } from '@liuliang/ui/format'
import { Avatar, Button, TAG_TONES, Tag } from '@liuliang/ui/nutui'
import { completeReminder, useMyTodos } from '../api/todos'

export const todoKey = (todo: Pick<Todo, 'kind' | 'sourceId'>) => `${todo.kind}:${todo.sourceId}`

/**
 * The guide's to-do list: leads, reminders, SOP steps, broadcasts to confirm and moments to publish,
 * soonest due first; tapping one about a customer opens them. A reminder is settled here; a lead is
 * worked on its customer's page; broadcasts and moments are finished in WeCom's own client.
 */
export function TodoList({ now = new Date(), onOpen }: { now?: Date; onOpen: (todo: Todo) => void }) {
  const todos = useMyTodos()
  const [error, setError] = useState<string | null>(null)

  const done = async (todo: Todo) => {
    setError(null)
    try {
      await completeReminder(todo.sourceId)
      todos.mutate((list) => ({ items: list.items.filter((item) => todoKey(item) !== todoKey(todo)) }))
    } catch (failure) {
      setError(errorMessage(failure))
    }
  }

  if (todos.status === 'loading') return <p className="muted">加载中…</p>
  if (todos.status === 'error') return <InlineError error={todos.error} onRetry={todos.reload} />
  return (
    <section className="card" aria-label="我的待办提醒">
      <h2 className="card__title">待办</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {todos.data.items.length === 0 ? (
        <p className="muted">没有待办。线索每天早上自动生成；写跟进记录时选一个下次联系时间，也会出现在这里；待确认的客户群发和待发表的朋友圈也会列在这里。</p>
      ) : (
        <ul className="notes" aria-label="待办事项">
          {todos.data.items.map((todo) => {
            const due = Date.parse(todo.dueAt) <= now.getTime()
            const when = (
              <span className={due ? 'form-error' : 'muted'}>
                {due ? '已到期 · ' : ''}
                {formatDateTime(todo.dueAt)}
              </span>
            )
            // A broadcast to confirm or a moment to publish is done in WeCom's own client, for many customers at once.
            if (CLIENT_TODO_KINDS.includes(todo.kind)) {
              return (
                <li key={todoKey(todo)} className="note" aria-label={todo.title}>
                  <span className="reminder__text">
                    <b>{todo.title}</b>
                    <span>
                      <Tag {...TAG_TONES.orange}>{TODO_KIND_LABELS[todo.kind]}</Tag>
                    </span>
                    {when}
                    <span className="note__content muted">{todo.detail}</span>
                  </span>
                </li>
              )
            }
            const name = todo.customer.name ?? '未命名客户'
            const { externalUserId } = todo.customer
            return (
              <li key={todoKey(todo)} className="note" aria-label={`${todo.title}：${name}`}>
                <div className="reminder-row">
                  <button
                    type="button"
                    className="reminder-row__open"
                    aria-label={todo.kind === 'reminder' ? `打开${name}的跟进记录` : `打开${name}的${todo.title}`}
                    disabled={externalUserId === null}
                    onClick={() => onOpen(todo)}
                  >
                    <Avatar size="small" src={todo.customer.avatarUrl ?? undefined} background="#e8f1ff" color="#1f6fe5">
                      {todo.customer.avatarUrl ? undefined : name.slice(0, 1)}
                    </Avatar>
                    <span className="reminder__text">
                      <b>{name}</b>
                      <span>
                        <Tag {...(todo.kind === 'lead' ? TAG_TONES.green : TAG_TONES.blue)}>{todo.kind === 'lead' ? todo.title : TODO_KIND_LABELS[todo.kind]}</Tag>{' '}
                        {todo.status && todo.kind === 'lead' && <span className="muted">{LEAD_STATUS_LABELS[todo.status as LeadStatus]}</span>}
                      </span>
                      {when}
                      <span className="note__content muted">{todo.detail}</span>
                    </span>
                  </button>
                  {todo.kind === 'reminder' && (
                    <Button size="mini" fill="outline" onClick={() => done(todo)}>
                      完成
                    </Button>
                  )}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
