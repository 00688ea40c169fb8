import { useState } from 'react'
import type { Reminder } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { InlineError } from '@liuliang/ui/feedback'
import { formatDateTime } from '@liuliang/ui/format'
import { Avatar, Button } from '@liuliang/ui/nutui'
import { completeReminder, useMyReminders } from '../api/reminders'

/** The guide's to-do: every customer they planned to contact, due ones first; tapping one opens that customer. */
export function ReminderList({ now = new Date(), onOpen }: { now?: Date; onOpen: (externalUserId: string) => void }) {
  const reminders = useMyReminders()
  const [error, setError] = useState<string | null>(null)

  const done = async (reminder: Reminder) => {
    setError(null)
    try {
      await completeReminder(reminder.followUpId)
      reminders.mutate((list) => ({ items: list.items.filter((item) => item.followUpId !== reminder.followUpId) }))
    } catch (failure) {
      setError(errorMessage(failure))
    }
  }

  if (reminders.status === 'loading') return <p className="muted">加载中…</p>
  if (reminders.status === 'error') return <InlineError error={reminders.error} onRetry={reminders.reload} />
  return (
    <section className="card" aria-label="我的待办提醒">
      <h2 className="card__title">待跟进的客户</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {reminders.data.items.length === 0 ? (
        <p className="muted">没有待跟进的提醒。写跟进记录时选一个下次联系时间，就会出现在这里。</p>
      ) : (
        <ul className="notes">
          {reminders.data.items.map((reminder) => {
            const name = reminder.customer.name ?? '未命名客户'
            const due = Date.parse(reminder.nextContactAt) <= now.getTime()
            const { externalUserId } = reminder.customer
            return (
              <li key={reminder.followUpId} className="note">
                <div className="reminder-row">
                  <button
                    type="button"
                    className="reminder-row__open"
                    aria-label={`打开${name}的跟进记录`}
                    disabled={externalUserId === null}
                    onClick={() => externalUserId && onOpen(externalUserId)}
                  >
                    <Avatar size="small" src={reminder.customer.avatarUrl ?? undefined} background="#e8f1ff" color="#1f6fe5">
                      {reminder.customer.avatarUrl ? undefined : name.slice(0, 1)}
                    </Avatar>
                    <span className="reminder__text">
                      <b>{name}</b>
                      <span className={due ? 'form-error' : 'muted'}>
                        {due ? '已到期 · ' : ''}
                        {formatDateTime(reminder.nextContactAt)}
                      </span>
                      <span className="note__content muted">{reminder.content}</span>
                    </span>
                  </button>
                  <Button size="mini" fill="outline" onClick={() => done(reminder)}>
                    完成
                  </Button>
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
