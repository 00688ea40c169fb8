import { errorMessage } from '@liuliang/ui/errors'

export type SaveState = 'idle' | 'saving' | 'saved' | { error: unknown }

/** What happened to the last save, under a form. */
export function SaveStatus({ state, saved = '已保存' }: { state: SaveState; saved?: string }) {
  if (typeof state === 'object') {
    return (
      <p className="form-error" role="alert">
        {errorMessage(state.error)}
      </p>
    )
  }
  if (state === 'saved') {
    return (
      <p className="notice" role="status">
        {saved}
      </p>
    )
  }
  return null
}

/** Runs a save, reporting its progress to `setState`; answers whether it succeeded. */
export async function runSave(setState: (state: SaveState) => void, save: () => Promise<unknown>): Promise<boolean> {
  setState('saving')
  try {
    await save()
    setState('saved')
    return true
  } catch (error) {
    setState({ error })
    return false
  }
}
