import { useState, type FormEvent } from 'react'
import type { FollowUp, FollowUpPage } from '@liuliang/shared'
import { errorMessage } from '../../errors'
import { MoreButton } from '../../feedback'
import { businessTimeInDays, formatDateTime } from '../../format'
import { Button, TAG_TONES, Tag } from '../../nutui'
import { useMorePages } from '../../use-more-pages'
import type { Customer360Guide } from '../source'

/** Next-contact choices: days from today, reminded at 10:00 in the brand's time zone. */
const NEXT_CONTACT_CHOICES: [string, number | null][] = [
  ['不提醒', null],
  ['明天', 1],
  ['3 天后', 3],
  ['1 周后', 7],
  ['1 个月后', 30],
]
const REMIND_AT_HOUR = 10

/** Notes by every guide, my open reminders on this customer, and the form for a new note. */
export function FollowUpPanel({
  guide,
  followUps,
  loadPage,
  myReminders,
  onChanged,
}: {
  guide: Customer360Guide
  followUps: FollowUpPage
  loadPage: (cursor: string) => Promise<FollowUpPage>
  myReminders: readonly FollowUp[]
  onChanged: () => void
}) {
  return (
    <div className="follow-ups">
      <FollowUpForm addFollowUp={guide.addFollowUp} hasOpenReminders={myReminders.length > 0} onAdded={onChanged} />
      {myReminders.length > 0 && (
        <ul className="reminders" aria-label="我的跟进提醒">
          {myReminders.map((reminder) => (
            <ReminderItem key={reminder.id} reminder={reminder} completeReminder={guide.completeReminder} onDone={onChanged} />
          ))}
        </ul>
      )}
      <FollowUpList first={followUps} loadPage={loadPage} />
    </div>
  )
}

/** Every guide's notes, newest first, paging in on demand. */
export function FollowUpList({ first, loadPage }: { first: FollowUpPage; loadPage: (cursor: string) => Promise<FollowUpPage> }) {
  const notes = useMorePages(first, loadPage)
  return (
    <div className="follow-ups">
      {notes.items.length === 0 ? (
        <p className="muted">还没有跟进记录</p>
      ) : (
        <ul className="notes" aria-label="跟进记录">
          {notes.items.map((note) => (
            <li key={note.id} className="note">
              <div className="note__head">
                <span className="note__author">{note.staffName}</span>
                <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
              </div>
              <p className="note__content">{note.content}</p>
              {note.nextContactAt && (
                <Tag {...(note.reminderDoneAt ? TAG_TONES.gray : TAG_TONES.blue)}>
                  {note.reminderDoneAt ? '已跟进' : '计划'} {formatDateTime(note.nextContactAt)} 联系
                </Tag>
              )}
            </li>
          ))}
        </ul>
      )}
      <MoreButton list={notes} />
    </div>
  )
}

function FollowUpForm({
  addFollowUp,
  hasOpenReminders,
  onAdded,
}: {
  addFollowUp: Customer360Guide['addFollowUp']
  hasOpenReminders: boolean
  onAdded: () => void
}) {
  const [content, setContent] = useState('')
  const [inDays, setInDays] = useState<number | null>(null)
  // A new note settles earlier reminders only when the guide says so: writing one need not mean the planned call happened.
  const [completePrevious, setCompletePrevious] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (content.trim() === '') return setError('请先写下跟进内容')
    setSaving(true)
    setError(null)
    try {
      const nextContactAt = inDays === null ? undefined : businessTimeInDays(inDays, REMIND_AT_HOUR).toISOString()
      await addFollowUp({ content: content.trim(), nextContactAt, ...(hasOpenReminders && completePrevious ? { completePreviousReminders: true } : {}) })
      setContent('')
      setInDays(null)
      setCompletePrevious(false)
      onAdded()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="follow-up-form" onSubmit={submit}>
      <textarea
        className="textarea"
        aria-label="跟进内容"
        placeholder="记录这次沟通的要点，同事也能看到"
        maxLength={1000}
        rows={3}
        value={content}
        onChange={(event) => setContent(event.target.value)}
      />
      <div className="chips" role="group" aria-label="下次联系">
        {NEXT_CONTACT_CHOICES.map(([label, days]) => (
          <button key={label} type="button" className="chip" aria-pressed={inDays === days} onClick={() => setInDays(days)}>
            {label}
          </button>
        ))}
      </div>
      {hasOpenReminders && (
        <label className="follow-up-form__check">
          <input type="checkbox" checked={completePrevious} onChange={(event) => setCompletePrevious(event.target.checked)} />
          完成之前的提醒
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button type="primary" size="small" block nativeType="submit" loading={saving}>
        保存跟进
      </Button>
    </form>
  )
}

function ReminderItem({
  reminder,
  completeReminder,
  onDone,
}: {
  reminder: FollowUp
  completeReminder: Customer360Guide['completeReminder']
  onDone: () => void
}) {
  const [error, setError] = useState<string | null>(null)
  const done = async () => {
    try {
      await completeReminder(reminder.id)
      onDone()
    } catch (failure) {
      setError(errorMessage(failure))
    }
  }
  return (
    <li className="reminder">
      <div className="reminder__text">
        <b>{reminder.nextContactAt && formatDateTime(reminder.nextContactAt)} 联系</b>
        <span className="muted">{reminder.content}</span>
        {error && <span className="form-error">{error}</span>}
      </div>
      <Button size="mini" fill="outline" onClick={done}>
        完成
      </Button>
    </li>
  )
}
