import type { InputHTMLAttributes, ReactNode } from 'react'

/** A labelled form control in the console's style. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      {children}
    </label>
  )
}

/** A labelled input whose value is a string held by the form. */
export function TextField({
  label,
  onValue,
  ...input
}: { label: string; onValue: (value: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className'>) {
  return (
    <Field label={label}>
      <input className="field__input" {...input} onChange={(event) => onValue(event.target.value)} />
    </Field>
  )
}
