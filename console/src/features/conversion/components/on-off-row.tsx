import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { leaveGuard } from '../../../lib/unsaved-changes'

/**
 * A list of things that can be edited below it and switched off and on: which one is being edited
 * (changing it asks before dropping unsaved edits), and switching, which asks first when switching off.
 */
export function useOnOffList<T extends { id: number; active: boolean }>({
  offQuestion,
  update,
  onUpdated,
}: {
  offQuestion: (item: T) => string
  update: (item: T, active: boolean) => Promise<unknown>
  onUpdated: () => void
}) {
  const [editing, setEditing] = useState<T | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  return {
    editing,
    setEditing,
    failure,
    edit: (item: T | null) => {
      if (leaveGuard.confirmLeave()) setEditing(item)
    },
    switchActive: async (item: T) => {
      if (item.active && !window.confirm(offQuestion(item))) return
      setFailure(null)
      try {
        await update(item, !item.active)
        onUpdated()
      } catch (error) {
        setFailure(errorMessage(error))
      }
    },
  }
}

/** The 编辑 and on/off buttons of one row. */
export function OnOffActions({ active, offLabel, onLabel, onEdit, onSwitch }: { active: boolean; offLabel: string; onLabel: string; onEdit: () => void; onSwitch: () => void }) {
  return (
    <>
      <button className="button button--link" type="button" onClick={onEdit}>
        编辑
      </button>
      <button className="button button--link" type="button" onClick={onSwitch}>
        {active ? offLabel : onLabel}
      </button>
    </>
  )
}

export function Failure({ message }: { message: string | null }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null
}
