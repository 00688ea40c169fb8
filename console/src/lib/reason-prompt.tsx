import { useState } from 'react'

/** An inline "why?" before an action someone else will see the reason for (a refund, a rejection). */
export function ReasonPrompt({
  label,
  confirmText,
  busy = false,
  onConfirm,
  onCancel,
}: {
  label: string
  confirmText: string
  busy?: boolean
  onConfirm: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  return (
    <span className="inline-form">
      <input
        className="field__input"
        aria-label={label}
        placeholder={label}
        maxLength={200}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button className="button button--primary" type="button" disabled={busy || reason.trim() === ''} onClick={() => onConfirm(reason.trim())}>
        {confirmText}
      </button>
      <button className="button" type="button" onClick={onCancel}>
        取消
      </button>
    </span>
  )
}
