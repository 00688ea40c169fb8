import { useState, type FormEvent } from 'react'
import type { AdminPointsEntry } from '@liuliang/shared'
import { adjustPoints } from '../api/loyalty'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'

const newKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

export function PointsAdjustPage() {
  const [customerId, setCustomerId] = useState('')
  const [delta, setDelta] = useState('')
  const [reason, setReason] = useState('')
  // One key per intended adjustment: a retry after a lost answer reuses it and adjusts once.
  const [key, setKey] = useState(newKey)
  const [state, setState] = useState<SaveState>('idle')
  const [last, setLast] = useState<AdminPointsEntry | null>(null)

  // The customer stays filled in after an adjustment, for the next one; only an amount or reason is unsaved work.
  useUnsavedChanges(delta !== '' || reason !== '')
  const valid = /^\d+$/.test(customerId) && /^-?\d+$/.test(delta) && Number(delta) !== 0 && reason.trim() !== ''
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!valid) return
    const done = await runSave(setState, async () =>
      setLast(await adjustPoints(Number(customerId), { delta: Number(delta), reason: reason.trim() }, key)),
    )
    if (done) {
      setKey(newKey())
      setDelta('')
      setReason('')
    }
  }
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value)
    setKey(newKey())
    if (state !== 'saving') setState('idle')
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">积分调整</h1>
      </header>
      <p className="muted">为客户增加或扣减积分；原因会和操作人一起记入积分明细，客户的动态里也会显示。</p>
      <form className="form-narrow" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span className="field__label">客户 ID（客户列表中的编号）</span>
          <input className="field__input" name="customerId" inputMode="numeric" value={customerId} onChange={(e) => edit(setCustomerId)(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">积分变动（扣减填负数）</span>
          <input className="field__input" name="delta" inputMode="numeric" value={delta} onChange={(e) => edit(setDelta)(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">原因</span>
          <input className="field__input" name="reason" maxLength={200} value={reason} onChange={(e) => edit(setReason)(e.target.value)} />
        </label>
        <SaveStatus
          state={state}
          saved={last ? `已调整：${last.delta > 0 ? '+' : ''}${last.delta} 积分，客户当前余额 ${last.balanceAfter}` : '已调整'}
        />
        <button className="button button--primary" type="submit" disabled={!valid || state === 'saving'}>
          {state === 'saving' ? '提交中…' : '确认调整'}
        </button>
      </form>
    </section>
  )
}
