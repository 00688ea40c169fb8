// What the live-code and welcome editors share: a draft guarded against leaving unsaved, validation
// that blocks saving, the save itself, and the frame with the customer's preview beside the fields.
import { useState, type FormEvent, type ReactNode } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { Field } from '../../../lib/field'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { leaveGuard, useDraft } from '../../../lib/unsaved-changes'
import { ManageOnly } from '../../../lib/admin-access'

export function useEditor<T, Saved>({
  initial,
  problemsOf,
  save,
  onSaved,
}: {
  initial: T
  problemsOf: (draft: T) => string[]
  save: (draft: T) => Promise<Saved>
  onSaved: (saved: Saved) => void
}) {
  const form = useDraft<T>(initial)
  const [state, setState] = useState<SaveState>('idle')
  const problems = problemsOf(form.draft)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (problems.length > 0) return
    let saved: { value: Saved } | null = null
    const ok = await runSave(setState, async () => {
      saved = { value: await save(form.draft) }
    })
    if (ok && saved) {
      form.markSaved()
      onSaved((saved as { value: Saved }).value)
    }
  }
  return {
    draft: form.draft,
    set: (patch: Partial<T>) => form.setDraft({ ...form.draft, ...patch }),
    problems,
    state,
    submit,
  }
}

export function EditorFrame({
  label,
  title,
  submitLabel,
  editor,
  preview,
  onClose,
  children,
}: {
  label: string
  title: string
  submitLabel: string
  editor: Pick<ReturnType<typeof useEditor>, 'problems' | 'state' | 'submit'>
  preview: ReactNode
  onClose: () => void
  children: ReactNode
}) {
  const { problems, state, submit } = editor
  return (
    <form className="acq-editor" aria-label={label} onSubmit={(e) => void submit(e)} noValidate>
      <div className="acq-editor__fields">
        <h2>{title}</h2>
        {children}
        {problems.length > 0 && (
          <ul className="problems" aria-label="待修改">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <SaveStatus state={state} />
        <div className="acq-editor__actions">
          <ManageOnly>
            <button className="button button--primary" type="submit" disabled={state === 'saving' || problems.length > 0}>
              {state === 'saving' ? '保存中…' : submitLabel}
            </button>
          </ManageOnly>
          <button className="button" type="button" onClick={onClose}>
            关闭
          </button>
        </div>
      </div>
      {preview}
    </form>
  )
}

/** A labelled select over `[value, text]` choices, with an empty "请选择" first when `prompt` is set. */
export function SelectField<V extends string>({
  label,
  name,
  value,
  choices,
  prompt,
  onValue,
}: {
  label: string
  name: string
  value: V
  choices: readonly (readonly [V, string])[]
  prompt?: boolean
  onValue: (value: V) => void
}) {
  return (
    <Field label={label}>
      <select className="field__input" name={name} value={value} onChange={(e) => onValue(e.target.value as V)}>
        {prompt && <option value="">请选择</option>}
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  )
}

/**
 * A list page's state: which editor is open and the error of its last row action. `openEditor` asks
 * before an editor with unsaved edits is replaced or closed.
 */
export function useListPage<Item>() {
  const [editing, setEditing] = useState<Item | 'new' | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  return {
    editing,
    setEditing,
    openEditor: (next: Item | 'new' | null) => {
      if (leaveGuard.confirmLeave()) setEditing(next)
    },
    /** Runs a row action (delete, download…), showing its failure above the list. */
    run: async (action: () => Promise<unknown>) => {
      setActionError(null)
      try {
        await action()
      } catch (error) {
        setActionError(error)
      }
    },
    actionError,
  }
}

/** The list page's title, the button that opens a new editor, and the last row action's error. */
export function ListPageHeader({
  title,
  newLabel,
  page,
}: {
  title: string
  newLabel: string
  page: { openEditor: (next: 'new') => void; actionError: unknown }
}) {
  return (
    <>
      <header className="page__header">
        <h1 className="page__title">{title}</h1>
        <ManageOnly>
          <button className="button button--primary" type="button" onClick={() => page.openEditor('new')}>
            {newLabel}
          </button>
        </ManageOnly>
      </header>
      {page.actionError !== null && (
        <p className="form-error" role="alert">
          {errorMessage(page.actionError)}
        </p>
      )}
    </>
  )
}
