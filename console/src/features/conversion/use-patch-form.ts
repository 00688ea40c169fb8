import { useState, type FormEvent } from 'react'
import { runSave, type SaveState } from '../../lib/save-state'
import { sameValue, useDraft } from '../../lib/unsaved-changes'
import { changedFields, type Checked } from '../../lib/form-checks'

/**
 * An edit form over loaded data that saves only the fields changed: stock moves with every order and
 * group, and a figure read when the form opened must not overwrite it.
 */
export function usePatchForm<F, V extends Record<string, unknown>, R>({
  baseline,
  check,
  save,
  formOf,
  onSaved,
}: {
  baseline: F
  check: (form: F) => Checked<V>
  save: (patch: Partial<V>) => Promise<R>
  formOf: (saved: R) => F
  onSaved: (saved: R) => void
}) {
  const { draft, setDraft, load } = useDraft(baseline)
  const [state, setState] = useState<SaveState>('idle')
  const checked = check(draft)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checked.ok) return
    const before = check(baseline)
    const patch = before.ok ? changedFields(before.value, checked.value) : checked.value
    await runSave(setState, async () => {
      const saved = await save(patch)
      load(formOf(saved))
      onSaved(saved)
    })
  }
  return {
    draft,
    setDraft,
    state,
    problems: checked.ok ? [] : checked.problems,
    canSave: checked.ok && !sameValue(draft, baseline) && state !== 'saving',
    submit,
  }
}
