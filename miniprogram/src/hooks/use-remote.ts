import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../services/client'

export type RemoteState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T }

/**
 * Data a page shows, loaded whenever `key` changes (not while it is false or null) and on each
 * reload. With data on screen a failed reload keeps it (the http client toasts); otherwise the
 * page shows the error. `setState` lets a page show what an action returned without reloading.
 */
export function useRemote<T>(load: (options: { silent: boolean }) => Promise<T>, key: string | number | boolean | null = true) {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' })
  const stateRef = useRef(state)
  stateRef.current = state
  const loadRef = useRef(load)
  loadRef.current = load
  // Only the latest request may set state: a reload can overtake an earlier one.
  const latest = useRef(0)

  const reload = useCallback(async () => {
    const request = ++latest.current
    const shown = stateRef.current.status === 'ready'
    if (!shown) setState({ status: 'loading' })
    try {
      const data = await loadRef.current({ silent: !shown })
      if (request === latest.current) setState({ status: 'ready', data })
    } catch (error) {
      if (request === latest.current && !shown) setState({ status: 'error', message: errorMessage(error) })
    }
  }, [])

  useEffect(() => {
    if (key !== false && key !== null) void reload()
    else setState({ status: 'loading' })
  }, [key, reload])

  return { state, reload, setState }
}
