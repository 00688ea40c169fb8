import { useState, type FormEvent } from 'react'
import type { AdminPointsEntry } from '@liuliang/shared'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { errorMessage } from '@liuliang/ui/errors'
import { adjustPoints, findCustomers, previewCustomer, type CustomerChoice, type CustomerPreview } from '../api/loyalty'
import { useUnsavedChanges } from '../../../lib/unsaved-changes'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { ManageOnly } from '../../../lib/admin-access'

const newKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
const signed = (delta: number) => `${delta > 0 ? '+' : ''}${delta}`

export function PointsAdjustPage() {
  const [customer, setCustomer] = useState<CustomerPreview | null>(null)
  const [delta, setDelta] = useState('')
  const [reason, setReason] = useState('')
  // One key per intended adjustment: a retry after a lost answer reuses it and adjusts once.
  const [key, setKey] = useState(newKey)
  const [state, setState] = useState<SaveState>('idle')
  const [last, setLast] = useState<AdminPointsEntry | null>(null)
  const [confirming, setConfirming] = useState(false)

  // The customer stays picked after an adjustment, for the next one; only an amount or reason is unsaved work.
  useUnsavedChanges(delta !== '' || reason !== '')
  const valid = customer !== null && /^-?\d+$/.test(delta) && Number(delta) !== 0 && reason.trim() !== ''
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (valid) setConfirming(true)
  }
  const adjust = async () => {
    if (!customer) return
    const done = await runSave(setState, async () => {
      const entry = await adjustPoints(customer.id, { delta: Number(delta), reason: reason.trim() }, key)
      setLast(entry)
      setCustomer({ ...customer, balance: entry.balanceAfter })
    })
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
  const pick = (picked: CustomerPreview | null) => {
    setCustomer(picked)
    setKey(newKey())
    setLast(null)
    setState('idle')
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">积分调整</h1>
      </header>
      <p className="muted">为客户增加或扣减积分；原因会和操作人一起记入积分明细，客户的动态里也会显示。</p>
      <div className="form-narrow">
        {customer ? <CustomerCard customer={customer} onChange={() => pick(null)} /> : <CustomerPicker onPick={pick} />}
      </div>
      <form className="form-narrow" onSubmit={submit} noValidate>
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
          saved={last ? `已调整：${signed(last.delta)} 积分，客户当前余额 ${last.balanceAfter}` : '已调整'}
        />
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={!valid || state === 'saving'}>
            {state === 'saving' ? '提交中…' : '调整积分'}
          </button>
        </ManageOnly>
      </form>
      <ConfirmDialog
        visible={confirming}
        title="确认调整积分"
        confirmText="确认调整"
        onConfirm={adjust}
        onClose={() => setConfirming(false)}
      >
        {customer && (
          <p>
            为 {customer.name ?? '未命名客户'}（#{customer.id}）{signed(Number(delta))} 积分，调整后余额 {customer.balance + Number(delta)}。
            <br />
            原因：{reason.trim()}
          </p>
        )}
      </ConfirmDialog>
    </section>
  )
}

export function Avatar({ name, url }: { name: string | null; url: string | null }) {
  return url ? <img className="avatar" src={url} alt="" /> : <span className="avatar avatar--text">{(name ?? '客').slice(0, 1)}</span>
}

/** Finds a customer by name, phone or their number in the customer list, and shows the matches to pick from. */
export function CustomerPicker({ onPick }: { onPick: (customer: CustomerPreview) => void }) {
  const [query, setQuery] = useState('')
  const [matches, setMatches] = useState<CustomerChoice[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setFailure(null)
    try {
      await work()
    } catch (error) {
      setFailure(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }
  const search = (event: FormEvent) => {
    event.preventDefault()
    const text = query.trim()
    if (text === '') return
    void run(async () => setMatches(await findCustomers(text)))
  }
  const choose = (id: number) => void run(async () => onPick(await previewCustomer(id)))

  return (
    <form className="customer-picker" role="search" aria-label="选择客户" onSubmit={search}>
      <label className="field">
        <span className="field__label">客户</span>
        <span className="customer-picker__row">
          <input
            className="field__input"
            name="customerQuery"
            placeholder="输入客户姓名、手机号或客户编号"
            maxLength={64}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button className="button" type="submit" disabled={busy || query.trim() === ''}>
            查找
          </button>
        </span>
      </label>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {matches && matches.length === 0 && <p className="muted">没有找到这位客户</p>}
      {matches && matches.length > 0 && (
        <ul className="customer-picker__list" aria-label="找到的客户">
          {matches.map((match) => (
            <li key={match.id}>
              <button className="customer-picker__choice" type="button" disabled={busy} onClick={() => choose(match.id)}>
                <Avatar name={match.name} url={match.avatarUrl} />
                <span>{match.name ?? '未命名客户'}</span>
                <span className="muted">#{match.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  )
}

/** Who the points go to, as they will be checked before confirming: name, face, phone and balance. */
function CustomerCard({ customer, onChange }: { customer: CustomerPreview; onChange: () => void }) {
  return (
    <div className="customer-card" aria-label="已选客户">
      <Avatar name={customer.name} url={customer.avatarUrl} />
      <div className="customer-card__text">
        <b>{customer.name ?? '未命名客户'}</b>
        <span className="muted">
          客户 #{customer.id}
          {customer.phoneMasked ? ` · ${customer.phoneMasked}` : ''}
        </span>
        <span>当前积分 {customer.balance}</span>
      </div>
      <button className="button" type="button" onClick={onChange}>
        换一位
      </button>
    </div>
  )
}
