import { useEffect, useState } from 'react'

export const LEAVE_PROMPT = '有未保存的修改，离开后将丢失。确定离开吗？'

/** Forms with edits not yet saved; navigation asks before it discards them. */
export function createLeaveGuard(confirm: (message: string) => boolean) {
  const dirtyForms = new Set<symbol>()
  return {
    hold(): () => void {
      const form = Symbol('dirty form')
      dirtyForms.add(form)
      return () => dirtyForms.delete(form)
    },
    hasUnsavedChanges: () => dirtyForms.size > 0,
    /** True when leaving is fine: nothing unsaved, or the admin agreed to discard it. */
    confirmLeave: () => dirtyForms.size === 0 || confirm(LEAVE_PROMPT),
  }
}

export const leaveGuard = createLeaveGuard((message) => window.confirm(message))

/** Closing or reloading the tab with unsaved edits brings up the browser's own prompt. */
export function guardTabClose(target: Window): void {
  target.addEventListener('beforeunload', (event) => {
    if (leaveGuard.hasUnsavedChanges()) event.preventDefault()
  })
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Marks the calling page as holding unsaved edits while `dirty` is true. */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => (dirty ? leaveGuard.hold() : undefined), [dirty])
}

/**
 * A form's values with the version last saved (or loaded): the form counts as dirty while they
 * differ, and `markSaved` makes the current values the new baseline.
 */
export function useDraft<T>(initial: T) {
  const [draft, setDraft] = useState(initial)
  const [saved, setSaved] = useState(initial)
  useUnsavedChanges(!sameValue(draft, saved))
  return {
    draft,
    setDraft,
    /** Loaded values replace both the draft and the baseline. */
    load: (value: T) => {
      setDraft(value)
      setSaved(value)
    },
    markSaved: (value: T = draft) => setSaved(value),
  }
}
