import { useCanManage } from './admin-access'
import { SaveStatus, type SaveState } from './save-state'

/** Under a form: what keeps it from being saved, how the last save went, and the submit button. */
export function FormFooter({
  problems,
  state,
  canSubmit,
  label,
  busyLabel,
  done,
  onCancel,
}: {
  problems: string[]
  state: SaveState
  canSubmit: boolean
  label: string
  busyLabel: string
  /** what the status line says after a successful submit */
  done?: string
  /** a dialog's form: a 取消 button beside the submit one */
  onCancel?: () => void
}) {
  // A view-only role reads the form; saving is its area's `manage`.
  const canManage = useCanManage()
  if (!canManage) return <p className="muted">你的角色只能查看，不能保存修改</p>
  return (
    <>
      {problems.length > 0 && (
        <ul className="form-error form-problems" aria-label="需要修改">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <SaveStatus state={state} saved={done} />
      <div className="badges">
        {onCancel && (
          <button className="button" type="button" disabled={state === 'saving'} onClick={onCancel}>
            取消
          </button>
        )}
        <button className="button button--primary" type="submit" disabled={!canSubmit || state === 'saving'}>
          {state === 'saving' ? busyLabel : label}
        </button>
      </div>
    </>
  )
}
