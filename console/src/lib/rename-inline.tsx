import { useState, type FormEvent, type ReactNode } from 'react'
import { runSave, SaveStatus, type SaveState } from './save-state'
import { useDraft } from './unsaved-changes'
import { ManageOnly } from './admin-access'

/**
 * A name with a 重命名 button that turns it into a small form; `problem` mirrors the server's rule
 * for the name and keeps 保存 disabled while it says something.
 */
export function RenameInline({
  name,
  label,
  maxLength,
  problem,
  onRename,
  children,
}: {
  name: string
  /** What is being renamed, for the input's label: 「标签组」. */
  label: string
  maxLength: number
  problem: (name: string) => string | null
  onRename: (name: string) => Promise<unknown>
  /** What stands for the name while not editing; the name itself by default. */
  children?: ReactNode
}) {
  const [editing, setEditing] = useState(false)
  if (!editing) {
    return (
      <span className="inline-form">
        {children ?? <span>{name}</span>}
        <ManageOnly>
          <button className="button button--link" type="button" aria-label={`重命名「${name}」`} onClick={() => setEditing(true)}>
            重命名
          </button>
        </ManageOnly>
      </span>
    )
  }
  return <RenameForm name={name} label={label} maxLength={maxLength} problem={problem} onRename={onRename} onDone={() => setEditing(false)} />
}

function RenameForm({
  name,
  label,
  maxLength,
  problem,
  onRename,
  onDone,
}: Omit<Parameters<typeof RenameInline>[0], 'children'> & { onDone: () => void }) {
  const { draft, setDraft, markSaved } = useDraft(name)
  const [state, setState] = useState<SaveState>('idle')
  const wrong = problem(draft)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await runSave(setState, () => onRename(draft.trim()))) {
      markSaved()
      onDone()
    }
  }

  return (
    <form className="inline-form" aria-label={`重命名${label}`} onSubmit={(event) => void submit(event)} noValidate>
      <input
        className="field__input"
        aria-label={`${label}新名称`}
        maxLength={maxLength}
        value={draft}
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
      />
      <button className="button button--primary" type="submit" disabled={wrong !== null || state === 'saving'}>
        保存
      </button>
      <button className="button" type="button" onClick={onDone}>
        取消
      </button>
      {wrong !== null && draft !== name && <span className="form-error">{wrong}</span>}
      <SaveStatus state={state} />
    </form>
  )
}
